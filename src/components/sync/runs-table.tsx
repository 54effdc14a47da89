"use client";

import Link from "next/link";
import { parseAsInteger, useQueryStates } from "nuqs";
import { Dash } from "@/components/ui/badge";
import { Pagination } from "@/components/ui/pagination";
import { RelativeTime } from "@/components/ui/relative-time";
import { EmptyState, QueryState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHeadings, TableRow } from "@/components/ui/table";
import { formatDuration } from "@/lib/format-duration";
import { api } from "@/lib/trpc/react";
import { isFinalSyncState } from "@/lib/vocabulary";
import type { RunSummary } from "@/server/sync-runs/service";
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

const HEADINGS = [
  "ID",
  "Kind",
  "Endpoint",
  "Trigger",
  "State",
  "Progress",
  "Started",
  "Duration",
  "Counts",
  "Requested by",
];

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

  if (!runs.isSuccess)
    return <QueryState query={runs} loading="Loading sync runs…" failed="Could not load sync runs" />;
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
        <Table box="border" data-testid="sync-runs-table">
          <TableHeadings headings={HEADINGS} />
          <TableBody>
            {rows.map((r) => (
              <RunRow key={r.id} run={r} />
            ))}
          </TableBody>
        </Table>
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
    <TableRow data-run-id={r.id}>
      <TableCell>
        <Link
          href={`/sync-runs/${r.id}`}
          className="font-medium text-blue-700 hover:underline dark:text-blue-400"
        >
          #{r.id}
        </Link>
      </TableCell>
      <TableCell>
        {r.kind}
        {r.target ? <span className="text-zinc-600 dark:text-zinc-400"> {r.target}</span> : null}
      </TableCell>
      <TableCell>
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
      </TableCell>
      <TableCell>{r.trigger}</TableCell>
      <TableCell>
        <RunStateBadge state={r.state} />
      </TableCell>
      <TableCell>
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
      </TableCell>
      <TableCell>
        <RelativeTime value={r.startedAt ?? r.created} />
      </TableCell>
      <TableCell className="tabular-nums">{runDuration(r) ?? <Dash />}</TableCell>
      <TableCell>
        {summary || <Dash />}
        {r.state === "failed" && r.error ? (
          <span className="block max-w-xs truncate text-xs text-red-700 dark:text-red-400" title={r.error}>
            {r.error}
          </span>
        ) : null}
      </TableCell>
      <TableCell>{r.requestedBy ?? <Dash />}</TableCell>
    </TableRow>
  );
}
