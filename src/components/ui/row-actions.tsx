"use client";

import { Pencil } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";

/** A managed object's row actions: Edit, and Delete after a confirmation; both named by the object. */
export function EditDeleteActions({
  name,
  kind,
  onEdit,
  deleteNote,
  onDelete,
}: {
  name: string;
  /** What it is, for the confirmation's title: "Delete <kind> <name>?" */
  kind: string;
  onEdit: () => void;
  /** What deleting it does besides, e.g. "Its delivery log goes with it." */
  deleteNote: string;
  onDelete: () => unknown | Promise<unknown>;
}) {
  return (
    <>
      <Button size="sm" variant="ghost" aria-label={`Edit ${name}`} onClick={onEdit}>
        <Pencil aria-hidden="true" /> Edit
      </Button>
      <ConfirmDialog
        trigger={
          <Button size="sm" variant="ghost" aria-label={`Delete ${name}`}>
            Delete
          </Button>
        }
        title={`Delete ${kind} ${name}?`}
        description={deleteNote}
        confirmLabel="Delete"
        onConfirm={onDelete}
      />
    </>
  );
}
