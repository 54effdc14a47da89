// Plain-English rendering of a parsed calendar event, e.g. "Mon–Fri at 22:30".
//
// Fields are expanded to sets first, so equivalent spellings read the same (`*/1:00` and
// `hourly` both say "every hour"). Common shapes get a natural phrase; anything else falls
// back to listing the values, which stays correct for every grammar combination.
import { daysInMonth } from "./civil";
import { type CalendarEvent, type CalendarKeyword, type CalendarValue, listContains } from "./types";

const KEYWORD_TEXT: Readonly<Record<CalendarKeyword, string>> = {
  minutely: "every minute",
  hourly: "every hour",
  daily: "every day at 00:00",
  weekly: "weekly (Mon at 00:00)",
  monthly: "monthly (1st at 00:00)",
  yearly: "yearly (Jan 1 at 00:00)",
  annually: "yearly (Jan 1 at 00:00)",
  quarterly: "quarterly (Jan 1, Apr 1, Jul 1 and Oct 1 at 00:00)",
  semiannually: "semi-annually (Jan 1 and Jul 1 at 00:00)",
  "semi-annually": "semi-annually (Jan 1 and Jul 1 at 00:00)",
};
const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
// Longest each month can be, to spot dates that exist in no year (`02-30`).
const MAX_MONTH_LENGTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function describeEvent(event: CalendarEvent): string {
  const text = event.keyword ? KEYWORD_TEXT[event.keyword] : describeFields(event);
  return event.utc ? `${text} (UTC)` : text;
}

function describeFields(event: CalendarEvent): string {
  const months = expand(event.months, 1, 13);
  const days = expand(event.days, 1, 32);
  if (!months.some((m) => days.some((d) => d <= MAX_MONTH_LENGTH[m - 1]))) {
    return "never (no such date)";
  }
  const only = event.years.length === 1 ? event.years[0] : null;
  if (only?.kind === "single" && months.length === 1 && days.length === 1) {
    if (days[0] > daysInMonth(only.value, months[0])) {
      return `never (${only.value}-${pad(months[0])}-${pad(days[0])} does not exist)`;
    }
  }
  const weekdays = weekdayText(event.weekdays);
  const date = dateText(event.years, months, days);
  const time = timeText(
    expand(event.hours, 0, 24),
    expand(event.minutes, 0, 60),
    expand(event.seconds, 0, 60),
  );
  let prefix = "";
  if (weekdays && date) {
    prefix = date.startsWith("every day in ") ? `${weekdays} in ${date.slice(13)}` : `${weekdays}, ${date}`;
  } else if (weekdays) {
    prefix = weekdays;
  } else if (date) {
    prefix = date.startsWith("every ") ? date : `on ${date}`;
  }
  if (!prefix) return time.startsWith("at ") ? `every day ${time}` : time;
  return date && time.startsWith("every ") ? `${prefix}, ${time}` : `${prefix} ${time}`;
}

/** Sorted values in [min, max) that the field allows (every value when the list is empty). */
function expand(list: readonly CalendarValue[], min: number, max: number): number[] {
  const values: number[] = [];
  for (let v = min; v < max; v++) if (list.length === 0 || listContains(list, v)) values.push(v);
  return values;
}

const pad = (n: number): string => String(n).padStart(2, "0");

function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Consecutive runs, e.g. [1,2,3,5] → [[1,3],[5,5]]. */
function runs(values: readonly number[]): Array<[number, number]> {
  const result: Array<[number, number]> = [];
  for (const v of values) {
    const last = result[result.length - 1];
    if (last && last[1] === v - 1) last[1] = v;
    else result.push([v, v]);
  }
  return result;
}

/** "Jan–Mar, Jun": runs of three or more get a dash, shorter runs are listed. */
function listText(values: readonly number[], name: (v: number) => string): string {
  const pieces: string[] = [];
  for (const [a, b] of runs(values)) {
    if (b - a >= 2) pieces.push(`${name(a)}–${name(b)}`);
    else for (let v = a; v <= b; v++) pieces.push(name(v));
  }
  return pieces.join(", ");
}

/** Step of an arithmetic progression of at least two values, or null. */
function stepOf(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const step = values[1] - values[0];
  for (let i = 2; i < values.length; i++) if (values[i] - values[i - 1] !== step) return null;
  return step;
}

function weekdayText(weekdays: readonly number[]): string {
  if (weekdays.length === 0 || weekdays.length === 7) return "";
  // When both Sunday and Monday are in, start after a missing day so that a wrapping
  // range like fri..mon stays one run ("Fri–Mon") instead of "Mon, Fri–Sun".
  let first = 1;
  if (weekdays.includes(1) && weekdays.includes(7)) {
    while (weekdays.includes(first)) first++;
  }
  const order = Array.from({ length: 7 }, (_, i) => ((first - 1 + i) % 7) + 1);
  const pieces: string[] = [];
  let run: number[] = [];
  const flush = () => {
    if (run.length >= 3)
      pieces.push(`${WEEKDAY_NAMES[run[0] - 1]}–${WEEKDAY_NAMES[run[run.length - 1] - 1]}`);
    else for (const d of run) pieces.push(WEEKDAY_NAMES[d - 1]);
    run = [];
  };
  for (const day of order) {
    if (weekdays.includes(day)) run.push(day);
    else flush();
  }
  flush();
  return pieces.join(", ");
}

/** "in 2020, 2021" or "every 5 years from 1965"; repetitions read badly after "in". */
function yearText(years: readonly CalendarValue[]): string {
  const items = years.map((item) => {
    if (item.kind === "single") return String(item.value);
    if (item.kind === "range") return `${item.start}–${item.end}`;
    if (item.step === 0) return String(item.start);
    const every = `every ${item.step} years from ${item.start}`;
    return item.end === null ? every : `${every} to ${item.end}`;
  });
  return years.every((item) => item.kind !== "repeated" || item.step === 0)
    ? `in ${items.join(", ")}`
    : items.join(", ");
}

/** Date part without "on", or "" when every date matches. */
function dateText(years: readonly CalendarValue[], months: number[], days: number[]): string {
  const anyMonth = months.length === 12;
  const anyDay = days.length === 31;
  const year = years.length === 1 && years[0].kind === "single" ? years[0].value : null;
  if (year !== null && months.length === 1 && days.length === 1) {
    return `${year}-${pad(months[0])}-${pad(days[0])}`;
  }
  let core = "";
  if (months.length === 1 && days.length === 1) {
    core = `${MONTH_NAMES[months[0] - 1]} ${days[0]}`;
  } else if (!anyDay) {
    const step = stepOf(days);
    const dayList =
      days.length > 6 && step !== null && step > 1
        ? `${days[0]}–${days[days.length - 1]} (every ${step} days)`
        : listText(days, String);
    const dayPart = days.length === 1 ? `day ${days[0]}` : `days ${dayList}`;
    core = `${dayPart} of ${anyMonth ? "every month" : listText(months, (m) => MONTH_NAMES[m - 1])}`;
  } else if (!anyMonth) {
    core = `every day in ${listText(months, (m) => MONTH_NAMES[m - 1])}`;
  }
  if (years.length === 0)
    return core && months.length === 1 && days.length === 1 ? `${core} every year` : core;
  return `${core || "every day"} ${yearText(years)}`;
}

/** Time-of-day part: starts with "at " for fixed times, "every " for repetitions. */
function timeText(hours: number[], minutes: number[], seconds: number[]): string {
  const allHours = hours.length === 24;
  const allMinutes = minutes.length === 60;
  if (seconds.length !== 1) {
    if (allHours && allMinutes && seconds.length === 60) return "every second";
    const step = stepOf(seconds);
    if (allHours && allMinutes && step !== null && seconds[0] < step && 60 % step === 0) {
      return `every ${step} seconds`;
    }
    // Rare: several seconds per minute. List each field rather than guess a phrase.
    const field = (values: number[], all: boolean) => (all ? "every" : listText(values, pad));
    return `at hours ${field(hours, allHours)}, minutes ${field(minutes, allMinutes)}, seconds ${listText(seconds, pad)}`;
  }
  const s = seconds[0];
  const clock = (h: number, m: number) => `${pad(h)}:${pad(m)}${s === 0 ? "" : `:${pad(s)}`}`;
  const past = (m: number) => `:${pad(m)}${s === 0 ? "" : `:${pad(s)}`}`;
  const minuteStep = stepOf(minutes);
  // Minutes evenly spaced across the hour boundary too (0/15, 5/20), so "every N minutes" holds.
  const evenMinutes =
    minuteStep !== null && 60 - minutes[minutes.length - 1] + minutes[0] === minuteStep ? minuteStep : null;

  if (allHours) {
    if (allMinutes) return s === 0 ? "every minute" : `every minute at second ${s}`;
    if (minutes.length === 1)
      return minutes[0] === 0 && s === 0 ? "every hour" : `every hour at ${past(minutes[0])}`;
    if (evenMinutes !== null && minutes[0] === 0 && s === 0) return `every ${evenMinutes} minutes`;
    return `every hour at ${joinWords(minutes.map(past))}`;
  }
  const listed = () => `at ${joinWords(hours.flatMap((h) => minutes.map((m) => clock(h, m))))}`;
  if (minutes.length === 1) {
    const m = minutes[0];
    const hourStep = stepOf(hours);
    if (hours.length <= 3) return listed();
    if (hourStep !== null && hourStep > 1) {
      if (hours[0] === 0 && 24 % hourStep === 0) {
        return m === 0 && s === 0 ? `every ${hourStep} hours` : `every ${hourStep} hours at ${past(m)}`;
      }
      return `every ${hourStep} hours from ${clock(hours[0], m)} to ${clock(hours[hours.length - 1], m)}`;
    }
    const hourRuns = runs(hours);
    if (hourRuns.every(([a, b]) => a === b)) return listed();
    return joinWords(
      hourRuns.map(([a, b]) =>
        a === b ? `at ${clock(a, m)}` : `every hour from ${clock(a, m)} to ${clock(b, m)}`,
      ),
    );
  }
  const first = minutes[0];
  const last = minutes[minutes.length - 1];
  if (evenMinutes !== null || allMinutes) {
    const every = allMinutes ? "every minute" : `every ${evenMinutes} minutes`;
    const spans = runs(hours).map(([a, b]) => `from ${clock(a, first)} to ${clock(b, last)}`);
    return `${every} ${spans.join(" and ")}`;
  }
  if (hours.length * minutes.length <= 6) return listed();
  return `at ${joinWords(minutes.map(past))} past hours ${listText(hours, pad)}`;
}
