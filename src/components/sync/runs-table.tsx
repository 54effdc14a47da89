"use client";

import Link from "next/link";
import { parseAsInteger, useQueryStates } from "nuqs";
import { Dash } from "@/components/ui/badge";
import { Pagination } from "@/components/ui/pagination";
import { RelativeTime } from "@/components/ui/relative-time";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { formatDuration } from "@/lib/format-duration";
import { api } from "@/lib/trpc/react";
import { isFinalSyncState } from "@/lib/vocabulary";
import type { RunSummary } from "@/server/overview/runs";
import type { RunCounts } from "./run-parts";
import { RunStateBadge } from "./run-state";

// Sync runs, newest first, paginated on the server (?page=&per_page=, NetBox's names), optionally for
// one endpoint (?endpoint_id=). While a run on the page is working, the page re-reads every 2 s.

export const BAR_TONE: Record<string, string> = {
  queued: "bg-zinc-400",
  running: "bg-blue-600 dark:bg-blue-500",
  succeeded: "bg-green-600 dark:bg-green-500",
  partial: "bg-amber-500 dark:bg-amber-400",
  failed: "bg-red-600 dark:bg-red-500",
};

const th = "px-2 py-2 text-left font-medium whitespace-nowrap";
const td = "px-2 py-1.5 align-top";

/** "3 created, 2 updated, 20 unchanged, 1 stale": the always-shown three, then what is non-zero. */
export function countsSummary(c: RunCounts): string {
  const always = ["created", "updated", "unchanged"] as const;
  const ifAny = ["stale", "unlinked", "errors", "warnings"] as const;
  const num = (k: string) => (typeof c[k] === "number" ? (c[k] as number) : null);
  if (always.every((k) => num(k) === null)) return "";
  return [...always.map((k) => [k, num(k) ?? 0] as const), ...ifAny.map((k) => [k, num(k) ?? 0] as const)]
    .filter(([k, v]) => (always as readonly string[]).includes(k) || v > 0)
    .map(([k, v]) => `${v} ${v === 1 && k.endsWith("s") ? k.slice(0, -1) : k}`)
    .join(", ");
}

export function runDuration(
  r: { startedAt: Date | null; finishedAt: Date | null },
  now = Date.now(),
): string | null {
  if (!r.startedAt) return null;
  const end = r.finishedAt ? r.finishedAt.getTime() : now;
  return formatDuration((end - r.startedAt.getTime()) / 1000);
}

export function RunsTable({ endpointId: fixedEndpoint }: { endpointId?: number }) {
  const [params, setParams] = useQueryStates({
    page: parseAsInteger.withDefault(1),
    per_page: parseAsInteger.withDefault(50),
    endpoint_id: parseAsInteger,
  });
  const limit = Math.min(500, Math.max(1, params.per_page));
  const offset = (Math.max(1, params.page) - 1) * limit;
  const endpointId = fixedEndpoint ?? params.endpoint_id ?? undefined;
  const runs = api.syncRuns.list.useQuery(
    { endpointId, limit, offset },
    {
      refetchInterval: (q) => (q.state.data?.rows.some((r) => !isFinalSyncState(r.state)) ? 2000 : false),
      placeholderData: (prev) => prev,
    },
  );

  if (runs.isPending) return <LoadingState label="Loading sync runs…" />;
  if (runs.isError)
    return (
      <ErrorState
        title="Could not load sync runs"
        message={runs.error.message}
        onRetry={() => runs.refetch()}
      />
    );
  const { count, rows } = runs.data;
  return (
    <div className="space-y-3">
      {params.endpoint_id && !fixedEndpoint ? (
        <p className="text-sm">
          Showing the runs of {rows[0]?.endpoint?.name ?? `endpoint #${params.endpoint_id}`}.{" "}
          <button
            type="button"
            className="text-blue-700 underline dark:text-blue-400"
            onClick={() => void setParams({ endpoint_id: null, page: 1 })}
          >
            Show all
          </button>
        </p>
      ) : null}
      {count === 0 ? (
        <EmptyState title="No sync runs found">Runs appear here when an endpoint is synced.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-sm" data-testid="sync-runs-table">
            <thead className="border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900">
              <tr>
                <th className={th}>ID</th>
                <th className={th}>Kind</th>
                <th className={th}>Endpoint</th>
                <th className={th}>Trigger</th>
                <th className={th}>State</th>
                <th className={th}>Progress</th>
                <th className={th}>Started</th>
                <th className={th}>Duration</th>
                <th className={th}>Counts</th>
                <th className={th}>Requested by</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <RunRow key={r.id} run={r} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        label="Sync runs pages"
        count={count}
        limit={limit}
        offset={offset}
        onOffsetChange={(o) => void setParams({ page: Math.floor(o / limit) + 1 })}
        onLimitChange={(l) => void setParams({ per_page: l, page: 1 })}
      />
    </div>
  );
}

function RunRow({ run: r }: { run: RunSummary }) {
  const counts = (r.counts ?? {}) as RunCounts;
  const summary = countsSummary(counts);
  return (
    <tr className="border-b border-zinc-100 last:border-0 dark:border-zinc-800" data-run-id={r.id}>
      <td className={td}>
        <Link
          href={`/sync-runs/${r.id}`}
          className="font-medium text-blue-700 hover:underline dark:text-blue-400"
        >
          #{r.id}
        </Link>
      </td>
      <td className={td}>
        {r.kind}
        {r.target ? <span className="text-zinc-600 dark:text-zinc-400"> {r.target}</span> : null}
      </td>
      <td className={td}>
        {r.endpoint ? (
          <Link
            href={`/endpoints/${r.endpoint.id}`}
            className="text-blue-700 hover:underline dark:text-blue-400"
          >
            {r.endpoint.name}
          </Link>
        ) : (
          <Dash />
        )}
      </td>
      <td className={td}>{r.trigger}</td>
      <td className={td}>
        <RunStateBadge state={r.state} />
      </td>
      <td className={td}>
        <span className="flex items-center gap-2">
          <span
            role="progressbar"
            aria-label={`Run ${r.id} progress`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(r.progress)}
            className="h-1.5 w-16 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
          >
            <span
              className={`block h-full ${BAR_TONE[r.state] ?? BAR_TONE.running}`}
              style={{ width: `${r.progress}%` }}
            />
          </span>
          <span className="tabular-nums">{Math.round(r.progress)}%</span>
        </span>
      </td>
      <td className={td}>
        <RelativeTime value={r.startedAt ?? r.created} />
      </td>
      <td className={`${td} tabular-nums`}>{runDuration(r) ?? <Dash />}</td>
      <td className={td}>
        {summary || <Dash />}
        {r.state === "failed" && r.error ? (
          <span className="block max-w-xs truncate text-xs text-red-700 dark:text-red-400" title={r.error}>
            {r.error}
          </span>
        ) : null}
      </td>
      <td className={td}>{r.requestedBy ?? <Dash />}</td>
    </tr>
  );
}
