"use client";

import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/trpc/react";
import { isFinalSyncState } from "@/lib/vocabulary";

// "Sync now" for one job: enqueue a replication run, poll it every second until it ends, then re-read
// the page. A run already queued or running for the endpoint is joined rather than duplicated.

const TONE: Record<string, BadgeTone> = {
  queued: "gray",
  running: "blue",
  succeeded: "green",
  failed: "red",
  partial: "amber",
};

interface LogLine {
  t: string;
  level: string;
  msg: string;
}

export function SyncNow({ endpointId, replicationId }: { endpointId: number; replicationId: string }) {
  const router = useRouter();
  const [runId, setRunId] = useState<number | null>(null);
  const start = api.replicationActions.syncNow.useMutation({ onSuccess: (r) => setRunId(r.runId) });
  const run = api.replicationActions.run.useQuery(
    { id: runId ?? 0 },
    {
      enabled: runId !== null,
      refetchInterval: (q) => (q.state.data && isFinalSyncState(q.state.data.state) ? false : 1000),
      staleTime: 0,
    },
  );
  const state = run.data?.state;
  const refreshed = useRef<number | null>(null);
  useEffect(() => {
    if (runId !== null && state && isFinalSyncState(state) && refreshed.current !== runId) {
      refreshed.current = runId;
      router.refresh();
    }
  }, [runId, state, router]);
  const busy = start.isPending || (runId !== null && (!state || !isFinalSyncState(state)));
  const log = (Array.isArray(run.data?.log) ? run.data.log : []) as unknown as LogLine[];
  const progress = Math.round(run.data?.progress ?? 0);

  return (
    <div className="flex flex-col items-end gap-2">
      <Button variant="primary" onClick={() => start.mutate({ endpointId, replicationId })} disabled={busy}>
        <RefreshCw
          aria-hidden="true"
          className={busy ? "animate-spin motion-reduce:animate-none" : undefined}
        />
        {busy ? "Syncing…" : "Sync now"}
      </Button>
      {start.error ? (
        <p role="alert" className="max-w-sm text-sm text-red-700 dark:text-red-400">
          {start.error.message}
        </p>
      ) : null}
      {run.data ? (
        <div aria-live="polite" className="w-72 space-y-1 text-sm" data-testid="sync-run">
          <div className="flex items-center justify-between gap-2">
            <span>
              Run #{run.data.id} <Badge tone={TONE[run.data.state] ?? "gray"}>{run.data.state}</Badge>
            </span>
            <span className="tabular-nums">{progress}%</span>
          </div>
          <div
            role="progressbar"
            aria-label="Sync progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={progress}
            className="h-1.5 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
          >
            <div className="h-full bg-blue-600 transition-all" style={{ width: `${progress}%` }} />
          </div>
          {run.data.stage && !isFinalSyncState(run.data.state) ? (
            <p className="text-xs text-zinc-600 dark:text-zinc-400">Stage: {run.data.stage}</p>
          ) : null}
          {run.data.error ? <p className="text-xs text-red-700 dark:text-red-400">{run.data.error}</p> : null}
          {log.length > 0 ? (
            <details className="text-xs">
              <summary className="cursor-pointer">Log ({log.length} lines)</summary>
              <ol className="mt-1 max-h-40 overflow-auto font-mono">
                {log.map((l, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: log lines are append-only
                  <li key={i} className={l.level === "error" ? "text-red-700 dark:text-red-400" : undefined}>
                    {l.msg}
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
