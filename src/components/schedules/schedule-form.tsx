"use client";

import { Cron } from "croner";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field, Input, Label } from "@/components/ui/input";
import { formatExact } from "@/components/ui/relative-time";
import { Select } from "@/components/ui/select";
import { api } from "@/lib/trpc/react";
import { EndpointScopeField } from "../endpoints/endpoint-scope-field";
import { fieldErrorsOf } from "../endpoints/field-errors";

// A sync schedule: what (full or replications), where (all endpoints or chosen ones), and when
// (every N minutes, or a cron expression evaluated by croner on the server).

export interface ScheduleValues {
  id?: number;
  name: string;
  kind: "full" | "replications";
  endpointIds: number[];
  intervalMinutes: number | null;
  cron: string | null;
  enabled: boolean;
}

function cronPreview(expr: string): string {
  if (!expr.trim()) return "";
  try {
    const next = new Cron(expr.trim(), { paused: true }).nextRun();
    return next ? `Next: ${formatExact(next)}` : "Never fires";
  } catch (err) {
    return `Invalid: ${(err as Error).message}`;
  }
}

export function ScheduleForm({ initial, onDone }: { initial?: ScheduleValues; onDone: () => void }) {
  const utils = api.useUtils();
  const [name, setName] = useState(initial?.name ?? "");
  const [kind, setKind] = useState<ScheduleValues["kind"]>(initial?.kind ?? "replications");
  const [scope, setScope] = useState<"all" | "chosen">(initial?.endpointIds.length ? "chosen" : "all");
  const [chosen, setChosen] = useState<number[]>(initial?.endpointIds ?? []);
  const [timing, setTiming] = useState<"interval" | "cron">(initial?.cron ? "cron" : "interval");
  const [minutes, setMinutes] = useState(String(initial?.intervalMinutes ?? 15));
  const [cron, setCron] = useState(initial?.cron ?? "0 2 * * *");
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  const create = api.schedules.create.useMutation();
  const update = api.schedules.update.useMutation();
  const mutation = initial?.id ? update : create;
  const errors = fieldErrorsOf(mutation.error);
  const err = (k: string) => errors.fields[k]?.join(", ") ?? null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const values = {
      name,
      kind,
      endpointIds: scope === "all" ? [] : chosen,
      intervalMinutes: timing === "interval" ? Number(minutes) : null,
      cron: timing === "cron" ? cron.trim() : null,
      enabled,
    };
    try {
      if (initial?.id) await update.mutateAsync({ id: initial.id, ...values });
      else await create.mutateAsync(values);
      await utils.schedules.invalidate();
      onDone();
    } catch {
      // shown from mutation.error
    }
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-4"
      aria-label={initial?.id ? "Edit schedule" : "Add schedule"}
    >
      {errors.message ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Could not save: {errors.message}
        </p>
      ) : null}
      <Field id="sch-name" label="Name" error={err("name")}>
        <Input
          id="sch-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          aria-invalid={err("name") ? true : undefined}
        />
      </Field>
      <Field id="sch-kind" label="Kind">
        <Select
          id="sch-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as ScheduleValues["kind"])}
          options={[
            { value: "replications", label: "Replications (nodes, guests, jobs and health)" },
            { value: "full", label: "Full (also storage)" },
          ]}
        />
      </Field>
      <EndpointScopeField
        idPrefix="sch"
        allLabel="All enabled endpoints"
        scope={scope}
        onScope={setScope}
        chosen={chosen}
        onChosen={setChosen}
        error={err("endpointIds")}
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">When</legend>
        <div className="flex gap-4 text-sm">
          <label className="flex items-center gap-1.5">
            <input
              type="radio"
              name="sch-timing"
              checked={timing === "interval"}
              onChange={() => setTiming("interval")}
              className="accent-blue-700"
            />
            Every N minutes
          </label>
          <label className="flex items-center gap-1.5">
            <input
              type="radio"
              name="sch-timing"
              checked={timing === "cron"}
              onChange={() => setTiming("cron")}
              className="accent-blue-700"
            />
            On a cron expression
          </label>
        </div>
        {timing === "interval" ? (
          <Field id="sch-minutes" label="Minutes between runs" error={err("intervalMinutes")}>
            <Input
              id="sch-minutes"
              type="number"
              min={1}
              max={10080}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              className="w-32"
              aria-invalid={err("intervalMinutes") ? true : undefined}
            />
          </Field>
        ) : (
          <Field
            id="sch-cron"
            label="Cron expression"
            help={
              cronPreview(cron) || "minute hour day-of-month month day-of-week, e.g. 0 2 * * * (server time)"
            }
            error={err("cron")}
          >
            <Input
              id="sch-cron"
              value={cron}
              onChange={(e) => setCron(e.target.value)}
              className="font-mono"
              aria-describedby={err("cron") ? "sch-cron-error" : "sch-cron-help"}
              aria-invalid={err("cron") ? true : undefined}
            />
          </Field>
        )}
      </fieldset>
      <div className="flex items-center gap-2">
        <Checkbox id="sch-enabled" checked={enabled} onCheckedChange={(v) => setEnabled(v === true)} />
        <Label htmlFor="sch-enabled">Enabled</Label>
      </div>
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : initial?.id ? "Save" : "Create"}
        </Button>
      </div>
    </form>
  );
}
