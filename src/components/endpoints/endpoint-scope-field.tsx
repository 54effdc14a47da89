"use client";

import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/input";
import { api } from "@/lib/trpc/react";

// "Which endpoints": every one, or those ticked. Schedules and alert rules store the choice the same
// way (an empty list = all), so they share the field.

export type EndpointScope = "all" | "chosen";

export function EndpointScopeField({
  idPrefix,
  allLabel,
  scope,
  onScope,
  chosen,
  onChosen,
  error,
}: {
  /** Prefixes the radio group's name and the checkboxes' ids (unique per form). */
  idPrefix: string;
  allLabel: string;
  scope: EndpointScope;
  onScope: (scope: EndpointScope) => void;
  chosen: number[];
  onChosen: (update: (current: number[]) => number[]) => void;
  error?: string;
}) {
  const endpoints = api.endpoints.list.useQuery();
  const radio = (value: EndpointScope, label: string) => (
    <label className="flex items-center gap-1.5">
      <input
        type="radio"
        name={`${idPrefix}-scope`}
        checked={scope === value}
        onChange={() => onScope(value)}
        className="accent-blue-700"
      />
      {label}
    </label>
  );
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Endpoints</legend>
      <div className="flex gap-4 text-sm">
        {radio("all", allLabel)}
        {radio("chosen", "Chosen endpoints")}
      </div>
      {scope === "chosen" ? (
        <div className="grid gap-1.5 rounded-md border border-zinc-200 p-2 sm:grid-cols-2 dark:border-zinc-800">
          {(endpoints.data ?? []).map((ep) => (
            <div key={ep.id} className="flex items-center gap-2">
              <Checkbox
                id={`${idPrefix}-ep-${ep.id}`}
                checked={chosen.includes(ep.id)}
                onCheckedChange={(v) =>
                  onChosen((c) => (v === true ? [...new Set([...c, ep.id])] : c.filter((x) => x !== ep.id)))
                }
              />
              <Label htmlFor={`${idPrefix}-ep-${ep.id}`} className="font-normal">
                {ep.name}
              </Label>
            </div>
          ))}
          {endpoints.data?.length === 0 ? <p className="text-sm text-zinc-600">No endpoints yet.</p> : null}
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
