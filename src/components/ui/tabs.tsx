"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { cn, focusRing } from "./cn";

const triggerClass = cn(
  "-mb-px inline-flex items-center gap-1.5 border-b-2 border-transparent px-3 py-2 text-sm font-medium text-zinc-600 hover:text-zinc-900 data-[state=active]:border-blue-700 data-[state=active]:text-zinc-900 aria-[current=page]:border-blue-700 aria-[current=page]:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100 dark:data-[state=active]:border-blue-400 dark:data-[state=active]:text-zinc-100 dark:aria-[current=page]:border-blue-400 dark:aria-[current=page]:text-zinc-100",
  focusRing,
);

/** Tabs that are links (each tab its own URL, NetBox-style), the current one marked aria-current. */
export function LinkTabs({
  tabs,
  current,
  label,
}: {
  tabs: { href: string; label: ReactNode; id: string; badge?: ReactNode }[];
  current: string;
  label: string;
}) {
  return (
    <nav
      aria-label={label}
      className="flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800"
    >
      {tabs.map((t) => (
        <Link
          key={t.id}
          href={t.href}
          aria-current={t.id === current ? "page" : undefined}
          className={triggerClass}
          scroll={false}
        >
          {t.label}
          {t.badge !== undefined ? (
            <span className="rounded bg-zinc-200 px-1.5 text-xs dark:bg-zinc-800">{t.badge}</span>
          ) : null}
        </Link>
      ))}
    </nav>
  );
}
