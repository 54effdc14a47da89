import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db/client";
import { columnsOf, type FilterSetDef } from "@/server/filters";
import { ENDPOINT_NAME, endpointRelation, rowsById, sortable } from "@/server/inventory/reader";

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
  relations: { endpoint: endpointRelation(c) },
  search: (p) => Prisma.sql`(pn.name ILIKE ${p} OR pn.ip ILIKE ${p})`,
  ordering: {
    ...sortable(c, "id", "name", "status", "online", "node_id", "created", "last_updated"),
    endpoint: [ENDPOINT_NAME],
  },
  defaultOrdering: ["endpoint", "name"],
};

const nodeSelect = {
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

export const loadNodes = rowsById((where) => db.proxmoxNode.findMany({ where, select: nodeSelect }));
