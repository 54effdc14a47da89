import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db/client";
import { columnsOf, type FilterSetDef } from "@/server/filters";
import {
  ENDPOINT_NAME,
  endpointRelation,
  NODE_NAME,
  nodeRelation,
  rowsById,
  sortable,
} from "@/server/inventory/reader";

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
  relations: { endpoint: endpointRelation(c), node: nodeRelation(c) },
  search: (p) => Prisma.sql`(s.storage ILIKE ${p} OR s.node_name ILIKE ${p} OR s.plugin_type ILIKE ${p}
    OR s.content ILIKE ${p})`,
  ordering: {
    ...sortable(
      c,
      "id",
      "storage",
      "node_name",
      "plugin_type",
      "shared",
      "status",
      "created",
      "last_updated",
    ),
    endpoint: [ENDPOINT_NAME],
    node: [NODE_NAME],
  },
  defaultOrdering: ["endpoint", "node_name", "storage"],
};

const storageSelect = {
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

export const loadStorages = rowsById((where) => db.storage.findMany({ where, select: storageSelect }));
