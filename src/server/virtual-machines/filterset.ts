import { Prisma } from "@/generated/prisma/client";
import { VM_TYPE } from "@/lib/vocabulary";
import { REPLICATED_SQL } from "@/server/coverage/service";
import { columnsOf, type FilterSetDef } from "@/server/filters";
import {
  ENDPOINT_NAME,
  endpointRelation,
  NODE_NAME,
  nodeRelation,
  sortable,
} from "@/server/inventory/reader";

// The one VM filterset: REST (/api/plugins/proxbox/virtual-machines/), tRPC and the /virtual-machines
// page read a query string the same way. As in NetBox, `node` / `node_id` is the relation (the node
// row, by name or id) and `node_name` the text Proxmox reported, with every text lookup.

const c = columnsOf("vm");
const REPLICATION_COUNT = Prisma.raw(
  "(SELECT count(*)::int FROM replication r WHERE r.virtual_machine_id = vm.id)",
);
// The coverage report's rule (src/server/coverage/service.ts): an active, enabled job not scheduled
// for removal. A guest with only disabled, stale or removal-scheduled jobs is not replicated.
const REPLICATED = Prisma.raw(`(${REPLICATED_SQL})`);
// HA-managed: listed in /cluster/ha/resources at the last read (the sync stores its state there).
const HA_MANAGED = Prisma.raw("(vm.ha_state IS NOT NULL)");

export const virtualMachineFilterSet: FilterSetDef = {
  from: Prisma.sql`virtual_machine vm
    JOIN proxmox_endpoint e ON e.id = vm.endpoint_id
    LEFT JOIN proxmox_node pn ON pn.id = vm.node_id`,
  id: c.col("id"),
  fields: {
    id: c.int("id"),
    vmid: c.int("vmid"),
    name: c.text("name"),
    type: c.choice("type", VM_TYPE),
    node_name: c.text("node_name"),
    status: c.text("status"),
    template: c.bool("template"),
    tags: c.text("tags"),
    pool: c.text("pool"),
    replication_count: { kind: "int", sql: REPLICATION_COUNT },
    replicated: { kind: "boolean", sql: REPLICATED },
    ha_managed: { kind: "boolean", sql: HA_MANAGED },
    ha_state: c.text("ha_state"),
    ha_group: c.text("ha_group"),
    created: c.time("created"),
    last_updated: c.time("last_updated"),
  },
  relations: { endpoint: endpointRelation(c), node: nodeRelation(c) },
  search: (p) =>
    Prisma.sql`(vm.name ILIKE ${p} OR vm.vmid::text ILIKE ${p} OR vm.node_name ILIKE ${p}
      OR vm.tags ILIKE ${p} OR vm.pool ILIKE ${p})`,
  ordering: {
    ...sortable(c, "id", "vmid", "name", "node_name", "status", "template", "tags", "pool"),
    ...sortable(c, "created", "last_updated"),
    type: [Prisma.raw("vm.type::text")],
    node: [NODE_NAME],
    endpoint: [ENDPOINT_NAME],
    replication_count: [REPLICATION_COUNT],
    replicated: [REPLICATED],
    ha_state: [c.col("ha_state")],
  },
  // Guests per cluster in VMID order, as Proxmox lists them (the list page has always shown this order).
  defaultOrdering: ["endpoint", "vmid"],
};
