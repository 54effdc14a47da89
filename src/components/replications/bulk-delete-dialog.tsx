"use client";

import { Trash2 } from "lucide-react";
import { useId, useState } from "react";
import type { Selection } from "@/components/data-table/data-table";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/input";
import { api } from "@/lib/trpc/react";

/** NetBox's "Delete Selected" with its confirmation ("Delete N replications?"). */
export function BulkDeleteDialog({
  selection,
  onDone,
}: {
  selection: Selection;
  onDone(message: string): void;
}) {
  const id = useId();
  const utils = api.useUtils();
  const [message, setMessage] = useState("");
  const mutation = api.replicationActions.bulkDelete.useMutation();
  const count = selection.kind === "ids" ? selection.ids.length : selection.count;
  const plural = `replication${count === 1 ? "" : "s"}`;
  return (
    <ConfirmDialog
      trigger={
        <Button size="sm" variant="danger">
          <Trash2 aria-hidden="true" />
          Delete selected
        </Button>
      }
      title={`Delete ${count} ${plural}?`}
      description="The records are removed from Proxbox only; Proxmox is not changed, and the next sync imports jobs that still exist."
      confirmLabel={`Delete ${count} ${plural}`}
      onConfirm={async () => {
        const result = await mutation.mutateAsync({
          selection: selection.kind === "ids" ? { ids: selection.ids } : { query: selection.query },
          message: message.trim() || undefined,
        });
        await utils.replications.list.invalidate();
        setMessage("");
        onDone(`Deleted ${result.deleted} replication${result.deleted === 1 ? "" : "s"}.`);
      }}
    >
      <Field id={`${id}-message`} label="Change-log message" help="Optional, stored with each deletion.">
        <Input
          id={`${id}-message`}
          value={message}
          maxLength={200}
          onChange={(e) => setMessage(e.target.value)}
        />
      </Field>
    </ConfirmDialog>
  );
}
