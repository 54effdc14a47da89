import { Badge } from "@/components/ui/badge";
import { AttributePanel, Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatExact } from "@/components/ui/format";
import { HealthBadge } from "@/components/ui/health-badge";
import { ExactAndRelativeTime } from "@/components/ui/relative-time";
import { Sparkline } from "@/components/ui/sparkline";
import { formatDuration } from "@/lib/format-duration";
import { formatInterval } from "@/lib/format-interval";
import type { HealthHistory, JobRecoveryPoint } from "@/server/health-history/service";
import { HEALTH_STROKE } from "../overview/health-colors";

// The detail page's "Recovery point" and "Health history" panels (issue 13): how old the job's
// newest replica is against what its schedule promises, and how its health went over the last days.

/** Overdue / Stuck / On schedule, as badges (also used in the panel's header). */
export function RecoveryBadges({ point }: { point: JobRecoveryPoint }) {
  return (
    <span className="inline-flex flex-wrap gap-1" data-testid="recovery-badges">
      {point.overdue ? (
        <Badge tone="red" data-testid="badge-overdue">
          Overdue
        </Badge>
      ) : null}
      {point.stuck ? (
        <Badge tone="amber" data-testid="badge-stuck">
          Stuck
        </Badge>
      ) : null}
      {!point.overdue && !point.stuck && point.overdueAt ? <Badge tone="green">On schedule</Badge> : null}
    </span>
  );
}

function overdueText(point: JobRecoveryPoint, disabled: boolean, removeJob: string | null) {
  if (point.overdueAt) {
    return (
      <span className="inline-flex flex-wrap items-center gap-2" data-testid="overdue-at">
        <span>{point.overdue ? "overdue since" : "becomes overdue"}</span>
        <ExactAndRelativeTime value={point.overdueAt} timeZone={point.timeZone} />
      </span>
    );
  }
  if (disabled) return "never: the job is disabled";
  if (removeJob) return "never: the job is scheduled for removal";
  if (point.expectedIntervalSeconds === null) return "never: the schedule does not fire again";
  return "never: no last sync and no first-seen time to measure from";
}

export function RecoveryPointPanel({
  point,
  disabled,
  removeJob,
  schedule,
}: {
  point: JobRecoveryPoint;
  disabled: boolean;
  removeJob: string | null;
  schedule: string;
}) {
  return (
    <AttributePanel
      title="Recovery point"
      actions={<RecoveryBadges point={point} />}
      attributes={[
        {
          field: "recovery_point_age",
          label: "Recovery point age",
          value:
            point.ageSeconds !== null && point.lastSync ? (
              <span className="inline-flex flex-wrap gap-x-2" data-testid="recovery-age">
                <span className="tabular-nums">{formatDuration(point.ageSeconds)}</span>
                <span className="text-zinc-600 dark:text-zinc-400">
                  (last sync {formatExact(point.lastSync, point.timeZone)})
                </span>
              </span>
            ) : (
              <span data-testid="recovery-age">never synced</span>
            ),
        },
        {
          field: "expected_interval",
          label: "Expected interval",
          value:
            point.expectedIntervalSeconds === null ? null : (
              <span>
                <span data-testid="expected-interval" className="tabular-nums">
                  {formatInterval(point.expectedIntervalSeconds)}
                </span>{" "}
                <span className="text-zinc-600 dark:text-zinc-400">
                  (longest gap of <code>{schedule}</code> in {point.timeZone})
                </span>
              </span>
            ),
        },
        {
          field: "overdue_at",
          label: "Overdue",
          value: (
            <span className="space-y-1">
              {overdueText(point, disabled, removeJob)}
              {point.overdueAt && point.expectedIntervalSeconds !== null ? (
                <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                  {point.measuredFrom === "first_seen" ? "first seen" : "last sync"} + interval ×{" "}
                  {point.graceFactor} (grace factor) + last duration
                </span>
              ) : null}
            </span>
          ),
        },
        {
          field: "stuck_at",
          label: "Stuck",
          value: point.stuckAt ? (
            <span className="inline-flex flex-wrap items-center gap-2">
              <span>{point.stuck ? "syncing for too long, since" : "syncing; stuck after"}</span>
              <ExactAndRelativeTime value={point.stuckAt} timeZone={point.timeZone} />
            </span>
          ) : (
            `not syncing (a run counts as stuck after ${formatDuration(point.stuckAfterSeconds)})`
          ),
        },
        {
          field: "source_node",
          label: "Source node",
          value: point.sourceNode ? (
            <span className="inline-flex items-center gap-2">
              {point.sourceNode.name}
              <Badge tone={point.sourceNode.online ? "green" : "amber"} data-testid="source-node-state">
                {point.sourceNode.online ? "online" : "offline"}
              </Badge>
            </span>
          ) : null,
        },
      ]}
    />
  );
}

function pct(n: number): string {
  return `${Number(n.toFixed(1))}%`;
}

export function HealthHistoryPanel({ history, timeZone }: { history: HealthHistory; timeZone: string }) {
  const from = history.from.getTime();
  const to = history.to.getTime();
  const durations = history.series.filter((p) => p.duration !== null);
  const failures = history.series.filter((p) => p.failCount !== null);
  const maxDuration = durations.reduce((m, p) => Math.max(m, p.duration ?? 0), 0);
  const maxFailures = failures.reduce((m, p) => Math.max(m, p.failCount ?? 0), 0);
  const { healthy } = history;
  return (
    <Card aria-labelledby="panel-health-history">
      <CardHeader id="panel-health-history" title={`Health history (last ${history.days} days)`} />
      <CardBody className="space-y-4 text-sm">
        <p data-testid="healthy-share">
          {healthy.percent === null ? (
            `No health reading in the last ${history.days} days.`
          ) : (
            <>
              Healthy (OK or syncing){" "}
              <strong className="tabular-nums" data-testid="healthy-percent">
                {pct(healthy.percent)}
              </strong>{" "}
              of the last {history.days} days
              {healthy.observedSeconds < history.days * 86_400 - 60 ? (
                <span className="text-zinc-600 dark:text-zinc-400">
                  {" "}
                  (of the {formatDuration(healthy.observedSeconds)} with a reading)
                </span>
              ) : null}
            </>
          )}
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          <figure className="space-y-1">
            <figcaption className="flex justify-between text-xs text-zinc-600 dark:text-zinc-400">
              <span>Duration</span>
              <span className="tabular-nums">
                {durations.length ? `max ${formatDuration(maxDuration)}` : "no runs recorded"}
              </span>
            </figcaption>
            <Sparkline
              testId="sparkline-duration"
              from={from}
              to={to}
              label={`Run duration over the last ${history.days} days, longest ${formatDuration(maxDuration)}`}
              series={[
                {
                  key: "duration",
                  label: "Duration",
                  stroke: HEALTH_STROKE.syncing,
                  points: durations.map((p) => ({ t: p.at.getTime(), v: p.duration })),
                },
              ]}
            />
          </figure>
          <figure className="space-y-1">
            <figcaption className="flex justify-between text-xs text-zinc-600 dark:text-zinc-400">
              <span>Fail count</span>
              <span className="tabular-nums">
                {failures.length ? `max ${maxFailures}` : "no runs recorded"}
              </span>
            </figcaption>
            <Sparkline
              testId="sparkline-failures"
              from={from}
              to={to}
              label={`Fail count over the last ${history.days} days, highest ${maxFailures}`}
              series={[
                {
                  key: "fail_count",
                  label: "Fail count",
                  stroke: HEALTH_STROKE.error,
                  points: failures.map((p) => ({ t: p.at.getTime(), v: p.failCount })),
                },
              ]}
            />
          </figure>
        </div>
        <div>
          <h3 className="mb-1 font-medium">
            State changes ({history.transitionCount}
            {history.transitionCount > history.transitions.length
              ? `, newest ${history.transitions.length} shown`
              : ""}
            )
          </h3>
          {history.transitions.length === 0 ? (
            <p className="text-zinc-600 dark:text-zinc-400">
              No state change in the last {history.days} days.
            </p>
          ) : (
            <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="health-timeline">
              {history.transitions.map((t) => (
                <li
                  key={`${t.at.getTime()}-${t.health}`}
                  className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5"
                  data-health={t.health}
                >
                  <time
                    dateTime={t.at.toISOString()}
                    className="tabular-nums text-zinc-700 dark:text-zinc-300"
                  >
                    {formatExact(t.at, timeZone)}
                  </time>
                  <span className="inline-flex items-center gap-1.5">
                    {t.previous ? <HealthBadge health={t.previous} /> : <span>first reading</span>}
                    <span aria-hidden="true">→</span>
                    <span className="sr-only">to</span>
                    <HealthBadge health={t.health} />
                  </span>
                  {t.error ? (
                    <span className="w-full break-words text-xs text-red-800 dark:text-red-300">
                      {t.error}
                    </span>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </div>
      </CardBody>
    </Card>
  );
}
