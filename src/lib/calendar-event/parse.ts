// Hand-written parser for the Proxmox VE calendar-event grammar (proxmox-time semantics).
//
// The structure follows Proxmox's parser closely because its backtracking is observable:
// an optional part that fails is simply skipped, so e.g. `25:00` is *not* an error there
// (hour 25 is rejected, then `25` is read as the minute and `00` as the second). Matching
// those quirks keeps us from rejecting schedules a real cluster accepts.
import type { CalendarEvent, CalendarKeyword, CalendarValue } from "./types";

/** The API schema's `maxLength` for `schedule`. */
export const MAX_SCHEDULE_LENGTH = 128;

const ANY: readonly CalendarValue[] = Object.freeze([]);
const ZERO: readonly CalendarValue[] = Object.freeze([{ kind: "single", value: 0 }]);
const ONE: readonly CalendarValue[] = Object.freeze([{ kind: "single", value: 1 }]);

const singles = (...values: number[]): readonly CalendarValue[] =>
  Object.freeze(values.map((value): CalendarValue => ({ kind: "single", value })));

type Fields = Omit<CalendarEvent, "source" | "utc" | "keyword">;
const EVERY_FIELD_ANY: Fields = {
  weekdays: Object.freeze([]),
  years: ANY,
  months: ANY,
  days: ANY,
  hours: ANY,
  minutes: ANY,
  seconds: ANY,
};
const MIDNIGHT = { hours: ZERO, minutes: ZERO, seconds: ZERO };

// Keyword expansions, as in pve-docs' table and proxmox-time (which only matches them in
// lower case: `Daily` is read as a weekday and rejected).
const KEYWORDS: Readonly<Record<CalendarKeyword, Partial<Fields>>> = {
  minutely: { seconds: ZERO },
  hourly: { minutes: ZERO, seconds: ZERO },
  daily: MIDNIGHT,
  weekly: { ...MIDNIGHT, weekdays: Object.freeze([1]) },
  monthly: { ...MIDNIGHT, days: ONE },
  yearly: { ...MIDNIGHT, days: ONE, months: ONE },
  annually: { ...MIDNIGHT, days: ONE, months: ONE },
  quarterly: { ...MIDNIGHT, days: ONE, months: singles(1, 4, 7, 10) },
  semiannually: { ...MIDNIGHT, days: ONE, months: singles(1, 7) },
  "semi-annually": { ...MIDNIGHT, days: ONE, months: singles(1, 7) },
};

// A Map, not an object literal, so that words like "constructor" are not found on the prototype.
const WEEKDAY_NUMBERS: ReadonlyMap<string, number> = new Map([
  ["mon", 1],
  ["monday", 1],
  ["tue", 2],
  ["tuesday", 2],
  ["wed", 3],
  ["wednesday", 3],
  ["thu", 4],
  ["thursday", 4],
  ["fri", 5],
  ["friday", 5],
  ["sat", 6],
  ["saturday", 6],
  ["sun", 7],
  ["sunday", 7],
]);

function isKeyword(text: string): text is CalendarKeyword {
  return Object.hasOwn(KEYWORDS, text);
}

/** Parses `text` or throws an Error whose message names the problem (Proxmox's wording). */
export function parseEvent(text: string): CalendarEvent {
  if (typeof text !== "string") throw new TypeError("calendar event must be a string");
  if (text.length > MAX_SCHEDULE_LENGTH) {
    throw new Error(
      `invalid calendar event - value may only be ${MAX_SCHEDULE_LENGTH} characters long (got ${text.length})`,
    );
  }
  // PVE::CalendarEvent trims the text before handing it to the Rust parser.
  const source = text.trim();
  if (source === "") throw new Error("unable to parse calendar event - event is empty");

  let body = source;
  let utc = false;
  // proxmox-time strips a literal `UTC` suffix (case-sensitive), then trailing spaces.
  if (body.endsWith("UTC")) {
    utc = true;
    body = body.slice(0, -3).replace(/ +$/, "");
  }
  const fail = (detail: string): Error => new Error(`invalid calendar event '${source}' - ${detail}`);

  if (isKeyword(body)) {
    return Object.freeze({ ...EVERY_FIELD_ANY, ...KEYWORDS[body], source, utc, keyword: body });
  }
  const scanner = new Scanner(body, fail);
  const fields = scanner.parseSpecs();
  return Object.freeze({ ...fields, source, utc, keyword: null });
}

class Scanner {
  pos = 0;
  /** Furthest value error seen, even inside an alternative that was later abandoned. */
  private problem: { pos: number; message: string } | null = null;

  constructor(
    private readonly text: string,
    private readonly fail: (detail: string) => Error,
  ) {}

  parseSpecs(): Fields {
    let weekdays: number[] = [];
    let hasSpec = false;
    if (/^[A-Za-z]/.test(this.text)) {
      weekdays = this.parseWeekdays();
      hasSpec = true;
      this.skipSpaces();
    }
    let date: Pick<Fields, "years" | "months" | "days"> = { years: ANY, months: ANY, days: ANY };
    const parsedDate = this.parseDate();
    if (parsedDate) {
      date = parsedDate;
      hasSpec = true;
      this.skipSpaces();
    }
    // Without a time part the event fires at 00:00:00.
    let time: Pick<Fields, "hours" | "minutes" | "seconds"> = MIDNIGHT;
    const parsedTime = this.parseTime();
    if (parsedTime) {
      time = parsedTime;
      hasSpec = true;
    }
    if (!hasSpec || this.pos < this.text.length) throw this.explain(hasSpec);
    return { weekdays: Object.freeze(weekdays), ...date, ...time };
  }

  /** Picks the most useful message: a value error at or beyond where parsing stopped wins. */
  private explain(hasSpec: boolean): Error {
    if (this.problem && this.problem.pos >= this.pos) return this.fail(this.problem.message);
    const rest = this.text.slice(this.pos);
    return hasSpec
      ? this.fail(`unable to parse calendar event at '${rest}'`)
      : this.fail(`unable to parse calendar event at '${rest}' - expected a weekday, date or time`);
  }

  private note(pos: number, message: string): void {
    if (!this.problem || pos >= this.problem.pos) this.problem = { pos, message };
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === " " || this.text[this.pos] === "\t") this.pos++;
  }

  private eat(token: string): boolean {
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  // weekdays := wrange ("," wrange)*
  private parseWeekdays(): number[] {
    // Only called when the text starts with a letter, so the first range always has a word.
    const mask = new Set<number>(this.parseWeekdayRange() ?? []);
    for (;;) {
      const save = this.pos;
      if (!this.eat(",")) break;
      const range = this.parseWeekdayRange();
      if (!range) {
        this.pos = save;
        break;
      }
      for (const day of range) mask.add(day);
    }
    return [...mask].sort((a, b) => a - b);
  }

  // wrange := wday [".." wday]; a reversed range wraps through Sunday ("fri..mon").
  private parseWeekdayRange(): number[] | null {
    const start = this.parseWeekday();
    if (start === null) return null;
    const save = this.pos;
    const end = this.eat("..") ? this.parseWeekday() : null;
    if (end === null) {
      this.pos = save;
      return [start];
    }
    const days: number[] = [];
    for (let day = start; ; day = (day % 7) + 1) {
      days.push(day);
      if (day === end) return days;
    }
  }

  private parseWeekday(): number | null {
    const word = /^[A-Za-z]+/.exec(this.text.slice(this.pos))?.[0];
    if (!word) return null;
    const day = WEEKDAY_NUMBERS.get(word.toLowerCase());
    // Proxmox rejects the whole event on an unknown word; say which word and what was expected.
    if (day === undefined) {
      throw this.fail(
        `unknown weekday '${word}' (expected mon..sun, monday..sunday or a keyword like daily)`,
      );
    }
    this.pos += word.length;
    return day;
  }

  // date := [ylist "-"] mlist "-" dlist; the long form is tried first, as in Proxmox.
  private parseDate(): Pick<Fields, "years" | "months" | "days"> | null {
    const save = this.pos;
    const years = this.parseList(0, 2200);
    if (years && this.eat("-")) {
      const months = this.parseList(1, 13);
      if (months && this.eat("-")) {
        const days = this.parseList(1, 32);
        if (days) return { years, months, days };
      }
    }
    this.pos = save;
    const months = this.parseList(1, 13);
    if (months && this.eat("-")) {
      const days = this.parseList(1, 32);
      if (days) return { years: ANY, months, days };
    }
    this.pos = save;
    return null;
  }

  // time := [hlist ":"] minlist [":" seclist]; a bare value is a minute with hour `*`.
  private parseTime(): Pick<Fields, "hours" | "minutes" | "seconds"> | null {
    const save = this.pos;
    let hours = this.parseList(0, 24);
    if (!hours || !this.eat(":")) {
      this.pos = save;
      hours = ANY;
    }
    const minutes = this.parseList(0, 60);
    if (!minutes) {
      this.pos = save;
      return null;
    }
    const beforeSeconds = this.pos;
    let seconds: readonly CalendarValue[] | null = ZERO;
    if (this.eat(":")) {
      seconds = this.parseList(0, 60);
      if (!seconds) {
        this.pos = beforeSeconds;
        seconds = ZERO;
      }
    }
    return { hours, minutes, seconds };
  }

  // xlist := "*" ["/" N] | comp ("," comp)*.  `start` is the field minimum used by `*/N`.
  private parseList(start: number, max: number): readonly CalendarValue[] | null {
    if (this.eat("*")) {
      const save = this.pos;
      if (!this.eat("/")) return ANY;
      const step = this.parseNumber(max);
      if (step === null) return null; // `*/61`, `*/x`: the whole list fails, as in Proxmox
      if (step > 0) return Object.freeze([{ kind: "repeated", start, step, end: null }]);
      this.pos = save; // `*/0` is plain `*`, leaving `/0` behind (which then fails to parse)
      return ANY;
    }
    const first = this.parseValue(max);
    if (!first) return null;
    const items = [first];
    for (;;) {
      const save = this.pos;
      if (!this.eat(",")) break;
      const next = this.parseValue(max);
      if (!next) {
        this.pos = save;
        break;
      }
      items.push(next);
    }
    return Object.freeze(items);
  }

  // comp := V | V ".." E | V "/" R | V ".." E "/" R
  private parseValue(max: number): CalendarValue | null {
    const value = this.parseNumber(max);
    if (value === null) return null;
    const save = this.pos;
    if (this.eat("..")) {
      const end = this.parseNumber(max);
      if (end !== null) {
        if (value > end) {
          this.note(this.pos, `range start is bigger than end (${value}..${end})`);
          return null;
        }
        if (!this.eat("/")) return { kind: "range", start: value, end };
        const step = this.parseNumber(max);
        return step === null ? null : { kind: "repeated", start: value, step, end };
      }
      this.pos = save;
    }
    if (!this.eat("/")) return { kind: "single", value };
    const step = this.parseNumber(max);
    return step === null ? null : { kind: "repeated", start: value, step, end: null };
  }

  private parseNumber(max: number): number | null {
    const digits = /^[0-9]+/.exec(this.text.slice(this.pos))?.[0];
    if (!digits) return null;
    this.pos += digits.length;
    const value = Number(digits);
    if (value >= max) {
      // The same digits are often tried as month, hour and minute in turn, so name the value
      // rather than one field's limit (which would mislead for the other readings).
      this.note(this.pos, `time value too large: '${digits}'`);
      return null;
    }
    return value;
  }
}
