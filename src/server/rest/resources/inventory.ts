import { loadNodes, type NodeRow, nodeFilterSet } from "@/server/nodes/service";
import { loadStorages, type StorageRow, storageFilterSet } from "@/server/storage/service";
import { virtualMachineFilterSet } from "@/server/virtual-machines/filterset";
import { loadVirtualMachines, type VirtualMachineRow } from "@/server/virtual-machines/service";
import type { RestResource } from "../resource";
import {
  nodeSchema,
  serializeNode,
  serializeStorage,
  serializeVirtualMachine,
  storageSchema,
  virtualMachineSchema,
} from "../serializers/inventory";

// Read-only inventory resources: the sync owns these rows.

export const virtualMachineResource: RestResource<VirtualMachineRow> = {
  path: "virtual-machines",
  model: "VirtualMachine",
  description: "QEMU virtual machines and LXC containers found on the endpoints (read-only)",
  filterSet: virtualMachineFilterSet,
  load: loadVirtualMachines,
  serialize: (row, ctx) => serializeVirtualMachine(row, ctx.url),
  briefFields: ["id", "url", "display", "name", "vmid"],
  schema: virtualMachineSchema,
  lastUpdated: (row) => row.lastUpdated,
};

export const nodeResource: RestResource<NodeRow> = {
  path: "nodes",
  model: "ProxmoxNode",
  description: "Proxmox VE cluster nodes (read-only)",
  filterSet: nodeFilterSet,
  load: loadNodes,
  serialize: (row, ctx) => serializeNode(row, ctx.url),
  briefFields: ["id", "url", "display", "name", "online"],
  schema: nodeSchema,
  lastUpdated: (row) => row.lastUpdated,
};

export const storageResource: RestResource<StorageRow> = {
  path: "storage",
  model: "Storage",
  description: "Storages per node (read-only)",
  filterSet: storageFilterSet,
  load: loadStorages,
  serialize: (row, ctx) => serializeStorage(row, ctx.url),
  briefFields: ["id", "url", "display", "storage", "node_name"],
  schema: storageSchema,
  lastUpdated: (row) => row.lastUpdated,
};
