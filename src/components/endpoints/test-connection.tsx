"use client";

import { CircleCheck, CircleX, PlugZap, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { api } from "@/lib/trpc/react";

/** "Test connection" against the saved settings: version, cluster and node count, or the error. */
export function TestConnection({ id, disabledReason }: { id: number; disabledReason?: string | null }) {
  const test = api.endpoints.test.useMutation();
  const r = test.data;
  return (
    <div className="flex min-w-0 flex-col gap-2">
      <div className="flex items-center gap-2">
        <Button
          onClick={() => test.mutate({ id })}
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
