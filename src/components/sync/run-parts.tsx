"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { cn } from "@/components/ui/cn";
import type { LogLine, StageRecord } from "@/server/sync/reporter";
import { STAGE_LABEL, StageIcon, type StageState, WarningIcon } from "./run-state";

// The pieces of a sync run's report, shared by the endpoint page (live, after Sync Now) and the
// sync-run page: progress bar, stages, counts, messages and the log.

export interface RunCounts {
  created?: number;
  updated?: number;
  unchanged?: number;
  stale?: number;
  unlinked?: number;
  unlinkedIds?: string[];
  health?: Record<string, number>;
  errors?: number;
  warnings?: number;
  [key: string]: unknown;
}

export function RunProgressBar({
  progress,
  stage,
  label,
  tone = "bg-blue-600 dark:bg-blue-500",
}: {
  progress: number;
  stage: string | null;
  label: string;
  tone?: string;
}) {
  const pct = Math.max(0, Math.min(100, Math.round(progress)));
  return (
    <div className="space-y-1">
      <div className="flex justify-between text-sm">
        <span>{stage ? `Stage: ${stage}` : label}</span>
        <span className="tabular-nums" data-testid="run-progress-value">
          {pct}%
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${pct}%${stage ? `, ${stage}` : ""}`}
        className="h-2.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div
          className={cn(
            "h-full rounded-full transition-[width] duration-500 motion-reduce:transition-none",
            tone,
          )}
          style={{ width: `${pct}%` }}
        />
      </div>
    </div>
  );
}

export function RunStages({ stages }: { stages: StageRecord[] }) {
  return (
    <ol aria-label="Stages" className="grid gap-1.5 sm:grid-cols-2 lg:grid-cols-3" data-testid="run-stages">
      {stages.map((s) => (
        <li
          key={s.name}
          data-stage={s.name}
          data-state={s.state}
          className="flex items-start gap-2 rounded-md border border-zinc-200 px-2 py-1.5 text-sm dark:border-zinc-800"
        >
          <StageIcon state={s.state} />
          <span className="min-w-0">
            <span className="font-medium">{s.name}</span>{" "}
            <span className="text-zinc-600 dark:text-zinc-400">
              — {STAGE_LABEL[s.state as StageState] ?? s.state}
            </span>
            {s.counts && Object.keys(s.counts).length > 0 ? (
              <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                {Object.entries(s.counts)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(", ")}
              </span>
            ) : null}
            {s.error ? <span className="block text-xs text-red-700 dark:text-red-400">{s.error}</span> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}

const COUNT_KEYS = ["created", "updated", "unchanged", "stale", "unlinked", "errors", "warnings"] as const;

/** The run's replication counts; stale and unlinked link to the filtered replication list. */
export function RunCountsGrid({ counts, endpointId }: { counts: RunCounts; endpointId?: number | null }) {
  const links: Partial<Record<(typeof COUNT_KEYS)[number], string>> = endpointId
    ? {
        stale: `/replications?endpoint_id=${endpointId}&status=stale`,
        unlinked: `/replications?endpoint_id=${endpointId}&virtual_machine_id=null`,
      }
    : {};
  return (
    <dl className="grid grid-cols-4 gap-2 sm:grid-cols-7" data-testid="run-counts">
      {COUNT_KEYS.map((k) => {
        const value = typeof counts[k] === "number" ? (counts[k] as number) : 0;
        const href = links[k];
        return (
          <div
            key={k}
            data-count={k}
            className={cn(
              "rounded-md border border-zinc-200 px-2 py-1.5 dark:border-zinc-800",
              k === "errors" && value > 0 && "border-red-300 dark:border-red-900",
              k === "warnings" && value > 0 && "border-amber-300 dark:border-amber-900",
            )}
          >
            <dt className="text-xs text-zinc-600 capitalize dark:text-zinc-400">{k}</dt>
            <dd className="text-lg font-semibold tabular-nums">
              {href ? (
                <Link
                  href={href}
                  className="text-blue-700 hover:underline dark:text-blue-400"
                  title={`Show ${k} jobs`}
                >
                  {value}
                </Link>
              ) : (
                value
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

export function RunMessages({ errors, warnings }: { errors: string[]; warnings: string[] }) {
  if (errors.length === 0 && warnings.length === 0) return null;
  return (
    <div className="space-y-2">
      {errors.length > 0 ? (
        <div
          role="alert"
          data-testid="run-errors"
          className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200"
        >
          <p className="font-medium">Errors</p>
          <ul className="list-disc pl-5">
            {errors.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: messages may repeat
              <li key={i} className="break-words">
                {e}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <div
          data-testid="run-warnings"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
        >
          <p className="flex items-center gap-1.5 font-medium">
            <WarningIcon /> Warnings
          </p>
          <ul className="list-disc pl-5">
            {warnings.map((w, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: messages may repeat
              <li key={i} className="break-words">
                {w}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

const LEVEL_CLASS: Record<string, string> = {
  info: "text-zinc-700 dark:text-zinc-300",
  warn: "text-amber-800 dark:text-amber-300",
  error: "text-red-700 dark:text-red-400",
};

/** The run's log; follows new lines while the run works unless the reader scrolled up. */
export function RunLog({ log, live }: { log: LogLine[]; live: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when lines arrive
  useEffect(() => {
    const el = box.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [log.length]);
  return (
    <div
      ref={box}
      role="log"
      aria-label="Sync log"
      aria-live={live ? "polite" : "off"}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable log must be reachable by keyboard
      tabIndex={0}
      data-testid="run-log"
      onScroll={(e) => {
        const el = e.currentTarget;
        follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
      className="max-h-72 overflow-y-auto rounded-md border border-zinc-200 bg-zinc-50 p-2 font-mono text-xs dark:border-zinc-800 dark:bg-zinc-950"
    >
      {log.length === 0 ? (
        <p className="text-zinc-500">No log lines yet.</p>
      ) : (
        log.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows (or drops its head)
          <div key={i} className={cn("whitespace-pre-wrap break-words", LEVEL_CLASS[l.level])}>
            <time dateTime={l.t} className="text-zinc-500 dark:text-zinc-500">
              {new Date(l.t).toLocaleTimeString("en-GB")}
            </time>{" "}
            <span className="uppercase">{l.level}</span> {l.msg}
          </div>
        ))
      )}
    </div>
  );
}
