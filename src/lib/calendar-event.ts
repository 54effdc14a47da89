// Proxmox VE calendar events: the schedule format of `pvesr` replication jobs.
//
// Semantics follow PVE::CalendarEvent + proxmox-time (see docs in shared/spec proxmox-api.md
// §4): `[weekdays] [[year-]month-day] [[hour:]minute[:second]]` or a keyword, evaluated in
// the node's time zone unless the text ends in `UTC`. Helpers live in ./calendar-event/.
import { describeEvent } from "./calendar-event/describe";
import { parseEvent } from "./calendar-event/parse";
import { nextAfter } from "./calendar-event/search";
import type { CalendarEvent } from "./calendar-event/types";

export { MAX_SCHEDULE_LENGTH } from "./calendar-event/parse";
export type { CalendarEvent, CalendarKeyword, CalendarValue } from "./calendar-event/types";

// The simulator asks for the next event of the same few schedule strings again and again;
// parsed events are immutable, so they can be shared.
const parsedCache = new Map<string, CalendarEvent>();
const PARSED_CACHE_LIMIT = 10_000;

/**
 * Parses a schedule. Throws an Error naming the problem in Proxmox's words, e.g.
 * "invalid calendar event '61' - time value too large: '61'".
 */
export function parseCalendarEvent(text: string): CalendarEvent {
  const cached = parsedCache.get(text);
  if (cached) return cached;
  const event = parseEvent(text);
  if (parsedCache.size >= PARSED_CACHE_LIMIT) parsedCache.clear();
  parsedCache.set(text, event);
  return event;
}

export function isValidCalendarEvent(text: string): boolean {
  try {
    parseCalendarEvent(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * First epoch second strictly after `afterEpochSeconds` at which the event fires, or null
 * when it never fires again (e.g. `2021-02-29`, or `2015-10-21` once 2015 is over).
 *
 * Fields are read in the IANA `timeZone` (default UTC) unless the event ends in `UTC`.
 * A local time skipped by a DST change does not fire; a repeated one fires only on its
 * first occurrence.
 */
export function nextEvent(
  event: CalendarEvent | string,
  afterEpochSeconds: number,
  timeZone = "UTC",
): number | null {
  const parsed = typeof event === "string" ? parseCalendarEvent(event) : event;
  if (!Number.isFinite(afterEpochSeconds)) {
    throw new RangeError(`afterEpochSeconds must be a finite number, got ${afterEpochSeconds}`);
  }
  // Proxmox works in whole seconds; a fractional `after` belongs to its second.
  return nextAfter(parsed, Math.floor(afterEpochSeconds), timeZone);
}

/** Up to `count` successive events after `afterEpochSeconds` (fewer if the event stops firing). */
export function nextEvents(
  event: CalendarEvent | string,
  afterEpochSeconds: number,
  count: number,
  timeZone = "UTC",
): number[] {
  const parsed = typeof event === "string" ? parseCalendarEvent(event) : event;
  const result: number[] = [];
  let after = afterEpochSeconds;
  while (result.length < count) {
    const next = nextEvent(parsed, after, timeZone);
    if (next === null) break;
    result.push(next);
    after = next;
  }
  return result;
}

/**
 * Plain-English description, e.g. "Mon–Fri at 22:30" or "every 15 minutes". Never throws:
 * invalid text gives "invalid schedule: <reason>".
 */
export function describeCalendarEvent(text: string): string {
  try {
    return describeEvent(parseCalendarEvent(text));
  } catch (error) {
    return `invalid schedule: ${error instanceof Error ? error.message : String(error)}`;
  }
}
