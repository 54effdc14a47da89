// Finding the next matching time, field by field (the strategy of proxmox-time's
// compute_next_event): when a field does not match, jump straight to the next value that
// does and reset all smaller fields, instead of scanning minute by minute.
import { civilFromDays, daysFromCivil, daysInMonth, isoWeekdayOfDays, SECONDS_PER_DAY } from "./civil";
import { isUtcZone, zoneClock } from "./time-zone";
import { type CalendarEvent, type CalendarValue, listContains, listNextAtLeast } from "./types";

/**
 * Proxmox gives up after 1000 loop iterations. Our loop advances at least as far per
 * iteration, so a larger cap finds everything Proxmox finds (and a little more); it only
 * matters for events that never fire, such as `02-30`, where it bounds the work to ~0.1 ms.
 */
const MAX_ITERATIONS = 10_000;
/** Rounds of "skip a DST gap / a time already passed" in a zone; a handful is ever needed. */
const MAX_ZONE_ROUNDS = 64;

interface Matcher {
  years: readonly CalendarValue[] | null;
  // next[v] = smallest allowed value >= v, or -1; null when every value is allowed.
  months: Int16Array | null;
  days: Int16Array | null;
  /** Bit (isoWeekday - 1) set for allowed days; 0 when every weekday is allowed. */
  weekdayMask: number;
  hours: Int16Array | null;
  minutes: Int16Array | null;
  seconds: Int16Array | null;
}

const matchers = new WeakMap<CalendarEvent, Matcher>();

function matcherFor(event: CalendarEvent): Matcher {
  let matcher = matchers.get(event);
  if (!matcher) {
    let mask = 0;
    for (const day of event.weekdays) mask |= 1 << (day - 1);
    matcher = {
      years: event.years.length > 0 ? event.years : null,
      months: nextTable(event.months, 1, 13),
      days: nextTable(event.days, 1, 32),
      weekdayMask: mask === 0x7f ? 0 : mask,
      hours: nextTable(event.hours, 0, 24),
      minutes: nextTable(event.minutes, 0, 60),
      seconds: nextTable(event.seconds, 0, 60),
    };
    matchers.set(event, matcher);
  }
  return matcher;
}

/** Lookup table for a bounded field, or null when the field allows every value in [min, max). */
function nextTable(list: readonly CalendarValue[], min: number, max: number): Int16Array | null {
  if (list.length === 0) return null;
  const table = new Int16Array(max + 1);
  table[max] = -1;
  let everything = true;
  for (let v = max - 1; v >= 0; v--) {
    const allowed = listContains(list, v);
    table[v] = allowed ? v : table[v + 1];
    if (v >= min && !allowed) everything = false;
  }
  return everything ? null : table;
}

/**
 * Smallest wall time >= `start` (wall seconds, see civil.ts) whose fields match, or null
 * when there is none within the iteration budget.
 */
export function searchWall(event: CalendarEvent, start: number): number | null {
  const m = matcherFor(event);
  let dayNumber = Math.floor(start / SECONDS_PER_DAY);
  let { year, month, day } = civilFromDays(dayNumber);
  const secondOfDay = start - dayNumber * SECONDS_PER_DAY;
  let hour = Math.floor(secondOfDay / 3600);
  let minute = Math.floor((secondOfDay % 3600) / 60);
  let second = secondOfDay % 60;

  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    if (m.years && !listContains(m.years, year)) {
      const next = listNextAtLeast(m.years, year);
      if (next === null) return null; // every allowed year is in the past
      year = next;
      month = 1;
      day = 1;
      startOfDay();
      continue;
    }
    if (m.months && m.months[month] !== month) {
      const next = m.months[month];
      if (next < 0) {
        year++;
        month = 1;
      } else {
        month = next;
      }
      day = 1;
      startOfDay();
      continue;
    }
    if (m.days && m.days[day] !== day) {
      const next = m.days[day];
      if (next < 0 || next > daysInMonth(year, month)) nextMonth();
      else {
        day = next;
        startOfDay();
      }
      continue;
    }
    dayNumber = daysFromCivil(year, month, day);
    if (m.weekdayMask !== 0) {
      const weekday = isoWeekdayOfDays(dayNumber);
      if ((m.weekdayMask & (1 << (weekday - 1))) === 0) {
        let skip = 1;
        while ((m.weekdayMask & (1 << ((weekday - 1 + skip) % 7))) === 0) skip++;
        advanceDays(skip);
        continue;
      }
    }
    if (m.hours && m.hours[hour] !== hour) {
      const next = m.hours[hour];
      if (next < 0) advanceDays(1);
      else {
        hour = next;
        minute = 0;
        second = 0;
      }
      continue;
    }
    if (m.minutes && m.minutes[minute] !== minute) {
      const next = m.minutes[minute];
      if (next < 0) advanceHours();
      else {
        minute = next;
        second = 0;
      }
      continue;
    }
    if (m.seconds && m.seconds[second] !== second) {
      const next = m.seconds[second];
      if (next < 0) {
        second = 0;
        minute++;
        if (minute === 60) advanceHours();
      } else {
        second = next;
      }
      continue;
    }
    return dayNumber * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
  }
  return null;

  // The helpers below move to the first second of the next candidate unit.
  function startOfDay(): void {
    hour = 0;
    minute = 0;
    second = 0;
  }

  function nextMonth(): void {
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
    day = 1;
    startOfDay();
  }

  function advanceDays(count: number): void {
    const length = daysInMonth(year, month);
    day += count;
    if (day > length) {
      day -= length;
      month++;
      if (month > 12) {
        month = 1;
        year++;
      }
    }
    startOfDay();
  }

  function advanceHours(): void {
    minute = 0;
    second = 0;
    hour++;
    if (hour === 24) advanceDays(1);
  }
}

/** Next matching epoch second strictly after `after`, evaluated in `timeZone`. */
export function nextAfter(event: CalendarEvent, after: number, timeZone: string): number | null {
  if (event.utc || isUtcZone(timeZone)) return searchWall(event, after + 1);

  const clock = zoneClock(timeZone);
  let start = clock.toWall(after + 1);
  for (let round = 0; round < MAX_ZONE_ROUNDS; round++) {
    const wall = searchWall(event, start);
    if (wall === null) return null;
    const resolved = clock.resolve(wall);
    if (resolved.kind === "gap") {
      // A local time that does not exist (spring forward) is skipped, not moved.
      start = resolved.gapEndWall;
    } else if (resolved.epoch <= after) {
      // `after` lies in the second pass of a repeated hour (fall back), and this wall time
      // already fired in the first pass, as does every wall time up to the end of the
      // repeated stretch. That end is the transition instant read with the old offset.
      const transition = clock.firstChange(resolved.epoch, after + 1);
      const repeatEnd = transition + clock.offset(resolved.epoch);
      start = repeatEnd > wall ? repeatEnd : wall + 1;
    } else {
      return resolved.epoch;
    }
  }
  return null;
}
