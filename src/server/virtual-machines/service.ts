import { Prisma } from "@/generated/prisma/client";
import { VM_TYPE } from "@/lib/vocabulary";
import { db } from "@/server/db/client";
import { columnsOf, type FilterSetDef, inIdOrder, type ListInput, listPage } from "@/server/filters";

// Guests (QEMU VMs and LXC containers) as the sync stores them; read-only everywhere.

const c = columnsOf("vm");

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
  search: (p) =>
    Prisma.sql`(vm.name ILIKE ${p} OR vm.vmid::text ILIKE ${p} OR vm.tags ILIKE ${p} OR vm.pool ILIKE ${p})`,
  ordering: {
    id: [c.col("id")],
    vmid: [c.col("vmid")],
    name: [c.col("name")],
    type: [Prisma.raw("vm.type::text")],
    status: [c.col("status")],
    node: [Prisma.raw("pn.name")],
    node_name: [c.col("node_name")],
    endpoint: [Prisma.raw("e.name")],
    created: [c.col("created")],
    last_updated: [c.col("last_updated")],
  },
  defaultOrdering: ["name"],
};

export const virtualMachineSelect = {
  id: true,
  vmid: true,
  name: true,
  type: true,
  nodeName: true,
  status: true,
  template: true,
  tags: true,
  pool: true,
  created: true,
  lastUpdated: true,
  endpoint: { select: { id: true, name: true } },
  node: { select: { id: true, name: true, online: true, nodeId: true } },
  _count: { select: { replications: true } },
} satisfies Prisma.VirtualMachineSelect;
export type VirtualMachineRow = Prisma.VirtualMachineGetPayload<{ select: typeof virtualMachineSelect }>;

export async function loadVirtualMachines(ids: number[]): Promise<VirtualMachineRow[]> {
  if (ids.length === 0) return [];
  return inIdOrder(
    ids,
    await db.virtualMachine.findMany({ where: { id: { in: ids } }, select: virtualMachineSelect }),
  );
}

/** UI/tRPC list: same query language as GET /api/plugins/proxbox/virtual-machines/. */
export async function listVirtualMachines(input: ListInput) {
  return listPage(db, virtualMachineFilterSet, input, loadVirtualMachines);
}

export async function getVirtualMachine(id: number): Promise<VirtualMachineRow | null> {
  return (await loadVirtualMachines([id]))[0] ?? null;
}
