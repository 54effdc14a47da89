"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { HEALTH_LABELS, HEALTH_SEVERITY, HEALTH_STATES, type HealthState } from "@/lib/vocabulary";
import { HEALTH_BG, HEALTH_FILL } from "./health-colors";

// Active jobs by health state: a stacked bar (worst state first, each segment a link to the
// filtered list) and the same numbers as a table.

const WORST_FIRST = [...HEALTH_STATES].sort((a, b) => HEALTH_SEVERITY[b] - HEALTH_SEVERITY[a]);
const hrefFor = (s: HealthState) => `/replications?status=active&health=${s}`;

export function HealthBar({ counts }: { counts: Record<HealthState, number> }) {
  const router = useRouter();
  const total = WORST_FIRST.reduce((n, s) => n + counts[s], 0);
  let x = 0;
  const pct = (n: number) => (total ? Math.round((n / total) * 1000) / 10 : 0);
  return (
    <div className="space-y-4">
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG of links; a <fieldset> cannot be one */}
      <svg
        viewBox="0 0 1000 48"
        preserveAspectRatio="none"
        className="h-12 w-full overflow-hidden rounded-md bg-zinc-100 dark:bg-zinc-800"
        role="group"
        aria-label={`Health of ${total} active jobs`}
        data-testid="health-bar"
      >
        {total > 0
          ? WORST_FIRST.filter((s) => counts[s] > 0).map((s) => {
              const w = (counts[s] / total) * 1000;
              const rect = (
                <a
                  key={s}
                  href={hrefFor(s)}
                  aria-label={`${HEALTH_LABELS[s]}: ${counts[s]} jobs`}
                  data-health={s}
                  onClick={(e) => {
                    e.preventDefault();
                    router.push(hrefFor(s));
                  }}
                  className="outline-none focus-visible:opacity-70 hover:opacity-80"
                >
                  <title>{`${HEALTH_LABELS[s]}: ${counts[s]} jobs (${pct(counts[s])}%)`}</title>
                  <rect x={x} y={0} width={w} height={48} className={HEALTH_FILL[s]} />
                </a>
              );
              x += w;
              return rect;
            })
          : null}
      </svg>
      <ul
        aria-label="Active jobs by health state"
        className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4 lg:grid-cols-7"
        data-testid="health-counts"
      >
        {WORST_FIRST.map((s) => (
          <li key={s} data-health={s} className="flex items-center gap-2">
            <span aria-hidden="true" className={`inline-block size-3 shrink-0 rounded-sm ${HEALTH_BG[s]}`} />
            <Link href={hrefFor(s)} className="hover:underline">
              {HEALTH_LABELS[s]}
            </Link>
            <span className="font-semibold tabular-nums" data-testid={`health-count-${s}`}>
              {counts[s]}
            </span>
            <span className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">{pct(counts[s])}%</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
