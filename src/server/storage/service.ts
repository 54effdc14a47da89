import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db/client";
import { columnsOf, type FilterSetDef, inIdOrder, type ListInput, listPage } from "@/server/filters";

// Storages as each node reports them (ZFS pools are what replication needs); read-only.

const c = columnsOf("s");

export const storageFilterSet: FilterSetDef = {
  from: Prisma.sql`storage s
    JOIN proxmox_endpoint e ON e.id = s.endpoint_id
    LEFT JOIN proxmox_node pn ON pn.id = s.node_id`,
  id: c.col("id"),
  fields: {
    id: c.int("id"),
    storage: c.text("storage"),
    node_name: c.text("node_name"),
    plugin_type: c.text("plugin_type"),
    shared: c.bool("shared"),
    content: c.text("content"),
    status: c.text("status"),
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
    node: {
      idSql: c.col("node_id"),
      nameSql: Prisma.raw("pn.name"),
      table: "proxmox_node",
      nameColumn: "name",
    },
  },
  search: (p) => Prisma.sql`(s.storage ILIKE ${p} OR s.node_name ILIKE ${p} OR s.plugin_type ILIKE ${p}
    OR s.content ILIKE ${p})`,
  ordering: {
    id: [c.col("id")],
    storage: [c.col("storage")],
    node_name: [c.col("node_name")],
    plugin_type: [c.col("plugin_type")],
    shared: [c.col("shared")],
    status: [c.col("status")],
    endpoint: [Prisma.raw("e.name")],
    node: [Prisma.raw("pn.name")],
    created: [c.col("created")],
    last_updated: [c.col("last_updated")],
  },
  defaultOrdering: ["endpoint", "node_name", "storage"],
};

export const storageSelect = {
  id: true,
  storage: true,
  nodeName: true,
  pluginType: true,
  shared: true,
  content: true,
  status: true,
  created: true,
  lastUpdated: true,
  endpoint: { select: { id: true, name: true } },
  node: { select: { id: true, name: true, online: true, nodeId: true } },
} satisfies Prisma.StorageSelect;
export type StorageRow = Prisma.StorageGetPayload<{ select: typeof storageSelect }>;

export async function loadStorages(ids: number[]): Promise<StorageRow[]> {
  if (ids.length === 0) return [];
  return inIdOrder(ids, await db.storage.findMany({ where: { id: { in: ids } }, select: storageSelect }));
}

export async function listStorages(input: ListInput) {
  return listPage(db, storageFilterSet, input, loadStorages);
}

export async function getStorage(id: number): Promise<StorageRow | null> {
  return (await loadStorages([id]))[0] ?? null;
}
