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
