import { stringify } from "csv-stringify/sync";
import {
  HEALTH_LABELS,
  REPLICATION_JOB_TYPE,
  REPLICATION_REMOVE_JOB,
  REPLICATION_STATUS,
} from "@/lib/vocabulary";
import { reader } from "@/server/db/reader";
import { filterPage } from "@/server/filters";
import { replicationFilterSet } from "./filterset";
import { loadListRows } from "./load";
import { type ReplicationListItem, withRecoveryPoint } from "./rows";

// NetBox's "Export → Current View": the visible columns, every row matching the filters (not just the
// page), headers as the table shows them. Values are plain text: names for related objects, labels
// for choices, ISO timestamps, True/False for booleans (as django-tables2 renders them).
//
// Text cells come from Proxmox and users (a job comment, an error message): a cell starting with
// = + - @ TAB or CR (or their full-width forms) would run as a formula in a spreadsheet, so csv-stringify's
// escape_formulas prefixes it with ' (OWASP "CSV Injection"). Typed numbers (ids, counts, a negative
// fail count) are exempt: the library leaves JS numbers alone, and a number is never a formula.

type Cell = string | number | null;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const bool = (b: boolean) => (b ? "True" : "False");
const label = (choices: Record<string, string>, v: string | null) => (v === null ? null : (choices[v] ?? v));

const REPLICATION_COLUMNS: Record<string, { label: string; value: (r: ReplicationListItem) => Cell }> = {
  id: { label: "ID", value: (r) => r.id },
  replication_id: { label: "Replication ID", value: (r) => r.replicationId },
  endpoint: { label: "Endpoint", value: (r) => r.endpoint.name },
  virtual_machine: { label: "Virtual Machine", value: (r) => r.virtualMachine?.name ?? null },
  proxmox_node: { label: "Proxmox Node", value: (r) => r.proxmoxNode?.name ?? null },
  guest: { label: "Guest", value: (r) => r.guest },
  jobnum: { label: "Job Number", value: (r) => r.jobnum },
  source: { label: "Source", value: (r) => r.source },
  target: { label: "Target", value: (r) => r.target },
  job_type: { label: "Type", value: (r) => label(REPLICATION_JOB_TYPE, r.jobType) },
  schedule: { label: "Schedule", value: (r) => r.schedule },
  rate: { label: "Rate", value: (r) => r.rate },
  disable: { label: "Disabled", value: (r) => bool(r.disable) },
  comment: { label: "Comment", value: (r) => r.comment },
  remove_job: { label: "Remove Job", value: (r) => label(REPLICATION_REMOVE_JOB, r.removeJob) },
  status: { label: "Status", value: (r) => label(REPLICATION_STATUS, r.status) },
  health: { label: "Health", value: (r) => label(HEALTH_LABELS, r.health) },
  last_sync: { label: "Last Sync", value: (r) => iso(r.lastSync) },
  last_try: { label: "Last Try", value: (r) => iso(r.lastTry) },
  next_sync: { label: "Next Sync", value: (r) => iso(r.nextSync) },
  // Seconds, as the REST field; the overdue/stuck flags as django-tables2 renders booleans.
  recovery_point_age: { label: "Recovery Point Age", value: (r) => r.recoveryPointAge },
  expected_interval: { label: "Expected Interval", value: (r) => r.expectedIntervalSeconds },
  overdue: { label: "Overdue", value: (r) => bool(r.overdue) },
  overdue_at: { label: "Overdue At", value: (r) => iso(r.overdueAt) },
  stuck: { label: "Stuck", value: (r) => bool(r.stuck) },
  duration: { label: "Duration", value: (r) => r.duration },
  fail_count: { label: "Fail Count", value: (r) => r.failCount },
  error: { label: "Error", value: (r) => r.error },
  created: { label: "Created", value: (r) => iso(r.created) },
  last_updated: { label: "Last Updated", value: (r) => iso(r.lastUpdated) },
};

const CHUNK = 1000;

/**
 * CSV of every replication matching `query` (REST parameter names; invalid parameters dropped as in
 * the UI). `columns` are REPLICATION_COLUMNS keys in display order; unknown names are skipped, and
 * none (or none known) means all columns.
 */
export async function exportReplicationsCsv(query: string, columns: string[] = []): Promise<string> {
  const known = columns.filter((c) => Object.hasOwn(REPLICATION_COLUMNS, c));
  const chosen = known.length > 0 ? known : Object.keys(REPLICATION_COLUMNS);
  const { ids } = await filterPage(reader, replicationFilterSet, query, "ui");
  const records: Cell[][] = [chosen.map((c) => REPLICATION_COLUMNS[c].label)];
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const row of withRecoveryPoint(await loadListRows(ids.slice(i, i + CHUNK)))) {
      records.push(chosen.map((c) => REPLICATION_COLUMNS[c].value(row)));
    }
  }
  return stringify(records, { escape_formulas: true });
}
