import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { VM_TYPE } from "@/lib/vocabulary";
import { db } from "@/server/db/client";
import { type FilterSetDef, filterPage, inIdOrder, type ScalarFilter } from "@/server/filters";

// Virtual machines as the UI lists them: the same NetBox filter language as replications (q, name__ic,
// endpoint_id, type, status, ordering=-replication_count …) through the shared filterset engine.

const col = (name: string) => Prisma.raw(`v.${name}`);
const text = (sql: string): ScalarFilter => ({ kind: "string", sql: Prisma.raw(sql) });
const REPLICATION_COUNT = Prisma.raw(
  "(SELECT count(*) FROM replication r WHERE r.virtual_machine_id = v.id)",
);

export const virtualMachineFilterSet: FilterSetDef = {
  from: Prisma.sql`virtual_machine v JOIN proxmox_endpoint e ON e.id = v.endpoint_id`,
  id: col("id"),
  fields: {
    id: { kind: "int", sql: col("id") },
    name: text("v.name"),
    vmid: { kind: "int", sql: col("vmid") },
    type: { kind: "choice", sql: Prisma.raw("v.type::text"), choices: Object.keys(VM_TYPE) },
    node: text("v.node_name"),
    status: text("v.status"),
    template: { kind: "boolean", sql: col("template") },
    pool: text("v.pool"),
    tags: text("v.tags"),
    replication_count: { kind: "int", sql: REPLICATION_COUNT },
  },
  relations: {
    endpoint: {
      idSql: col("endpoint_id"),
      nameSql: Prisma.raw("e.name"),
      table: "proxmox_endpoint",
      nameColumn: "name",
    },
  },
  search: (p) => Prisma.sql`(v.name ILIKE ${p} OR v.vmid::text ILIKE ${p} OR v.node_name ILIKE ${p})`,
  ordering: {
    id: [col("id")],
    name: [col("name")],
    vmid: [col("vmid")],
    type: [Prisma.raw("v.type::text")],
    node: [col("node_name")],
    status: [col("status")],
    endpoint: [Prisma.raw("e.name")],
    replication_count: [REPLICATION_COUNT],
  },
  defaultOrdering: ["endpoint", "vmid"],
};

export const vmListInput = z.object({
  query: z.string().max(100_000).default(""),
  limit: z.number().int().min(1).max(1000).default(50),
  offset: z.number().int().min(0).default(0),
});

const vmListSelect = {
  id: true,
  vmid: true,
  name: true,
  type: true,
  nodeName: true,
  status: true,
  template: true,
  endpoint: { select: { id: true, name: true } },
  node: { select: { id: true, name: true } },
  _count: { select: { replications: true } },
} satisfies Prisma.VirtualMachineSelect;

export type VirtualMachineListRow = Prisma.VirtualMachineGetPayload<{ select: typeof vmListSelect }>;

export async function listVirtualMachines(input: z.input<typeof vmListInput>) {
  const { query, limit, offset } = vmListInput.parse(input);
  const page = await filterPage(db, virtualMachineFilterSet, query, "ui", { limit, offset });
  const rows =
    page.ids.length === 0
      ? []
      : inIdOrder(
          page.ids,
          await db.virtualMachine.findMany({ where: { id: { in: page.ids } }, select: vmListSelect }),
        );
  return { count: page.count, rows, errors: page.errors };
}

const vmDetailSelect = {
  ...vmListSelect,
  tags: true,
  pool: true,
  raw: true,
  created: true,
  lastUpdated: true,
  endpoint: { select: { id: true, name: true, clusterName: true, timezone: true } },
} satisfies Prisma.VirtualMachineSelect;

export type VirtualMachineDetail = Prisma.VirtualMachineGetPayload<{ select: typeof vmDetailSelect }>;

export async function getVirtualMachine(id: number): Promise<VirtualMachineDetail | null> {
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
  return db.virtualMachine.findUnique({ where: { id }, select: vmDetailSelect });
}

/** Health counts of a VM's replications, worst first, for the detail page's summary. */
export async function virtualMachineHealth(id: number): Promise<Record<string, number>> {
  const rows = await db.replication.groupBy({
    by: ["health"],
    where: { virtualMachineId: id },
    _count: true,
  });
  return Object.fromEntries(rows.map((r) => [r.health, r._count]));
}
