// Value parsing with Django's form-field rules and messages, so a 400 body reads as NetBox's does
// ({"guest": ["Enter a whole number."]}). Each parser returns the typed value or an error message.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

export const MESSAGES = {
  int: "Enter a whole number.",
  float: "Enter a number.",
  datetime: "Enter a valid date/time.",
  uuid: "Enter a valid UUID.",
  nullChar: "Null characters are not allowed.",
  regex: "Enter a valid regular expression.",
  // Django's MaxLengthValidator wording, for the request limits in ./limits.ts.
  maxLength: (max: number, length: number) =>
    `Ensure this value has at most ${max} characters (it has ${length}).`,
  tooManyRegexes: (max: number) => `At most ${max} regular expressions are allowed per request.`,
  tooManyValues: (max: number) => `At most ${max} filter values are allowed per request.`,
  choice: (v: string) => `Select a valid choice. ${v} is not one of the available choices.`,
  pk: (v: string) => `“${v}” is not a valid value.`,
  boolean: (v: string) => `“${v}” value must be either True or False.`,
} as const;

const INT4_MAX = 2_147_483_647;

/** Django IntegerField: surrounding spaces and a trailing ".0" are accepted ("5.0" → 5). */
export function parseInteger(raw: string): Parsed<number | { numeric: string }> {
  const text = raw.trim().replace(/\.0*\s*$/, "");
  if (!/^[+-]?\d+(_\d+)*$/.test(text)) return fail(MESSAGES.int);
  const digits = text.replace(/_/g, "");
  const n = Number(digits);
  // Outside int4 the value cannot equal any stored value but must still compare correctly (guest__lt=1e20).
  if (Math.abs(n) > INT4_MAX) return ok({ numeric: BigInt(digits).toString() });
  return ok(n);
}

/** Django FloatField: Python float() syntax, finite values only. */
export function parseFloatValue(raw: string): Parsed<number> {
  const text = raw.trim().replace(/(\d)_(?=\d)/g, "$1");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return fail(MESSAGES.float);
  const n = Number(text);
  return Number.isFinite(n) ? ok(n) : fail(MESSAGES.float);
}

const ISO_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d*)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const US_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?)?$/;

/**
 * Django DateTimeField input: ISO 8601 (date, or date and time, optional Z/±HH:MM) and the US
 * `MM/DD/YYYY [HH:MM[:SS]]` forms. Naive values are UTC (NetBox's default TIME_ZONE). The result is
 * a UTC `timestamp` literal with microseconds, compared against our `timestamp(3)` columns.
 */
export function parseDateTime(raw: string): Parsed<{ timestamp: string }> {
  const text = raw.trim();
  let parts: (string | undefined)[] | null = null;
  const iso = ISO_RE.exec(text);
  if (iso) parts = iso.slice(1);
  else {
    const us = US_RE.exec(text);
    if (us) parts = [us[3], us[1], us[2], us[4], us[5], us[6], us[7], undefined];
  }
  if (!parts) return fail(MESSAGES.datetime);
  const [y, mo, d, h, mi, s, frac, tz] = parts;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  const micros = Number((frac ?? "").padEnd(6, "0"));
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail(MESSAGES.datetime);
  }
  if (hour > 23 || minute > 59 || second > 59) return fail(MESSAGES.datetime);
  let offsetMinutes = 0;
  if (tz && tz.toUpperCase() !== "Z") {
    const sign = tz.startsWith("-") ? -1 : 1;
    const digits = tz.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || "0");
    if (oh > 23 || om > 59) return fail(MESSAGES.datetime);
    offsetMinutes = sign * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offsetMinutes, second, 0);
  const utcYear = date.getUTCFullYear();
  if (utcYear < 1 || utcYear > 9999) return fail(MESSAGES.datetime);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const stamp =
    `${pad(utcYear, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(micros, 6)}`;
  return ok({ timestamp: stamp });
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Booleans: NetBox's NullBooleanSelect accepts true/True/false/False (and the legacy 2/3). NetBox
 * silently ignores anything else (?disable=1 returns every row, NetBox #1971); we reject it instead,
 * so a client never mistakes an unfiltered list for a filtered one.
 */
export function parseBoolean(raw: string): Parsed<boolean> {
  if (raw === "true" || raw === "True" || raw === "2") return ok(true);
  if (raw === "false" || raw === "False" || raw === "3") return ok(false);
  return fail(MESSAGES.boolean(raw));
}

/** Django UUIDField: hex with or without hyphens, braces or a urn:uuid: prefix. */
export function parseUuid(raw: string): Parsed<string> {
  const hex = raw
    .trim()
    .toLowerCase()
    .replace(/^urn:uuid:/, "")
    .replace(/^\{(.*)\}$/, "$1")
    .replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/.test(hex)) return fail(MESSAGES.uuid);
  return ok(
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
  );
}

/** Django CharField: stripped; NUL characters rejected (PostgreSQL text cannot hold them either). */
export function parseString(raw: string): Parsed<string> {
  if (raw.includes("\u0000")) return fail(MESSAGES.nullChar);
  return ok(raw.trim());
}

/** Escapes LIKE metacharacters so `ic`/`isw`/`iew` match the text literally, as Django does. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
