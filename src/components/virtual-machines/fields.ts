import type { FilterField } from "@/components/data-table/filters";
import { VM_TYPE } from "@/lib/vocabulary";

// The VM filterset (src/server/virtual-machines/ui-service.ts) as the filter panel offers it.

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
    { key: "node", label: "Node", kind: "string" },
    { key: "status", label: "Status", kind: "string" },
    { key: "endpoint_id", label: "Endpoint", kind: "relation", options: endpoints },
    {
      key: "replication_count",
      label: "Replications",
      kind: "int",
      lookups: ["exact", "n", "gt", "gte", "lt", "lte"],
    },
    { key: "template", label: "Template", kind: "boolean" },
  ];
}

export const VM_FILTER_FIELDS_NO_OPTIONS = vmFields([]);
