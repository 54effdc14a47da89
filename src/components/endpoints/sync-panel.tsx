"use client";

import { RefreshCw } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { api } from "@/lib/trpc/react";
import { LiveRun } from "../sync/live-run";

/**
 * Sync Now (full, or replications only) and the run it started — or, before that, the endpoint's
 * latest run. Asking while a run is under way shows that run instead of starting another.
 */
export function SyncPanel({
  endpointId,
  enabled,
  lastRunId,
  canSync,
}: {
  endpointId: number;
  enabled: boolean;
  lastRunId: number | null;
  /** Operators and admins; viewers only watch. */
  canSync: boolean;
}) {
  const [kind, setKind] = useState<"full" | "replications">("full");
  const [runId, setRunId] = useState<number | null>(null);
  const [joined, setJoined] = useState(false);
  const sync = api.endpoints.sync.useMutation({
    onSuccess: ({ run, created }) => {
      setRunId(run.id);
      setJoined(!created);
    },
  });
  const shown = runId ?? lastRunId;
  return (
    <Card aria-labelledby="sync-heading">
      <CardHeader id="sync-heading" title={runId ? "Sync" : "Last sync run"} />
      <CardBody className="space-y-4">
        {canSync ? (
          <div className="flex flex-wrap items-end gap-3">
            <fieldset className="flex flex-wrap items-center gap-3 text-sm">
              <legend className="sr-only">What to sync</legend>
              <label className="flex items-center gap-1.5">
                <input
                  type="radio"
                  name="sync-kind"
                  value="full"
                  checked={kind === "full"}
                  onChange={() => setKind("full")}
                  className="accent-blue-700"
                />
                Full (nodes, storage, guests, jobs)
              </label>
              <label className="flex items-center gap-1.5">
                <input
                  type="radio"
                  name="sync-kind"
                  value="replications"
                  checked={kind === "replications"}
                  onChange={() => setKind("replications")}
                  className="accent-blue-700"
                />
                Replications only
              </label>
            </fieldset>
            <Button
              variant="primary"
              onClick={() => sync.mutate({ id: endpointId, kind })}
              disabled={!enabled || sync.isPending}
              title={enabled ? undefined : "The endpoint is disabled"}
            >
              <RefreshCw
                aria-hidden="true"
                className={sync.isPending ? "animate-spin motion-reduce:animate-none" : ""}
              />
              Sync now
            </Button>
          </div>
        ) : null}
        {canSync && !enabled ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Enable the endpoint to sync it.</p>
        ) : null}
        {sync.isError ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            Could not start the sync: {sync.error.message}
          </p>
        ) : null}
        {joined ? (
          <p className="text-sm text-zinc-700 dark:text-zinc-300" role="status">
            A sync of this endpoint was already under way; showing it.
          </p>
        ) : null}
        {shown ? (
          <LiveRun key={shown} runId={shown} />
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">This endpoint has never been synced.</p>
        )}
      </CardBody>
    </Card>
  );
}
