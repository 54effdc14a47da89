"use client";

import { Search, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { cn, focusRing } from "@/components/ui/cn";

/** NetBox's quick search: `q`, sent 500 ms after the last keystroke (or at once on Enter). */
export function QuickSearch({
  value,
  onChange,
  delayMs = 500,
  label = "Quick search",
}: {
  value: string;
  onChange(value: string): void;
  delayMs?: number;
  label?: string;
}) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastSent = useRef(value);
  // Back/forward or a cleared pill changes the URL: show what the URL says.
  useEffect(() => {
    if (value !== lastSent.current) {
      lastSent.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => () => (timer.current ? clearTimeout(timer.current) : undefined), []);
  const send = (next: string) => {
    if (timer.current) clearTimeout(timer.current);
    if (next.trim() === lastSent.current.trim()) return;
    lastSent.current = next;
    onChange(next);
  };
  return (
    <div className="relative w-full max-w-xs">
      <Search
        aria-hidden="true"
        className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-zinc-500"
      />
      <input
        type="search"
        aria-label={label}
        placeholder="Quick search"
        value={text}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => send(next), delayMs);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") send(text);
          if (e.key === "Escape" && text) {
            setText("");
            send("");
          }
        }}
        className={cn(
          "h-9 w-full rounded-md border border-zinc-300 bg-white pr-8 pl-8 text-sm placeholder:text-zinc-500 dark:border-zinc-700 dark:bg-zinc-900 [&::-webkit-search-cancel-button]:hidden",
          focusRing,
        )}
      />
      {text ? (
        <button
          type="button"
          aria-label="Clear search"
          onClick={() => {
            setText("");
            send("");
          }}
          className={cn(
            "absolute top-2 right-2 rounded text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100",
            focusRing,
          )}
        >
          <X aria-hidden="true" className="size-4" />
        </button>
      ) : null}
    </div>
  );
}
