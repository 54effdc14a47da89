/**
 * Parsed representation of a Proxmox VE calendar event (the `pvesr` schedule format).
 *
 * The shape mirrors proxmox-time's `CalendarEvent`: one value list per field, where an
 * empty list means "any value" (`*`). Keeping the component form (instead of expanding
 * to sets) keeps the parse result close to what the user wrote.
 */

// One comma-separated component of a field: `V`, `V..E`, `V/R` or `V..E/R`; `*/R` becomes
// a repetition from the field's minimum.
export type CalendarValue =
  | { readonly kind: "single"; readonly value: number }
  | { readonly kind: "range"; readonly start: number; readonly end: number }
  // `end: null` is an open repetition (`V/R`, `*/R`); for years it has no upper bound.
  | { readonly kind: "repeated"; readonly start: number; readonly step: number; readonly end: number | null };

export type CalendarKeyword =
  | "minutely"
  | "hourly"
  | "daily"
  | "weekly"
  | "monthly"
  | "yearly"
  | "annually"
  | "quarterly"
  | "semiannually"
  | "semi-annually";

export interface CalendarEvent {
  /** The schedule text as parsed (trimmed, including a trailing `UTC`). */
  readonly source: string;
  /** True when the text ends in `UTC`: fields are then evaluated in UTC, whatever the node's zone. */
  readonly utc: boolean;
  /** Set when the text is one of the keyword shortcuts (`daily`, `monthly`, ...). */
  readonly keyword: CalendarKeyword | null;
  /** ISO weekday numbers, 1 = Monday … 7 = Sunday, ascending; empty = every day. */
  readonly weekdays: readonly number[];
  /** Empty list = any value. Years are < 2200 as written, but open repetitions continue past it. */
  readonly years: readonly CalendarValue[];
  /** 1..12 as written; 0 parses (Proxmox only checks the upper bound) but never matches. */
  readonly months: readonly CalendarValue[];
  /** 1..31 as written; 0 parses but never matches. */
  readonly days: readonly CalendarValue[];
  readonly hours: readonly CalendarValue[];
  readonly minutes: readonly CalendarValue[];
  readonly seconds: readonly CalendarValue[];
}

/** Does one field list contain `value`? Same rules as proxmox-time's `DateTimeValue::contains`. */
export function listContains(list: readonly CalendarValue[], value: number): boolean {
  for (const item of list) {
    if (valueContains(item, value)) return true;
  }
  return false;
}

function valueContains(item: CalendarValue, value: number): boolean {
  switch (item.kind) {
    case "single":
      return item.value === value;
    case "range":
      return value >= item.start && value <= item.end;
    case "repeated":
      if (value < item.start) return false;
      if (item.end !== null && value > item.end) return false;
      // A step of 0 (`5/0`) degenerates to the start value only, as in Proxmox.
      return item.step === 0 ? value === item.start : (value - item.start) % item.step === 0;
  }
}

/** Smallest value >= `from` contained in `list`, or null. Used for the unbounded year field. */
export function listNextAtLeast(list: readonly CalendarValue[], from: number): number | null {
  let best: number | null = null;
  for (const item of list) {
    let candidate: number | null = null;
    if (item.kind === "single") {
      candidate = item.value >= from ? item.value : null;
    } else if (item.kind === "range") {
      candidate = from <= item.end ? Math.max(from, item.start) : null;
    } else if (from <= item.start) {
      candidate = item.start;
    } else if (item.step > 0) {
      const n = item.start + Math.ceil((from - item.start) / item.step) * item.step;
      candidate = item.end === null || n <= item.end ? n : null;
    }
    if (candidate !== null && (best === null || candidate < best)) best = candidate;
  }
  return best;
}
