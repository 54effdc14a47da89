import type { Selection } from "@/components/data-table/data-table";
import { Field, Input } from "@/components/ui/input";

// What the bulk edit and bulk delete dialogs share: their props, how a table selection is sent to the
// server (ids, or the query for "all N matching"), how it is counted, and the change-log message field.

export interface BulkDialogProps {
  selection: Selection;
  onDone(message: string): void;
}

/** "1 replication", "2 replications". */
export const replicationCount = (n: number): string => `${n} replication${n === 1 ? "" : "s"}`;

/** The selection as the dialogs word it ("2 replications") and as the bulk procedures take it. */
export function bulkSelection(s: Selection) {
  return s.kind === "ids"
    ? { what: replicationCount(s.ids.length), input: { ids: s.ids } }
    : { what: replicationCount(s.count), input: { query: s.query } };
}

/** NetBox's changelog_message: stored on every ObjectChange the action writes. */
export function ChangeMessageField({
  id,
  help,
  value,
  onChange,
}: {
  id: string;
  help: string;
  value: string;
  onChange(value: string): void;
}) {
  return (
    <Field id={id} label="Change-log message" help={help}>
      <Input id={id} value={value} maxLength={200} onChange={(e) => onChange(e.target.value)} />
    </Field>
  );
}
