import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db/client";
import { columnsOf, type FilterSetDef, inIdOrder, type ListInput, listPage } from "@/server/filters";

// Proxmox nodes per endpoint (names are unique per endpoint only); read-only.

const c = columnsOf("pn");

export const nodeFilterSet: FilterSetDef = {
  from: Prisma.sql`proxmox_node pn JOIN proxmox_endpoint e ON e.id = pn.endpoint_id`,
  id: c.col("id"),
  fields: {
    id: c.int("id"),
    name: c.text("name"),
    status: c.text("status"),
    online: c.bool("online"),
    node_id: c.int("node_id"),
    ip: c.text("ip"),
    level: c.text("level"),
    timezone: c.text("timezone"),
    created: c.time("created"),
    last_updated: c.time("last_updated"),
  },
  relations: {
    endpoint: {
      idSql: c.col("endpoint_id"),
      nameSql: Prisma.raw("e.name"),
      table: "proxmox_endpoint",
      nameColumn: "name",
    },
  },
  search: (p) => Prisma.sql`(pn.name ILIKE ${p} OR pn.ip ILIKE ${p})`,
  ordering: {
    id: [c.col("id")],
    name: [c.col("name")],
    status: [c.col("status")],
    online: [c.col("online")],
    node_id: [c.col("node_id")],
    endpoint: [Prisma.raw("e.name")],
    created: [c.col("created")],
    last_updated: [c.col("last_updated")],
  },
  defaultOrdering: ["endpoint", "name"],
};

export const nodeSelect = {
  id: true,
  name: true,
  status: true,
  online: true,
  nodeId: true,
  ip: true,
  sslFingerprint: true,
  level: true,
  timezone: true,
  created: true,
  lastUpdated: true,
  endpoint: { select: { id: true, name: true } },
  _count: { select: { vms: true, replications: true } },
} satisfies Prisma.ProxmoxNodeSelect;
export type NodeRow = Prisma.ProxmoxNodeGetPayload<{ select: typeof nodeSelect }>;

export async function loadNodes(ids: number[]): Promise<NodeRow[]> {
  if (ids.length === 0) return [];
  return inIdOrder(ids, await db.proxmoxNode.findMany({ where: { id: { in: ids } }, select: nodeSelect }));
}

export async function listNodes(input: ListInput) {
  return listPage(db, nodeFilterSet, input, loadNodes);
}

export async function getNode(id: number): Promise<NodeRow | null> {
  return (await loadNodes([id]))[0] ?? null;
}
