"use client";

import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field, Input, Label } from "@/components/ui/input";
import { api } from "@/lib/trpc/react";
import type { Transition } from "@/server/alerts/types";
import type { AppRouter } from "@/server/api/root";
import { EndpointScopeField } from "../endpoints/endpoint-scope-field";
import { fieldErrorsOf } from "../endpoints/field-errors";
import { TransitionBadge } from "./badges";

// An alert rule: which transitions fire it, which jobs it watches (endpoints and a replication-list
// filter, checked by the server against the list's own filterset), a digest window, and where it goes.

export type RuleRow = inferRouterOutputs<AppRouter>["alerts"]["rules"]["list"][number];

const TRANSITION_HELP: Record<Transition, string> = {
  error: "a run failed",
  overdue: "behind its schedule",
  stuck: "a run never ends",
  unknown: "its node could not be asked",
  recovered: "all its conditions cleared",
};
// The server's TRANSITIONS (src/server/alerts/types.ts) cannot be imported as a value here (components
// run in the browser); the Record above names every Transition, so this list cannot miss one.
const TRANSITIONS = Object.keys(TRANSITION_HELP) as Transition[];

export function RuleForm({ initial, onDone }: { initial?: RuleRow; onDone: () => void }) {
  const utils = api.useUtils();
  const destinations = api.alerts.destinations.list.useQuery();
  const [name, setName] = useState(initial?.name ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  const [transitions, setTransitions] = useState<string[]>(
    initial?.transitions ?? ["error", "overdue", "stuck", "recovered"],
  );
  const [scope, setScope] = useState<"all" | "chosen">(initial?.endpointIds.length ? "chosen" : "all");
  const [chosen, setChosen] = useState<number[]>(initial?.endpointIds ?? []);
  const [filter, setFilter] = useState(initial?.filter ?? "");
  const [digestSeconds, setDigestSeconds] = useState(String(initial?.digestSeconds ?? 0));
  const [destinationIds, setDestinationIds] = useState<number[]>(
    initial?.destinations.map((d) => d.id) ?? [],
  );
  const create = api.alerts.rules.create.useMutation();
  const update = api.alerts.rules.update.useMutation();
  const mutation = initial ? update : create;
  const errors = fieldErrorsOf(mutation.error);
  const err = (k: string) => errors.fields[k]?.join(", ") ?? null;
  const toggle = (list: number[], id: number, on: boolean) =>
    on ? [...new Set([...list, id])] : list.filter((x) => x !== id);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const values = {
      name,
      description,
      enabled,
      transitions: TRANSITIONS.filter((t) => transitions.includes(t)),
      endpointIds: scope === "all" ? [] : chosen,
      filter: filter.trim(),
      digestSeconds: Number(digestSeconds),
      destinationIds,
    };
    try {
      if (initial) await update.mutateAsync({ id: initial.id, ...values });
      else await create.mutateAsync(values);
      await utils.alerts.invalidate();
      onDone();
    } catch {
      // shown from mutation.error
    }
  };

  const filterQuery = filter.trim().replace(/^\?/, "");
  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label={initial ? "Edit rule" : "Add rule"}>
      {errors.message ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Could not save: {errors.message}
        </p>
      ) : null}
      <Field id="rule-name" label="Name" error={err("name")}>
        <Input
          id="rule-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          aria-invalid={err("name") ? true : undefined}
        />
      </Field>
      <Field id="rule-description" label="Description" error={err("description")}>
        <Input id="rule-description" value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <fieldset className="space-y-2" aria-describedby={err("transitions") ? "rule-on-error" : undefined}>
        <legend className="text-sm font-medium">On</legend>
        <div className="grid gap-1.5 sm:grid-cols-2">
          {TRANSITIONS.map((t) => (
            <div key={t} className="flex items-center gap-2">
              <Checkbox
                id={`rule-on-${t}`}
                checked={transitions.includes(t)}
                onCheckedChange={(v) =>
                  setTransitions((c) => (v === true ? [...new Set([...c, t])] : c.filter((x) => x !== t)))
                }
              />
              <Label htmlFor={`rule-on-${t}`} className="flex items-center gap-1.5 font-normal">
                <TransitionBadge transition={t} />
                <span className="sr-only">{t}: </span>
                <span className="text-xs text-zinc-600 dark:text-zinc-400">{TRANSITION_HELP[t]}</span>
              </Label>
            </div>
          ))}
        </div>
        {err("transitions") ? (
          <p id="rule-on-error" role="alert" className="text-xs text-red-700 dark:text-red-400">
            {err("transitions")}
          </p>
        ) : null}
      </fieldset>
      <EndpointScopeField
        idPrefix="rule"
        allLabel="Every endpoint"
        scope={scope}
        onScope={setScope}
        chosen={chosen}
        onChosen={setChosen}
        error={err("endpointIds")}
      />
      <Field
        id="rule-filter"
        label="Filter"
        help="Optional: the replication list's query, e.g. target=pve3&guest__gte=100 (empty = every job)"
        error={err("filter")}
      >
        <Input
          id="rule-filter"
          value={filter}
          className="font-mono text-xs"
          placeholder="target=pve3&guest__gte=100"
          onChange={(e) => setFilter(e.target.value)}
          aria-invalid={err("filter") ? true : undefined}
        />
      </Field>
      {filterQuery ? (
        <p className="-mt-2 text-xs">
          <Link
            href={`/replications?${filterQuery}`}
            target="_blank"
            className="text-blue-700 hover:underline dark:text-blue-400"
          >
            Show the jobs this filter selects
          </Link>
        </p>
      ) : null}
      <Field
        id="rule-digest"
        label="Digest window (seconds)"
        help="0 sends one message per transition; N groups the transitions of N seconds into one message."
        error={err("digestSeconds")}
      >
        <Input
          id="rule-digest"
          type="number"
          min={0}
          max={86400}
          value={digestSeconds}
          className="w-32"
          onChange={(e) => setDigestSeconds(e.target.value)}
          aria-invalid={err("digestSeconds") ? true : undefined}
        />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Destinations</legend>
        <div className="grid gap-1.5 rounded-md border border-zinc-200 p-2 sm:grid-cols-2 dark:border-zinc-800">
          {(destinations.data ?? []).map((d) => (
            <div key={d.id} className="flex items-center gap-2">
              <Checkbox
                id={`rule-dst-${d.id}`}
                checked={destinationIds.includes(d.id)}
                onCheckedChange={(v) => setDestinationIds((c) => toggle(c, d.id, v === true))}
              />
              <Label htmlFor={`rule-dst-${d.id}`} className="font-normal">
                {d.name} <span className="text-xs text-zinc-600 dark:text-zinc-400">({d.kind})</span>
              </Label>
            </div>
          ))}
          {destinations.data?.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Add a destination first.</p>
          ) : null}
        </div>
        {err("destinationIds") ? (
          <p role="alert" className="text-xs text-red-700 dark:text-red-400">
            {err("destinationIds")}
          </p>
        ) : null}
      </fieldset>
      <div className="flex items-center gap-2">
        <Checkbox id="rule-enabled" checked={enabled} onCheckedChange={(v) => setEnabled(v === true)} />
        <Label htmlFor="rule-enabled">Enabled</Label>
      </div>
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : initial ? "Save" : "Create"}
        </Button>
      </div>
    </form>
  );
}
