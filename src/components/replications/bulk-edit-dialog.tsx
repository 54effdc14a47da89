"use client";

import { Pencil } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field, Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { describeCalendarEvent, isValidCalendarEvent } from "@/lib/calendar-event";
import { api } from "@/lib/trpc/react";
import {
  type BulkDialogProps,
  bulkSelection,
  ChangeMessageField,
  replicationCount,
} from "./bulk-dialog-parts";

// NetBox's "Edit Selected": one patch for the selected (or all matching) jobs. Untouched fields are not
// sent; "Set null" clears a nullable field. The schedule is checked as you type with the same parser
// the server uses.

type Tri = "" | "true" | "false";
type RemoveJob = "" | "none" | "local" | "full";

export function BulkEditDialog({ selection, onDone }: BulkDialogProps) {
  const id = useId();
  const utils = api.useUtils();
  const [open, setOpen] = useState(false);
  const [disable, setDisable] = useState<Tri>("");
  const [comment, setComment] = useState("");
  const [clearComment, setClearComment] = useState(false);
  const [schedule, setSchedule] = useState("");
  const [removeJob, setRemoveJob] = useState<RemoveJob>("");
  const [message, setMessage] = useState("");
  const mutation = api.replications.bulkUpdate.useMutation();
  const { what, input } = bulkSelection(selection);
  const scheduleError =
    schedule.trim() && !isValidCalendarEvent(schedule.trim()) ? describeCalendarEvent(schedule.trim()) : null;

  const patch: Record<string, unknown> = {};
  if (disable) patch.disable = disable === "true";
  if (clearComment) patch.comment = null;
  else if (comment.trim()) patch.comment = comment;
  if (schedule.trim()) patch.schedule = schedule.trim();
  if (removeJob) patch.removeJob = removeJob === "none" ? null : removeJob;
  const empty = Object.keys(patch).length === 0;

  const reset = () => {
    setDisable("");
    setComment("");
    setClearComment(false);
    setSchedule("");
    setRemoveJob("");
    setMessage("");
    mutation.reset();
  };
  const submit = async () => {
    const result = await mutation.mutateAsync({
      selection: input,
      patch,
      message: message.trim() || undefined,
    });
    await utils.replications.list.invalidate();
    setOpen(false);
    reset();
    onDone(`Updated ${replicationCount(result.updated)}.`);
  };

  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        if (!next) reset();
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant="warning">
          <Pencil aria-hidden="true" />
          Edit selected
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Editing ${what}`}
        description="Only the fields you change are applied; each changed job gets a change-log entry."
        footer={
          <>
            <Button onClick={() => setOpen(false)} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button
              variant="primary"
              onClick={submit}
              disabled={empty || Boolean(scheduleError) || mutation.isPending}
            >
              {mutation.isPending ? "Applying…" : "Apply"}
            </Button>
          </>
        }
      >
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (!empty && !scheduleError) void submit();
          }}
        >
          <Field id={`${id}-disable`} label="Enabled">
            <Select
              id={`${id}-disable`}
              value={disable}
              onChange={(e) => setDisable(e.target.value as Tri)}
              options={[
                { value: "", label: "— no change —" },
                { value: "false", label: "Enabled" },
                { value: "true", label: "Disabled" },
              ]}
            />
          </Field>
          <Field
            id={`${id}-schedule`}
            label="Schedule"
            help={
              schedule.trim()
                ? describeCalendarEvent(schedule.trim())
                : "Proxmox calendar event, e.g. */15, 02:30, mon..fri 22:00"
            }
            error={scheduleError}
          >
            <Input
              id={`${id}-schedule`}
              value={schedule}
              placeholder="— no change —"
              aria-invalid={Boolean(scheduleError)}
              aria-describedby={`${id}-schedule-${scheduleError ? "error" : "help"}`}
              onChange={(e) => setSchedule(e.target.value)}
              className="font-mono"
            />
          </Field>
          <Field id={`${id}-remove`} label="Remove job">
            <Select
              id={`${id}-remove`}
              value={removeJob}
              onChange={(e) => setRemoveJob(e.target.value as RemoveJob)}
              options={[
                { value: "", label: "— no change —" },
                { value: "none", label: "None (keep the job)" },
                { value: "local", label: "Local" },
                { value: "full", label: "Full" },
              ]}
            />
          </Field>
          <Field id={`${id}-comment`} label="Comment">
            <Textarea
              id={`${id}-comment`}
              value={comment}
              disabled={clearComment}
              placeholder="— no change —"
              onChange={(e) => setComment(e.target.value)}
            />
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={clearComment}
                onChange={(e) => setClearComment(e.target.checked)}
              />
              Set null (clear the comment)
            </label>
          </Field>
          <ChangeMessageField
            id={`${id}-message`}
            help="Optional, stored with each change (≤ 200 characters)."
            value={message}
            onChange={setMessage}
          />
          {mutation.error ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {mutation.error.message}
            </p>
          ) : null}
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
