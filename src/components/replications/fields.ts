import type { FilterField, FilterOption } from "@/components/data-table/filters";
import {
  HEALTH_LABELS,
  HEALTH_STATES,
  REPLICATION_JOB_TYPE,
  REPLICATION_REMOVE_JOB,
  REPLICATION_STATUS,
} from "@/lib/vocabulary";

// The replication filterset as the filter panel offers it: REST parameter names and labels, one per
// field of src/server/replications/filterset.ts.

const HEALTH_OPTIONS: FilterOption[] = HEALTH_STATES.map((s) => ({ value: s, label: HEALTH_LABELS[s] }));
const optionsOf = (choices: Record<string, string>): FilterOption[] =>
  Object.entries(choices).map(([value, label]) => ({ value, label }));
// Related objects filter by id or by name, exact or negated only (NetBox's to_field_name filters).
const byName = (key: string, label: string): FilterField => ({
  key,
  label,
  kind: "string",
  lookups: ["exact", "n"],
});

export function replicationFilterFields(endpoints: FilterOption[]): FilterField[] {
  return [
    { key: "replication_id", label: "Replication ID", kind: "string" },
    { key: "health", label: "Health", kind: "choice", options: HEALTH_OPTIONS, lookups: ["exact", "n"] },
    {
      key: "status",
      label: "Status",
      kind: "choice",
      options: optionsOf(REPLICATION_STATUS),
      lookups: ["exact", "n"],
    },
    { key: "endpoint_id", label: "Endpoint", kind: "relation", options: endpoints, lookups: ["exact", "n"] },
    byName("endpoint", "Endpoint name"),
    { key: "virtual_machine_id", label: "Virtual machine (ID)", kind: "relation", lookups: ["exact", "n"] },
    byName("virtual_machine", "Virtual machine name"),
    { key: "guest", label: "Guest (VMID)", kind: "int" },
    { key: "jobnum", label: "Job number", kind: "int" },
    { key: "source", label: "Source node", kind: "string" },
    { key: "target", label: "Target node", kind: "string" },
    { key: "proxmox_node_id", label: "Target node (ID)", kind: "relation", lookups: ["exact", "n"] },
    { key: "schedule", label: "Schedule", kind: "string" },
    { key: "rate", label: "Rate", kind: "float", unit: "MB/s" },
    { key: "disable", label: "Disabled", kind: "boolean" },
    {
      key: "remove_job",
      label: "Remove job",
      kind: "choice",
      options: optionsOf(REPLICATION_REMOVE_JOB),
    },
    { key: "comment", label: "Comment", kind: "string" },
    {
      key: "job_type",
      label: "Type",
      kind: "choice",
      options: optionsOf(REPLICATION_JOB_TYPE),
      lookups: ["exact", "n"],
    },
    { key: "last_sync", label: "Last sync", kind: "datetime" },
    { key: "last_try", label: "Last try", kind: "datetime" },
    { key: "next_sync", label: "Next sync", kind: "datetime" },
    { key: "overdue", label: "Overdue", kind: "boolean" },
    { key: "stuck", label: "Stuck", kind: "boolean" },
    { key: "alerting", label: "Open alert", kind: "boolean" },
    { key: "overdue_at", label: "Overdue at", kind: "datetime" },
    { key: "stuck_at", label: "Stuck at", kind: "datetime" },
    { key: "expected_interval", label: "Expected interval", kind: "int", unit: "s" },
    { key: "duration", label: "Duration", kind: "float", unit: "s" },
    { key: "fail_count", label: "Fail count", kind: "int" },
    { key: "error", label: "Error", kind: "string" },
    { key: "id", label: "ID", kind: "int" },
    { key: "created", label: "Created", kind: "datetime" },
    { key: "last_updated", label: "Last updated", kind: "datetime" },
  ];
}

/** Stable field list before the endpoint names have loaded (same keys, so the URL state is the same). */
export const REPLICATION_FILTER_FIELDS_NO_OPTIONS = replicationFilterFields([]);
