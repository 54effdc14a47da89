import { z } from "zod";
import { VM_TYPE } from "@/lib/vocabulary";
import type { NodeRow } from "@/server/nodes/service";
import type { StorageRow } from "@/server/storage/service";
import { isReplicated, type VirtualMachineRow } from "@/server/virtual-machines/service";
import { choice, isoDateTime } from "../representation";
import type { UrlBuilder } from "../urls";
import { choiceSchema, dateTime, nestedEndpointSchema, nestedNodeSchema } from "./common";

// What the sync inventories besides replications: guests, nodes and storages.

type NestedNodeInput = { id: number; name: string; online: boolean; nodeId: number | null } | null;

export function nestedNode(node: NestedNodeInput, url: UrlBuilder) {
  if (!node) return null;
  return {
    id: node.id,
    url: url("nodes", node.id),
    display: node.name,
    name: node.name,
    node_id: node.nodeId,
    online: node.online,
  };
}

export function nestedEndpoint(e: { id: number; name: string }, url: UrlBuilder) {
  return { id: e.id, url: url("endpoints", e.id), display: e.name, name: e.name };
}

export const virtualMachineSchema = z
  .object({
    id: z.int(),
    url: z.url(),
    display: z.string(),
    endpoint: nestedEndpointSchema,
    vmid: z.int(),
    name: z.string().nullable(),
    type: choiceSchema(["qemu", "lxc"]),
    node: nestedNodeSchema.nullable(),
    node_name: z.string().nullable(),
    status: z.string(),
    template: z.boolean(),
    tags: z.string().nullable(),
    pool: z.string().nullable(),
    replication_count: z.int(),
    replicated: z.boolean().meta({
      description: "Has at least one active, enabled replication job not scheduled for removal",
    }),
    ha_state: z.string().nullable().meta({
      description: "HA resource state (started, stopped, …) at the last sync; null: not HA-managed",
    }),
    ha_group: z.string().nullable(),
    created: dateTime,
    last_updated: dateTime,
  })
  .meta({ id: "VirtualMachine" });

export function serializeVirtualMachine(
  vm: VirtualMachineRow,
  url: UrlBuilder,
): z.output<typeof virtualMachineSchema> {
  return {
    id: vm.id,
    url: url("virtual-machines", vm.id),
    display: vm.name ?? `VM ${vm.vmid}`,
    endpoint: nestedEndpoint(vm.endpoint, url),
    vmid: vm.vmid,
    name: vm.name,
    type: choice(VM_TYPE, vm.type),
    node: nestedNode(vm.node, url),
    node_name: vm.nodeName,
    status: vm.status,
    template: vm.template,
    tags: vm.tags,
    pool: vm.pool,
    replication_count: vm._count.replications,
    replicated: isReplicated(vm),
    ha_state: vm.haState,
    ha_group: vm.haGroup,
    created: isoDateTime(vm.created),
    last_updated: isoDateTime(vm.lastUpdated),
  };
}

export const nodeSchema = z
  .object({
    id: z.int(),
    url: z.url(),
    display: z.string(),
    endpoint: nestedEndpointSchema,
    name: z.string(),
    status: z.string(),
    online: z.boolean(),
    node_id: z.int().nullable(),
    ip: z.string().nullable(),
    ssl_fingerprint: z.string().nullable(),
    level: z.string().nullable(),
    timezone: z.string().nullable(),
    virtual_machine_count: z.int(),
    replication_count: z.int().meta({ description: "Replications targeting this node" }),
    created: dateTime,
    last_updated: dateTime,
  })
  .meta({ id: "ProxmoxNode" });

export function serializeNode(n: NodeRow, url: UrlBuilder): z.output<typeof nodeSchema> {
  return {
    id: n.id,
    url: url("nodes", n.id),
    display: n.name,
    endpoint: nestedEndpoint(n.endpoint, url),
    name: n.name,
    status: n.status,
    online: n.online,
    node_id: n.nodeId,
    ip: n.ip,
    ssl_fingerprint: n.sslFingerprint,
    level: n.level,
    timezone: n.timezone,
    virtual_machine_count: n._count.vms,
    replication_count: n._count.replications,
    created: isoDateTime(n.created),
    last_updated: isoDateTime(n.lastUpdated),
  };
}

export const storageSchema = z
  .object({
    id: z.int(),
    url: z.url(),
    display: z.string(),
    endpoint: nestedEndpointSchema,
    node: nestedNodeSchema.nullable(),
    node_name: z.string(),
    storage: z.string(),
    plugin_type: z.string().nullable(),
    shared: z.boolean(),
    content: z.string().nullable(),
    status: z.string().nullable(),
    created: dateTime,
    last_updated: dateTime,
  })
  .meta({ id: "Storage" });

export function serializeStorage(s: StorageRow, url: UrlBuilder): z.output<typeof storageSchema> {
  return {
    id: s.id,
    url: url("storage", s.id),
    display: `${s.nodeName}/${s.storage}`,
    endpoint: nestedEndpoint(s.endpoint, url),
    node: nestedNode(s.node, url),
    node_name: s.nodeName,
    storage: s.storage,
    plugin_type: s.pluginType,
    shared: s.shared,
    content: s.content,
    status: s.status,
    created: isoDateTime(s.created),
    last_updated: isoDateTime(s.lastUpdated),
  };
}
