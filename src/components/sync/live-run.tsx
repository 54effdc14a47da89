"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { formatExact } from "@/components/ui/relative-time";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { api } from "@/lib/trpc/react";
import { HEALTH_LABELS, type HealthState, isFinalSyncState } from "@/lib/vocabulary";
import type { LogLine, StageRecord } from "@/server/sync/reporter";
import { type RunCounts, RunCountsGrid, RunLog, RunMessages, RunProgressBar, RunStages } from "./run-parts";
import { RunStateBadge } from "./run-state";
import { BAR_TONE } from "./runs-table";

const POLL_MS = 700;

/**
 * One sync run, re-read every 700 ms until it reaches a final state: progress with the stage names,
 * the log as it grows, then the counts, warnings and errors.
 */
export function LiveRun({
  runId,
  showHeader = true,
  logOpen = false,
  onFinished,
}: {
  runId: number;
  showHeader?: boolean;
  /** Keep the log unfolded after the run ends (the run's own page). */
  logOpen?: boolean;
  onFinished?: (state: string) => void;
}) {
  const run = api.syncRuns.get.useQuery(
    { id: runId },
    {
      refetchInterval: (q) => (isFinalSyncState(q.state.data?.state) ? false : POLL_MS),
      staleTime: 0,
    },
  );
  const final = isFinalSyncState(run.data?.state);
  const utils = api.useUtils();
  const finalState = final ? run.data?.state : undefined;
  const onFinishedRef = useRef(onFinished);
  onFinishedRef.current = onFinished;
  const sawLive = useRef(false);
  if (run.data && !final) sawLive.current = true;
  // When a run we watched ends, whatever shows its results (endpoint, lists, overview) is re-read once.
  useEffect(() => {
    if (!finalState || !sawLive.current) return;
    onFinishedRef.current?.(finalState);
    void utils.endpoints.invalidate();
    void utils.syncRuns.list.invalidate();
    void utils.overview.invalidate();
    void utils.topology.invalidate();
  }, [finalState, utils]);

  if (run.isPending) return <LoadingState label="Loading sync run…" />;
  if (run.isError) return <ErrorState title="Could not load the sync run" message={run.error.message} />;
  const r = run.data;
  const stages = (r.stages ?? []) as unknown as StageRecord[];
  const log = (r.log ?? []) as unknown as LogLine[];
  const counts = (r.counts ?? {}) as RunCounts;
  return (
    <div
      className="space-y-4"
      data-testid="live-run"
      data-run-id={r.id}
      data-state={r.state}
      aria-busy={!final}
    >
      {showHeader ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <Link
            href={`/sync-runs/${r.id}`}
            className="font-medium text-blue-700 hover:underline dark:text-blue-400"
          >
            Sync run #{r.id}
          </Link>
          <span className="text-zinc-600 dark:text-zinc-400">({r.kind})</span>
          <RunStateBadge state={r.state} />
          {r.finishedAt ? (
            <span className="text-zinc-600 dark:text-zinc-400">finished {formatExact(r.finishedAt)}</span>
          ) : null}
        </div>
      ) : null}
      <RunProgressBar
        progress={r.progress}
        stage={final ? null : r.stage}
        tone={BAR_TONE[r.state]}
        label={
          final ? `Sync run ${r.state}` : r.state === "queued" ? "Waiting for a worker" : "Sync progress"
        }
      />
      <RunStages stages={stages} />
      {r.error && r.state === "failed" ? (
        <p
          role="alert"
          className="text-sm font-medium text-red-700 dark:text-red-400"
          data-testid="run-error"
        >
          {r.error}
        </p>
      ) : null}
      {/* A run that failed before reading the jobs has no replication counts to show. */}
      {final && typeof counts.created === "number" ? (
        <RunCountsGrid counts={counts} endpointId={r.endpointId} />
      ) : null}
      {final && counts.health ? (
        <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="run-health">
          Health after the sync:{" "}
          {Object.entries(counts.health)
            .map(([state, n]) => `${HEALTH_LABELS[state as HealthState] ?? state} ${n}`)
            .join(", ")}
        </p>
      ) : null}
      <RunMessages errors={(r.errors ?? []) as string[]} warnings={(r.warnings ?? []) as string[]} />
      <details open={logOpen || !final} className="group">
        <summary className="cursor-pointer text-sm font-medium">Log ({log.length} lines)</summary>
        <div className="pt-2">
          <RunLog log={log} live={!final} />
        </div>
      </details>
    </div>
  );
}
