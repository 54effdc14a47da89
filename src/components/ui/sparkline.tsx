import { cn } from "./cn";

// Small time-series pictures as inline SVG (no chart library): points placed on a fixed time axis, so
// gaps without data show as gaps in time, not as squeezed lines. Usable in server and client components.

export interface SparkPoint {
  /** Milliseconds since the epoch. */
  t: number;
  v: number | null;
}

export interface SparkSeries {
  key: string;
  label: string;
  points: SparkPoint[];
  /** Tailwind stroke class (literal, e.g. from health-colors.ts). */
  stroke: string;
}

const W = 300;
const H = 48;
const PAD = 3;

function scale(series: SparkSeries[], from: number, to: number) {
  let max = 0;
  for (const s of series) for (const p of s.points) if (p.v !== null && p.v > max) max = p.v;
  const span = Math.max(1, to - from);
  const x = (t: number) => PAD + ((t - from) / span) * (W - 2 * PAD);
  const y = (v: number) => H - PAD - (max > 0 ? (v / max) * (H - 2 * PAD) : 0);
  return { max, x, y };
}

/**
 * One or more series over [from, to] on a shared y scale from 0 to the largest value. Each series is
 * a polyline through its points (a null value breaks the line); a lone point shows as a dot.
 */
export function Sparkline({
  series,
  from,
  to,
  label,
  className,
  testId,
}: {
  series: SparkSeries[];
  from: number;
  to: number;
  /** What the picture shows, for screen readers (the numbers should also be in text nearby). */
  label: string;
  className?: string;
  testId?: string;
}) {
  const { x, y } = scale(series, from, to);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      data-testid={testId}
      className={cn("h-12 w-full rounded bg-zinc-50 dark:bg-zinc-800/60", className)}
    >
      {series.map((s) => {
        const runs: SparkPoint[][] = [[]];
        for (const p of s.points) {
          if (p.v === null) runs.push([]);
          else runs[runs.length - 1].push(p);
        }
        return (
          <g key={s.key} data-series={s.key} className={s.stroke} fill="none">
            {runs
              .filter((run) => run.length > 0)
              .map((run) =>
                run.length === 1 ? (
                  <circle
                    key={run[0].t}
                    cx={x(run[0].t)}
                    cy={y(run[0].v ?? 0)}
                    r={1}
                    strokeWidth={3}
                    vectorEffect="non-scaling-stroke"
                  />
                ) : (
                  <polyline
                    key={run[0].t}
                    points={run.map((p) => `${x(p.t).toFixed(1)},${y(p.v ?? 0).toFixed(1)}`).join(" ")}
                    strokeWidth={1.5}
                    strokeLinejoin="round"
                    vectorEffect="non-scaling-stroke"
                  />
                ),
              )}
          </g>
        );
      })}
    </svg>
  );
}
