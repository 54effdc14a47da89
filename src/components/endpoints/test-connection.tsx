"use client";

import { CircleCheck, CircleX, PlugZap, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { api, type RouterInputs } from "@/lib/trpc/react";

type Settings = Omit<RouterInputs["endpoints"]["testSettings"], "id">;

/**
 * "Test connection": version, cluster and node count, or the error. With `settings` (the add/edit
 * form) it tests what is typed, falling back to the saved values of endpoint `id`; without, the saved endpoint.
 */
export function TestConnection({
  id,
  settings,
  disabledReason,
}: {
  id?: number;
  settings?: Settings;
  disabledReason?: string | null;
}) {
  const saved = api.endpoints.test.useMutation();
  const typed = api.endpoints.testSettings.useMutation();
  const test = settings ? typed : saved;
  const run = () => (settings ? typed.mutate({ ...settings, id }) : id !== undefined && saved.mutate({ id }));
  const r = test.data;
  return (
    <div className="flex min-w-0 flex-col gap-2">
      <div className="flex items-center gap-2">
        <Button
          onClick={run}
          disabled={test.isPending || !!disabledReason}
          aria-describedby={disabledReason ? "test-connection-why" : undefined}
        >
          {test.isPending ? <Spinner label="Testing" /> : <PlugZap aria-hidden="true" />}
          Test connection
        </Button>
        {disabledReason ? (
          <span id="test-connection-why" className="text-xs text-zinc-600 dark:text-zinc-400">
            {disabledReason}
          </span>
        ) : null}
      </div>
      <div aria-live="polite" data-testid="connection-result">
        {test.isError ? (
          <p role="alert" className="flex items-start gap-1.5 text-sm text-red-700 dark:text-red-400">
            <CircleX aria-hidden="true" className="mt-0.5 size-4 shrink-0" /> {test.error.message}
          </p>
        ) : null}
        {r?.ok ? (
          <p className="flex items-start gap-1.5 text-sm text-green-800 dark:text-green-400" data-ok="true">
            <CircleCheck aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            Connected: Proxmox VE {r.version}
            {r.clusterName ? `, cluster ${r.clusterName}` : ", standalone node"}, {r.nodes} node
            {r.nodes === 1 ? "" : "s"}
          </p>
        ) : null}
        {r && !r.ok ? (
          <p
            role="alert"
            className="flex items-start gap-1.5 text-sm break-words text-red-700 dark:text-red-400"
            data-ok="false"
          >
            <CircleX aria-hidden="true" className="mt-0.5 size-4 shrink-0" /> Connection failed: {r.error}
          </p>
        ) : null}
        {r?.warning ? (
          <p className="mt-1 flex items-start gap-1.5 text-sm text-amber-800 dark:text-amber-300">
            <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" /> {r.warning}
          </p>
        ) : null}
      </div>
    </div>
  );
}
