// Recovery point and overdue (issue 13): how old a job's last successful replication is, how long
// its schedule lets it go between runs, and when that age means the job is behind.
//
// Pure: no database, no clock (the caller passes `now`). Meant to be computed per job by the sync,
// which stores the instants (overdue_at, stuck_at) so that "overdue" is a comparison with now() in SQL.
import { nextEvent, parseCalendarEvent } from "./calendar-event";
import { isUtcZone, zoneClock } from "./calendar-event/time-zone";
import { type CalendarEvent, type CalendarValue, listContains } from "./calendar-event/types";

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** Default grace factor: a job is overdue after missing about one run (issue 13: "default 2"). */
export const DEFAULT_GRACE_FACTOR = 2;
/**
 * Default bound for "stuck": a run still going after an hour. Incremental runs take seconds to
 * minutes; a first full sync of a large disk can take longer, so the bound is per endpoint.
 */
export const DEFAULT_STUCK_AFTER_SECONDS = HOUR;
/** Default window over which the longest gap between events is looked for: two weeks (two weekly cycles). */
export const DEFAULT_WINDOW_DAYS = 14;
/**
 * pvescheduler looks for due jobs once a minute (PVE/Service/pvescheduler.pm), so a job never runs
 * more often than that, whatever its seconds field says: the effective interval is at least this.
 */
export const SCHEDULER_TICK_SECONDS = 60;

// ---------------------------------------------------------------------------------------------
// Expected interval
// ---------------------------------------------------------------------------------------------

/**
 * How a schedule fires within one wall-clock hour. Within an hour that matches (weekday, date and
 * hour fields are fixed for the whole hour), the events are exactly minute × second of the two
 * lists, so the gaps inside the hour are the same for every matching hour.
 */
interface HourPattern {
  /** The schedule reduced to the first event of each matching hour (first minute, first second). */
  hourStarts: CalendarEvent;
  /** Seconds from an hour's first event to its last one. */
  span: number;
  /** Longest gap between two events inside one hour; 0 when the hour holds a single event. */
  innerGap: number;
}

const patterns = new WeakMap<CalendarEvent, HourPattern>();

function allowedValues(list: readonly CalendarValue[], max: number): number[] {
  const values: number[] = [];
  for (let v = 0; v < max; v++) if (list.length === 0 || listContains(list, v)) values.push(v);
  return values;
}

function hourPatternOf(event: CalendarEvent): HourPattern | null {
  const cached = patterns.get(event);
  if (cached) return cached;
  const minutes = allowedValues(event.minutes, 60);
  const seconds = allowedValues(event.seconds, 60);
  if (minutes.length === 0 || seconds.length === 0) return null; // cannot happen after parsing; be safe
  const firstSecond = seconds[0];
  const lastSecond = seconds[seconds.length - 1];
  let innerGap = 0;
  for (let i = 1; i < seconds.length; i++) innerGap = Math.max(innerGap, seconds[i] - seconds[i - 1]);
  // From the last second of one allowed minute to the first second of the next allowed minute.
  for (let i = 1; i < minutes.length; i++) {
    innerGap = Math.max(innerGap, (minutes[i] - minutes[i - 1]) * MINUTE + firstSecond - lastSecond);
  }
  const pattern: HourPattern = {
    hourStarts: {
      ...event,
      source: `${event.source} (first event of each hour)`,
      minutes: [{ kind: "single", value: minutes[0] }],
      seconds: [{ kind: "single", value: firstSecond }],
    },
    span: (minutes[minutes.length - 1] - minutes[0]) * MINUTE + lastSecond - firstSecond,
    innerGap,
  };
  patterns.set(event, pattern);
  return pattern;
}

// Results are cached per (schedule, zone, window, hour): a sync asks for the same few schedules
// of thousands of jobs, and every job of one sync falls in one or two hours.
const intervalCache = new Map<string, number | null>();
const INTERVAL_CACHE_LIMIT = 10_000;

/**
 * The longest gap, in seconds, between consecutive events of `schedule` evaluated in `timeZone`.
 * The window starts at the start of the (UTC) hour holding `now`, so every call within one hour
 * gives the same answer, and lasts `windowDays`. Counted are the matching hours (wall-clock hours
 * in which the schedule fires) that begin in the window: the gaps between their events and from
 * their last event to the next one, even past the window's end. At least the first matching hour
 * counts, so a schedule sparser than the window (`monthly`) still gets its next gap.
 * Null when the schedule fires fewer than twice from then on (`2015-10-21`, a one-off date).
 *
 * Examples: `mon..fri 22:30` → 72 h (Friday 22:30 to Monday 22:30); `*\/15` → 900; `02:30` daily
 * in Europe/Berlin over the spring-forward day → 47 h (that day's 02:30 does not exist).
 *
 * Work is bounded by the number of matching hours (at most 24 × windowDays + 2), not by the number
 * of events: inside a matching hour the events are the minute × second pattern, whose gaps are the
 * same every hour, so each hour costs three nextEvent calls (an every-second schedule over 14 days
 * would otherwise be 1.2 million events). An hour is walked event by event only when a time-zone
 * transition makes the pattern unreliable (inside the hour, or a half-hour shift such as
 * Australia/Lord_Howe's that swallows only part of an hour). Results are cached per hour bucket.
 *
 * Throws on an invalid schedule (parse error) or an unknown time zone (RangeError).
 */
export function expectedInterval(
  schedule: string,
  timeZone: string,
  now: Date,
  windowDays = DEFAULT_WINDOW_DAYS,
): number | null {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (!Number.isFinite(nowSeconds)) throw new RangeError("now must be a valid Date");
  const windowStart = Math.floor(nowSeconds / HOUR) * HOUR;
  const key = `${schedule}\u0000${timeZone}\u0000${windowDays}\u0000${windowStart}`;
  if (intervalCache.has(key)) return intervalCache.get(key) ?? null;
  const result = longestGap(
    parseCalendarEvent(schedule),
    timeZone,
    windowStart,
    windowStart + windowDays * DAY,
  );
  if (intervalCache.size >= INTERVAL_CACHE_LIMIT) intervalCache.clear();
  intervalCache.set(key, result);
  return result;
}

function longestGap(
  event: CalendarEvent,
  timeZone: string,
  windowStart: number,
  windowEnd: number,
): number | null {
  const pattern = hourPatternOf(event);
  if (!pattern) return null;
  // Offsets only matter outside UTC; `zoneClock` also validates the zone (RangeError).
  const clock = event.utc || isUtcZone(timeZone) ? null : zoneClock(timeZone);
  const offset = (epoch: number) => (clock ? clock.offset(epoch) : 0);

  let longest: number | null = null;
  const record = (gap: number) => {
    if (longest === null || gap > longest) longest = gap;
  };

  /** Records the gaps from `from` event by event until an event at or after `until` (or beyond `hourEnd`). */
  const walk = (from: number, until: number | null, hourEnd: number) => {
    let at = from;
    // An hour holds at most 3,600 events; two when a half-hour shift splits one.
    for (let step = 0; step < 2 * HOUR; step++) {
      const next = nextEvent(event, at, timeZone);
      if (next === null) return;
      record(next - at);
      if (until === null ? next > hourEnd : next >= until) return;
      at = next;
    }
  };

  let hourStart = nextEvent(pattern.hourStarts, windowStart - 1, timeZone);
  // A half-hour DST gap can swallow an hour's first event but not its later ones (Lord Howe); the
  // window may open in such a partial hour, which the hour starts do not show.
  const firstEvent = nextEvent(event, windowStart - 1, timeZone);
  if (firstEvent !== null && (hourStart === null || firstEvent < hourStart)) {
    walk(firstEvent, hourStart, firstEvent + HOUR);
  }
  // Hours starting after the window still count while no gap has been seen (the first-gap rule).
  while (hourStart !== null && (hourStart <= windowEnd || longest === null)) {
    const hourEnd = hourStart + pattern.span;
    const nextHourStart = nextEvent(pattern.hourStarts, hourEnd, timeZone);
    // The pattern holds when the hour's events lie in one stretch of constant offset and the
    // schedule's next event after the hour's last is indeed the next matching hour's first.
    const contiguous = offset(hourStart) === offset(hourEnd);
    const following = contiguous ? nextEvent(event, hourEnd, timeZone) : null;
    if (contiguous && following === nextHourStart) {
      if (pattern.span > 0) record(pattern.innerGap);
      if (following !== null) record(following - hourEnd);
    } else {
      // Walk this hour event by event up to the next matching hour (only around a time-zone transition).
      walk(hourStart, nextHourStart, hourEnd);
    }
    hourStart = nextHourStart;
  }
  return longest;
}

// ---------------------------------------------------------------------------------------------
// Recovery point
// ---------------------------------------------------------------------------------------------

export interface RecoveryPointInput {
  /** Last successful sync (Proxmox `last_sync`); null when the job never synced. */
  lastSync: Date | null;
  /** Seconds the last run took (Proxmox `duration`); null when unknown. */
  lastDuration: number | null;
  /** The job's effective schedule (`*\/15` when Proxmox omits it). */
  schedule: string;
  /** The node's IANA time zone (GET /nodes/{node}/time); null or unknown → UTC. */
  timeZone: string | null;
  disabled: boolean;
  /** Proxmox `remove_job` (`local` | `full`) when the job is scheduled for removal. */
  removeJob: string | null;
  /**
   * Start of the run in progress, or null when none is. Proxmox sets `last_try` to the start time
   * when a run begins (ReplicationState::record_job_start), so while `pid` is set it is `last_try`.
   */
  syncingSince: Date | null;
  /** When Proxbox first saw the job: the reference for a job that never synced. */
  firstSeen?: Date | null;
  now: Date;
  graceFactor?: number;
  stuckAfterSeconds?: number;
  windowDays?: number;
}

export interface RecoveryPoint {
  /** now − last successful sync, in whole seconds (never negative); null when never synced. */
  ageSeconds: number | null;
  /** The schedule's longest gap, at least one scheduler tick; null when it fires fewer than twice more. */
  expectedIntervalSeconds: number | null;
  /** Where the overdue clock starts: the last sync, or first_seen for a job that never synced. */
  measuredFrom: "last_sync" | "first_seen" | null;
  /** The instant the job becomes overdue; null when it cannot (disabled, removal, no interval). */
  overdueAt: Date | null;
  overdue: boolean;
  /** The instant a run in progress counts as stuck; null when no run is in progress. */
  stuckAt: Date | null;
  stuck: boolean;
}

/** A zone Intl knows, else UTC (Proxmox evaluates in the node's zone; UTC is the best guess without it). */
function usableZone(timeZone: string | null): string {
  if (!timeZone) return "UTC";
  try {
    zoneClock(timeZone);
    return timeZone;
  } catch {
    return "UTC";
  }
}

/**
 * Recovery point age, expected interval, overdue and stuck for one job at `now`.
 *
 * Overdue: age > expected interval × grace factor + last duration (the allowance for the run that
 * should have finished), i.e. now > overdueAt. Disabled jobs and jobs scheduled for removal are
 * never overdue: nothing is expected of them. A job that never synced is measured from first_seen
 * (when Proxbox first saw it in the cluster config): Proxmox runs a new job at the next minute tick,
 * so one that still has no sync after the allowance is really behind, while a job created a moment
 * before the sync is not flagged at once. Its age stays null: there is no recovery point to age.
 *
 * Stuck: a run in progress for longer than `stuckAfterSeconds`, whatever the job's other state.
 */
export function recoveryPoint(input: RecoveryPointInput): RecoveryPoint {
  const {
    lastSync,
    lastDuration,
    schedule,
    disabled,
    removeJob,
    syncingSince,
    firstSeen = null,
    now,
    graceFactor = DEFAULT_GRACE_FACTOR,
    stuckAfterSeconds = DEFAULT_STUCK_AFTER_SECONDS,
    windowDays = DEFAULT_WINDOW_DAYS,
  } = input;
  const nowMs = now.getTime();

  const ageSeconds = lastSync ? Math.max(0, Math.floor((nowMs - lastSync.getTime()) / 1000)) : null;

  let interval: number | null = null;
  try {
    interval = expectedInterval(schedule, usableZone(input.timeZone), now, windowDays);
  } catch {
    interval = null; // an unparsable schedule has no expectation (Proxmox gives it next_sync = 0)
  }
  const expectedIntervalSeconds = interval === null ? null : Math.max(interval, SCHEDULER_TICK_SECONDS);

  const reference = lastSync ?? firstSeen;
  const measuredFrom = lastSync ? "last_sync" : firstSeen ? "first_seen" : null;
  let overdueAt: Date | null = null;
  if (!disabled && !removeJob && reference && expectedIntervalSeconds !== null) {
    const allowance = expectedIntervalSeconds * graceFactor + Math.max(0, lastDuration ?? 0);
    overdueAt = new Date(reference.getTime() + allowance * 1000);
  }

  const stuckAt = syncingSince ? new Date(syncingSince.getTime() + stuckAfterSeconds * 1000) : null;

  return {
    ageSeconds,
    expectedIntervalSeconds,
    measuredFrom,
    overdueAt,
    overdue: overdueAt !== null && nowMs > overdueAt.getTime(),
    stuckAt,
    stuck: stuckAt !== null && nowMs > stuckAt.getTime(),
  };
}
