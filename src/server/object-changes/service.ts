import { Prisma } from "@/generated/prisma/client";
import { CHANGE_ACTION } from "@/lib/vocabulary";
import { db } from "@/server/db/client";
import { reader } from "@/server/db/reader";
import { columnsOf, type FilterSetDef, type ListInput, listPage } from "@/server/filters";
import { rowsById } from "@/server/inventory/reader";

// The change log for reading: NetBox's ObjectChange list and its filters (§7).

const c = columnsOf("oc");

export const objectChangeFilterSet: FilterSetDef = {
  from: Prisma.sql`object_change oc LEFT JOIN "user" u ON u.id = oc.user_id`,
  id: c.col("id"),
  fields: {
    id: c.int("id"),
    time: c.time("time"),
    user_name: c.text("user_name"),
    request_id: c.uuid("request_id"),
    action: c.choice("action", CHANGE_ACTION),
    changed_object_type: c.text("changed_object_type"),
    changed_object_id: c.int("changed_object_id"),
    related_object_type: c.text("related_object_type"),
    related_object_id: c.int("related_object_id"),
    object_repr: c.text("object_repr"),
    message: c.text("message"),
  },
  relations: {
    user: {
      idSql: c.col("user_id"),
      nameSql: Prisma.raw("u.username"),
      table: "user",
      nameColumn: "username",
    },
  },
  // NetBox's DateTimeFromToRangeFilter on `time`.
  custom: {
    time_after: { kind: "datetime", toSql: (v) => Prisma.sql`oc.time >= ${timestamp(v)}::timestamp` },
    time_before: { kind: "datetime", toSql: (v) => Prisma.sql`oc.time <= ${timestamp(v)}::timestamp` },
  },
  search: (p) => Prisma.sql`(oc.user_name ILIKE ${p} OR oc.object_repr ILIKE ${p} OR oc.message ILIKE ${p})`,
  ordering: {
    id: [c.col("id")],
    time: [c.col("time")],
    user_name: [c.col("user_name")],
    action: [Prisma.raw("oc.action::text")],
    changed_object_type: [c.col("changed_object_type")],
    changed_object_id: [c.col("changed_object_id")],
    object_repr: [c.col("object_repr")],
  },
  defaultOrdering: ["-time", "-id"],
};

function timestamp(value: unknown): string {
  return typeof value === "object" && value !== null && "timestamp" in value
    ? String(value.timestamp)
    : String(value);
}

const objectChangeSelect = {
  id: true,
  time: true,
  userName: true,
  requestId: true,
  action: true,
  changedObjectType: true,
  changedObjectId: true,
  relatedObjectType: true,
  relatedObjectId: true,
  objectRepr: true,
  message: true,
  prechangeData: true,
  postchangeData: true,
  user: { select: { id: true, username: true } },
} satisfies Prisma.ObjectChangeSelect;
export type ObjectChangeRow = Prisma.ObjectChangeGetPayload<{ select: typeof objectChangeSelect }>;

export const loadObjectChanges = rowsById((where) =>
  db.objectChange.findMany({ where, select: objectChangeSelect }),
);

/** UI/tRPC list, e.g. query "changed_object_type=proxbox.replication&changed_object_id=12". */
export async function listObjectChanges(input: ListInput) {
  return listPage(reader, objectChangeFilterSet, input, loadObjectChanges);
}
