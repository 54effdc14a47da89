"use client";

import { describeCalendarEvent, isValidCalendarEvent, nextEvent } from "@/lib/calendar-event";
import { formatExact, formatRelative } from "./format";
import { useNow } from "./relative-time";
import { TooltipText } from "./tooltip";

/**
 * A calendar-event schedule: the raw string (monospace, as Proxmox shows it); its plain-English
 * meaning and the next run (in the cluster's time zone) on hover/focus, or inline with `showMeaning`.
 */
export function Schedule({
  value,
  timeZone = "UTC",
  showMeaning = false,
}: {
  value: string;
  timeZone?: string | null;
  showMeaning?: boolean;
}) {
  const now = useNow(60_000);
  const tz = timeZone || "UTC";
  const valid = isValidCalendarEvent(value);
  const meaning = describeCalendarEvent(value);
  let next: number | null = null;
  if (valid) {
    try {
      next = nextEvent(value, now / 1000, tz);
    } catch {
      next = null;
    }
  }
  const nextText =
    next === null
      ? "never fires again"
      : `${formatExact(new Date(next * 1000), tz)} (${formatRelative(new Date(next * 1000), now)})`;
  const details = (
    <span className="flex flex-col gap-0.5">
      <span>{meaning}</span>
      {valid ? <span>Next run: {nextText}</span> : null}
    </span>
  );
  return (
    <span className="inline-flex flex-col">
      <TooltipText content={details} label={`Schedule ${value}: ${meaning}`} className="w-fit no-underline">
        <code className="rounded bg-zinc-100 px-1 font-mono text-xs text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100">
          {value}
        </code>
      </TooltipText>
      {showMeaning ? (
        <span className="text-xs text-zinc-600 dark:text-zinc-400" suppressHydrationWarning>
          {meaning}
        </span>
      ) : null}
    </span>
  );
}
