import type { FilterField } from "@/components/data-table/filters";
import { VM_TYPE } from "@/lib/vocabulary";

// The VM filterset (src/server/virtual-machines/filterset.ts) as the filter panel offers it. The page
// forwards only these keys, so every filter REST accepts on a VM list that a person would use is here.

const RELATION = ["exact", "n"] as const;

export function vmFields(endpoints: { value: string; label: string }[]): FilterField[] {
  return [
    { key: "name", label: "Name", kind: "string" },
    { key: "vmid", label: "VMID", kind: "int" },
    {
      key: "type",
      label: "Type",
      kind: "choice",
      options: Object.entries(VM_TYPE).map(([value, label]) => ({ value, label })),
      lookups: ["exact", "n"],
    },
    { key: "status", label: "Status", kind: "string" },
    { key: "endpoint_id", label: "Endpoint", kind: "relation", options: endpoints, lookups: RELATION },
    // `node_name` is the text Proxmox reported; `node` / `node_id` the node row it is linked to.
    { key: "node_name", label: "Node name", kind: "string" },
    { key: "node", label: "Node", kind: "string", lookups: RELATION },
    { key: "node_id", label: "Node (ID)", kind: "relation", lookups: RELATION },
    { key: "tags", label: "Tags", kind: "string" },
    { key: "pool", label: "Pool", kind: "string" },
    {
      key: "replication_count",
      label: "Replications",
      kind: "int",
      lookups: ["exact", "n", "gt", "gte", "lt", "lte"],
    },
    { key: "template", label: "Template", kind: "boolean" },
    // An active, enabled job not scheduled for removal (the coverage page's rule).
    { key: "replicated", label: "Replicated", kind: "boolean" },
    { key: "ha_managed", label: "HA-managed", kind: "boolean" },
    { key: "ha_state", label: "HA state", kind: "string" },
    { key: "ha_group", label: "HA group", kind: "string" },
  ];
}

export const VM_FILTER_FIELDS_NO_OPTIONS = vmFields([]);
