"use client";

import { useEffect, useState } from "react";
import { Dash } from "./badge";
import { formatExact, formatRelative } from "./format";
import { TooltipText } from "./tooltip";

export { formatExact, formatRelative };

/** Re-renders every `intervalMs` so relative times stay true while a page is open. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

/** "5 minutes ago" with the exact time on hover/focus; a dash when empty. */
export function RelativeTime({
  value,
  timeZone,
  fallback,
}: {
  value: Date | string | null | undefined;
  timeZone?: string;
  fallback?: React.ReactNode;
}) {
  const now = useNow();
  if (value === null || value === undefined) return <>{fallback ?? <Dash />}</>;
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return <Dash />;
  const exact = formatExact(date, timeZone);
  const relative = formatRelative(date, now);
  return (
    <TooltipText content={exact} label={`${relative} (${exact})`} className="whitespace-nowrap">
      <time dateTime={date.toISOString()} suppressHydrationWarning>
        {relative}
      </time>
    </TooltipText>
  );
}

/** An instant written out in the given zone, then how long ago (or until) it is: "2026-12-03 10:00:00 (5 min ago)". */
export function ExactAndRelativeTime({ value, timeZone = "UTC" }: { value: Date; timeZone?: string }) {
  return (
    <span className="inline-flex flex-wrap gap-x-2">
      <span>{formatExact(value, timeZone)}</span>
      <span className="text-zinc-600 dark:text-zinc-400">
        (<RelativeTime value={value} timeZone={timeZone} />)
      </span>
    </span>
  );
}
