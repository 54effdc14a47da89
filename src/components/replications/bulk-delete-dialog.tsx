"use client";

import { Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { api } from "@/lib/trpc/react";
import {
  type BulkDialogProps,
  bulkSelection,
  ChangeMessageField,
  replicationCount,
} from "./bulk-dialog-parts";

/** NetBox's "Delete Selected" with its confirmation ("Delete N replications?"). */
export function BulkDeleteDialog({ selection, onDone }: BulkDialogProps) {
  const id = useId();
  const utils = api.useUtils();
  const [message, setMessage] = useState("");
  const mutation = api.replications.bulkDelete.useMutation();
  const { what, input } = bulkSelection(selection);
  return (
    <ConfirmDialog
      trigger={
        <Button size="sm" variant="danger">
          <Trash2 aria-hidden="true" />
          Delete selected
        </Button>
      }
      title={`Delete ${what}?`}
      description="The records are removed from Proxbox only; Proxmox is not changed, and the next sync imports jobs that still exist."
      confirmLabel={`Delete ${what}`}
      onConfirm={async () => {
        const result = await mutation.mutateAsync({
          selection: input,
          message: message.trim() || undefined,
        });
        await utils.replications.list.invalidate();
        setMessage("");
        onDone(`Deleted ${replicationCount(result.deleted)}.`);
      }}
    >
      <ChangeMessageField
        id={`${id}-message`}
        help="Optional, stored with each deletion."
        value={message}
        onChange={setMessage}
      />
    </ConfirmDialog>
  );
}
