import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db/client";
import { reader } from "@/server/db/reader";
import { type ListInput, listPage } from "@/server/filters";
import { rowsById } from "@/server/inventory/reader";
import { virtualMachineFilterSet } from "./filterset";

// Guests (QEMU VMs and LXC containers) as the sync stores them, read-only. One service for every door:
// REST, tRPC and the pages all list through virtualMachineFilterSet and load virtualMachineSelect.

/** A row of any list: the REST representation and the UI table read the same fields. */
const virtualMachineSelect = {
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
  haState: true,
  haGroup: true,
  _count: { select: { replications: true } },
  // At most one: whether the guest is replicated (the `replicated` filter's rule), not the jobs.
  replications: {
    where: { status: "active", disable: false, removeJob: null },
    select: { id: true },
    take: 1,
  },
} satisfies Prisma.VirtualMachineSelect;
export type VirtualMachineRow = Prisma.VirtualMachineGetPayload<{ select: typeof virtualMachineSelect }>;

/** The detail page also shows the raw Proxmox resource (too large for list rows) and the cluster name. */
const virtualMachineDetailSelect = {
  ...virtualMachineSelect,
  raw: true,
  endpoint: { select: { id: true, name: true, clusterName: true } },
} satisfies Prisma.VirtualMachineSelect;
export type VirtualMachineDetail = Prisma.VirtualMachineGetPayload<{
  select: typeof virtualMachineDetailSelect;
}>;

export const loadVirtualMachines = rowsById((where) =>
  db.virtualMachine.findMany({ where, select: virtualMachineSelect }),
);

/** UI/tRPC list: invalid values are dropped and reported, as NetBox's list views do. */
export async function listVirtualMachines(input: ListInput) {
  return listPage(reader, virtualMachineFilterSet, input, loadVirtualMachines);
}

/** The `replicated` filter's rule for a loaded row: an active, enabled job not scheduled for removal. */
export const isReplicated = (vm: Pick<VirtualMachineRow, "replications">) => vm.replications.length > 0;

export async function getVirtualMachine(id: number): Promise<VirtualMachineDetail | null> {
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
  return db.virtualMachine.findUnique({ where: { id }, select: virtualMachineDetailSelect });
}

/** Health counts of a VM's replications, for the detail page's summary. */
export async function virtualMachineHealth(id: number): Promise<Record<string, number>> {
  const rows = await db.replication.groupBy({
    by: ["health"],
    where: { virtualMachineId: id },
    _count: true,
  });
  return Object.fromEntries(rows.map((r) => [r.health, r._count]));
}
