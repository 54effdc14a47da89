// Tests for the Proxmox calendar-event implementation, built from shared/spec proxmox-api.md §4
// and proxmox-time's own test vectors. Expected times come from Date.UTC or from a brute-force
// minute-by-minute oracle, never from the implementation under test.
import { describe, expect, it } from "vitest";
import {
  describeCalendarEvent,
  isValidCalendarEvent,
  nextEvent,
  nextEvents,
  parseCalendarEvent,
} from "./calendar-event";
import { DEFAULT_REPLICATION_SCHEDULE } from "./vocabulary";

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

/** Epoch seconds of a UTC date-time, month 1-based. */
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number =>
  Date.UTC(y, mo - 1, d, h, mi, s) / 1000;

/** Reference: walk minute by minute and keep the minutes whose UTC fields satisfy `matches`. */
function bruteForce(matches: (d: Date) => boolean, after: number, count: number): number[] {
  const found: number[] = [];
  for (let t = (Math.floor(after / MIN) + 1) * MIN; found.length < count && t < after + 120 * DAY; t += MIN) {
    if (matches(new Date(t * 1000))) found.push(t);
  }
  return found;
}

// UTC weekday (0 = Sunday), hour, minute of a Date, for oracle predicates.
const wd = (d: Date) => d.getUTCDay();
const hm = (d: Date, h: number, m: number) => d.getUTCHours() === h && d.getUTCMinutes() === m;
const weekday = (d: Date) => wd(d) >= 1 && wd(d) <= 5;

const STARTS = [
  utc(2024, 1, 1),
  utc(2024, 2, 28, 12, 34, 56),
  utc(2021, 12, 31, 23, 59, 59),
  utc(2025, 6, 15, 7, 7, 7),
];

describe("keywords (pve-docs table)", () => {
  const table: Array<[string, string]> = [
    ["minutely", "*-*-* *:*:00"],
    ["hourly", "*-*-* *:00:00"],
    ["daily", "*-*-* 00:00:00"],
    ["weekly", "mon *-*-* 00:00:00"],
    ["monthly", "*-*-01 00:00:00"],
    ["yearly", "*-01-01 00:00:00"],
    ["annually", "*-01-01 00:00:00"],
    ["quarterly", "*-01,04,07,10-01 00:00:00"],
    ["semiannually", "*-01,07-01 00:00:00"],
    ["semi-annually", "*-01,07-01 00:00:00"],
  ];
  it.each(table)("%s behaves like %s", (keyword, expansion) => {
    expect(parseCalendarEvent(keyword).keyword).toBe(keyword);
    for (const start of STARTS)
      expect(nextEvents(keyword, start, 10)).toEqual(nextEvents(expansion, start, 10));
  });

  it("fires at the documented instants (1970-01-01 was a Thursday)", () => {
    expect(nextEvent("minutely", 0)).toBe(MIN);
    expect(nextEvent("hourly", 0)).toBe(HOUR);
    expect(nextEvent("daily", 0)).toBe(DAY);
    expect(nextEvent("daily", 1)).toBe(DAY);
    expect(nextEvent("weekly", 0)).toBe(utc(1970, 1, 5));
    expect(nextEvent("monthly", 0)).toBe(utc(1970, 2, 1));
    expect(nextEvent("quarterly", 0)).toBe(utc(1970, 4, 1));
    expect(nextEvents("quarterly", 0, 4)).toEqual([4, 7, 10, 13].map((m) => utc(1970, m, 1)));
    expect(nextEvent("semiannually", 0)).toBe(utc(1970, 7, 1));
    expect(nextEvent("semi-annually", utc(1970, 7, 1))).toBe(utc(1971, 1, 1));
    expect(nextEvent("yearly", 0)).toBe(utc(1971, 1, 1));
    expect(nextEvent("annually", utc(2023, 6, 1))).toBe(utc(2024, 1, 1));
  });

  it("matches keywords case-sensitively, like proxmox-time", () => {
    expect(() => parseCalendarEvent("Daily")).toThrow(/unknown weekday 'Daily'/);
  });
});

describe("pve-docs examples table", () => {
  const alternatives: Array<[string, string]> = [
    ["mon,tue,wed,thu,fri", "mon..fri"],
    ["sat,sun", "sat..sun"],
    ["12:05", "12:05"],
    ["*/5", "0/5"],
    ["mon..wed 30/10", "mon,tue,wed 30/10"],
    ["fri 12..13:5/20", "fri 12,13:5/20"],
    ["12,14,16,18,20,22:5", "12/2:5"],
    ["*", "*/1"],
  ];
  it.each(alternatives)("%s equals its alternative %s", (text, alternative) => {
    for (const start of STARTS) {
      const events = nextEvents(text, start, 10);
      expect(events).toHaveLength(10);
      expect(events).toEqual(nextEvents(alternative, start, 10));
    }
  });

  const meanings: Array<[string, (d: Date) => boolean]> = [
    ["mon,tue,wed,thu,fri", (d) => weekday(d) && hm(d, 0, 0)],
    ["sat,sun", (d) => (wd(d) === 0 || wd(d) === 6) && hm(d, 0, 0)],
    ["mon,wed,fri", (d) => [1, 3, 5].includes(wd(d)) && hm(d, 0, 0)],
    ["12:05", (d) => hm(d, 12, 5)],
    ["*/5", (d) => d.getUTCMinutes() % 5 === 0],
    ["mon..wed 30/10", (d) => [1, 2, 3].includes(wd(d)) && [30, 40, 50].includes(d.getUTCMinutes())],
    [
      "mon..fri 8..17,22:0/15",
      (d) =>
        weekday(d) &&
        ((d.getUTCHours() >= 8 && d.getUTCHours() < 18) || d.getUTCHours() === 22) &&
        d.getUTCMinutes() % 15 === 0,
    ],
    [
      "fri 12..13:5/20",
      (d) => wd(d) === 5 && [12, 13].includes(d.getUTCHours()) && [5, 25, 45].includes(d.getUTCMinutes()),
    ],
    ["12/2:5", (d) => d.getUTCHours() >= 12 && d.getUTCHours() % 2 === 0 && d.getUTCMinutes() === 5],
    ["*", () => true],
    ["8:00/15", (d) => d.getUTCHours() === 8 && d.getUTCMinutes() % 15 === 0],
  ];
  it.each(meanings)("%s means what the table says", (text, matches) => {
    for (const start of STARTS) expect(nextEvents(text, start, 10)).toEqual(bruteForce(matches, start, 10));
  });

  it("fri 12..13:5/20 is Friday 12:05, 12:25, 12:45, 13:05, 13:25 and 13:45", () => {
    const thursday = utc(2024, 1, 4, 18);
    const friday = [
      [12, 5],
      [12, 25],
      [12, 45],
      [13, 5],
      [13, 25],
      [13, 45],
    ].map(([h, m]) => utc(2024, 1, 5, h, m));
    expect(nextEvents("fri 12..13:5/20", thursday, 7)).toEqual([...friday, utc(2024, 1, 12, 12, 5)]);
  });

  it("*-05 is the 5th day of every month at 00:00", () => {
    const expected = Array.from({ length: 14 }, (_, i) => Date.UTC(2024, i, 5) / 1000);
    expect(nextEvents("*-05", utc(2023, 12, 31), 14)).toEqual(expected);
  });

  it("Sat *-1..7 15:00 is the first Saturday of each month at 15:00", () => {
    const expected: number[] = [];
    for (let month = 0; month < 24; month++) {
      for (let day = 1; day <= 7; day++) {
        if (new Date(Date.UTC(2024, month, day)).getUTCDay() === 6)
          expected.push(Date.UTC(2024, month, day, 15) / 1000);
      }
    }
    expect(nextEvents("Sat *-1..7 15:00", utc(2024, 1, 1), 24)).toEqual(expected);
    expect(nextEvents("sat *-1..7 15:00", utc(2024, 1, 1), 24)).toEqual(expected);
  });

  it("2015-10-21 is 21st October 2015 at 00:00, and never again", () => {
    expect(nextEvent("2015-10-21", utc(2015, 1, 1))).toBe(utc(2015, 10, 21));
    expect(nextEvent("2015-10-21", utc(2015, 10, 21))).toBeNull();
    expect(nextEvent("2015-10-21", utc(2016, 1, 1))).toBeNull();
    expect(nextEvents("2015-10-21", 0, 5)).toEqual([utc(2015, 10, 21)]);
  });
});

describe("GUI presets", () => {
  const presets: Array<[string, (d: Date) => boolean]> = [
    ["*/30", (d) => d.getUTCMinutes() % 30 === 0],
    ["*/2:00", (d) => d.getUTCHours() % 2 === 0 && d.getUTCMinutes() === 0],
    ["21:00", (d) => hm(d, 21, 0)],
    ["2,22:30", (d) => hm(d, 2, 30) || hm(d, 22, 30)],
    ["mon..fri 00:00", (d) => weekday(d) && hm(d, 0, 0)],
    ["mon..fri */1:00", (d) => weekday(d) && d.getUTCMinutes() === 0],
    [
      "mon..fri 7..18:00/15",
      (d) => weekday(d) && d.getUTCHours() >= 7 && d.getUTCHours() <= 18 && d.getUTCMinutes() % 15 === 0,
    ],
    ["sun 01:00", (d) => wd(d) === 0 && hm(d, 1, 0)],
    ["sat *-1..7 15:00", (d) => wd(d) === 6 && d.getUTCDate() <= 7 && hm(d, 15, 0)],
    ["monthly", (d) => d.getUTCDate() === 1 && hm(d, 0, 0)],
  ];
  it.each(presets)("%s fires as labelled", (text, matches) => {
    for (const start of STARTS) {
      const count = text === "monthly" || text.startsWith("sat *") ? 3 : 10;
      expect(nextEvents(text, start, count)).toEqual(bruteForce(matches, start, count));
    }
  });

  it("mon..fri 7..18:00/15 runs 07:00 to 18:45 on weekdays", () => {
    const friday = utc(2024, 1, 5);
    const events = nextEvents("mon..fri 7..18:00/15", friday, 49);
    expect(events[0]).toBe(utc(2024, 1, 5, 7));
    expect(events[47]).toBe(utc(2024, 1, 5, 18, 45));
    expect(events[48]).toBe(utc(2024, 1, 8, 7)); // Monday; the weekend is skipped
  });

  it("yearly fires on January 1st", () => {
    expect(nextEvents("yearly", utc(2024, 5, 5), 3)).toEqual([
      utc(2025, 1, 1),
      utc(2026, 1, 1),
      utc(2027, 1, 1),
    ]);
  });
});

describe("parsing", () => {
  const valid = ["*/15", "*/5", "*/30", "*/2:00", "21:00", "2,22:30", "mon..fri 00:00", "mon..fri */1:00"]
    .concat([
      "mon..fri 7..18:00/15",
      "sat 02:00",
      "sun 01:00",
      "monthly",
      "sat *-1..7 15:00",
      "yearly",
      "hourly",
    ])
    .concat([
      "daily",
      "weekly",
      "*-05",
      "2015-10-21",
      "mon..wed 30/10",
      "fri 12..13:5/20",
      "12/2:5",
      "8:00/15",
    ]);
  it.each(valid)("accepts %s", (text) => {
    expect(isValidCalendarEvent(text)).toBe(true);
    expect(parseCalendarEvent(text).source).toBe(text);
    expect(nextEvent(text, utc(2015, 1, 1))).not.toBeNull();
  });

  const invalid: Array<[string, RegExp]> = [
    ["", /^unable to parse calendar event - event is empty$/],
    ["   ", /event is empty/],
    ["61", /^invalid calendar event '61' - time value too large/],
    ["*/61", /^invalid calendar event '\*\/61' - time value too large/],
    ["0..80", /time value too large: '80'/],
    ["5..3", /range start is bigger than end/],
    ["mon 0 0", /unable to parse calendar event at ' 0'/],
    ["foo", /unknown weekday 'foo'/],
    ["mon,foo", /unknown weekday 'foo'/],
    ["constructor", /unknown weekday 'constructor'/],
    ["*/0", /unable to parse calendar event at '\/0'/],
    ["12:00 garbage", /unable to parse calendar event at ' garbage'/],
    ["2200-01-01", /time value too large/],
    ["2015-13-01", /time value too large: '13'/],
    ["UTC", /unable to parse calendar event/],
    [`0${",0".repeat(64)}`, /may only be 128 characters/],
  ];
  it.each(invalid)("rejects %j", (text, message) => {
    expect(() => parseCalendarEvent(text)).toThrow(message);
    expect(isValidCalendarEvent(text)).toBe(false);
  });

  it("applies the 128-character limit to the raw text", () => {
    const longest = `0${",0".repeat(63)}`;
    expect(longest).toHaveLength(127);
    expect(isValidCalendarEvent(`${longest} `)).toBe(true);
    expect(isValidCalendarEvent(`${longest}  `)).toBe(false);
  });

  it("reads a value without ':' as a minute of every hour", () => {
    const event = parseCalendarEvent("22");
    expect(event.hours).toEqual([]);
    expect(event.minutes).toEqual([{ kind: "single", value: 22 }]);
    expect(nextEvents("22", utc(2024, 1, 1), 3)).toEqual(
      [22, 60 + 22, 120 + 22].map((m) => utc(2024, 1, 1) + m * MIN),
    );
  });

  it("keeps proxmox-time's backtracking: hour 25 is retried as minute 25, second 00", () => {
    expect(parseCalendarEvent("25:00").minutes).toEqual([{ kind: "single", value: 25 }]);
    expect(nextEvent("25:00", utc(2024, 1, 1, 10, 30))).toBe(utc(2024, 1, 1, 11, 25));
  });

  it("parses weekday ranges, wrap-around and case-insensitive names", () => {
    expect(parseCalendarEvent("fri..mon").weekdays).toEqual([1, 5, 6, 7]);
    expect(parseCalendarEvent("mon,tue..wednesday,fri..sat").weekdays).toEqual([1, 2, 3, 5, 6]);
    expect(parseCalendarEvent("MON").weekdays).toEqual([1]);
    expect(parseCalendarEvent("monDay").weekdays).toEqual([1]);
    expect(parseCalendarEvent("Sunday").weekdays).toEqual([7]);
    const events = nextEvents("fri..mon", utc(2020, 7, 30), 4); // from a Thursday
    expect(events).toEqual([31, 32, 33, 34].map((d) => utc(2020, 7, 1) + (d - 1) * DAY));
  });

  it("parses a full structure", () => {
    const event = parseCalendarEvent(" mon..fri 8..17,22:0/15 ");
    expect(event).toMatchObject({
      source: "mon..fri 8..17,22:0/15",
      utc: false,
      keyword: null,
      weekdays: [1, 2, 3, 4, 5],
      hours: [
        { kind: "range", start: 8, end: 17 },
        { kind: "single", value: 22 },
      ],
      minutes: [{ kind: "repeated", start: 0, step: 15, end: null }],
      seconds: [{ kind: "single", value: 0 }],
    });
    expect(parseCalendarEvent("2020-7..9-2/2")).toMatchObject({
      years: [{ kind: "single", value: 2020 }],
      months: [{ kind: "range", start: 7, end: 9 }],
      days: [{ kind: "repeated", start: 2, step: 2, end: null }],
      hours: [{ kind: "single", value: 0 }],
    });
  });

  it("recognises a trailing UTC", () => {
    expect(parseCalendarEvent("daily UTC")).toMatchObject({ utc: true, keyword: "daily" });
    expect(parseCalendarEvent("*/15 UTC").utc).toBe(true);
    expect(parseCalendarEvent("*/15").utc).toBe(false);
  });
});

describe("nextEvent", () => {
  it("gives the Proxmox test-log value for a new job: next_sync => 900", () => {
    expect(DEFAULT_REPLICATION_SCHEDULE).toBe("*/15");
    expect(nextEvent(DEFAULT_REPLICATION_SCHEDULE, 0)).toBe(900);
  });

  it("is strictly after: an exact match at `after` is not returned", () => {
    expect(nextEvent("*/15", 900)).toBe(1800);
    expect(nextEvent("*/15", 899)).toBe(900);
    expect(nextEvent("12:05", utc(2024, 3, 3, 12, 5))).toBe(utc(2024, 3, 4, 12, 5));
    expect(nextEvent("12:05", utc(2024, 3, 3, 12, 4, 59))).toBe(utc(2024, 3, 3, 12, 5));
    expect(nextEvent("*/15", 900.5)).toBe(1800);
  });

  it("returns null for dates that never occur", () => {
    expect(isValidCalendarEvent("2021-02-29")).toBe(true);
    expect(nextEvent("2021-02-29", 0)).toBeNull();
    expect(nextEvent("02-30", 0)).toBeNull();
    expect(nextEvent("*-0", 0)).toBeNull(); // day 0 parses (only an upper bound is checked) but never matches
  });

  it("reproduces proxmox-time's test vectors", () => {
    const thu = 0; // 1970-01-01 00:00, a Thursday
    const jul31 = utc(2020, 7, 31); // a Friday
    const dec31 = utc(2020, 12, 31); // a Thursday
    expect(nextEvent("0", thu)).toBe(HOUR);
    expect(nextEvent("*:*:*", thu)).toBe(1);
    expect(nextEvent("*:3:5", thu)).toBe(3 * MIN + 5);
    expect(nextEvent("mon *:*", thu)).toBe(4 * DAY);
    expect(nextEvent("mon 2:50", thu)).toBe(4 * DAY + 2 * HOUR + 50 * MIN);
    expect(nextEvent("4..10/2:0", thu)).toBe(4 * HOUR);
    expect(nextEvent("4..10/2:0", 5 * HOUR)).toBe(6 * HOUR);
    expect(nextEvent("4..10/2:0", 11 * HOUR)).toBe(DAY + 4 * HOUR);
    // Order inside a list does not matter.
    const unordered: Array<[string, number]> = [
      ["5,10:4,8", 5 * HOUR + 4 * MIN],
      ["10,5:8,4", 5 * HOUR + 4 * MIN],
      ["6,4..10:23,5/5", 4 * HOUR + 5 * MIN],
      ["4..10,6:5/5,23", 4 * HOUR + 5 * MIN],
    ];
    for (const [text, expected] of unordered) expect(nextEvent(text, thu)).toBe(expected);
    const days = ["fri", "sat", "sun", "mon", "tue", "wed", "thu"];
    days.forEach((day, i) => {
      expect(nextEvent(day, jul31)).toBe(jul31 + (i === 0 ? 7 : i) * DAY);
      expect(nextEvent(day, dec31)).toBe(dec31 + (i + 1) * DAY);
    });
    expect(nextEvents("5/2:0", thu, 4)).toEqual([5, 7, 9, 11].map((h) => h * HOUR));
    expect(nextEvent("1:0", 15 * HOUR)).toBe(DAY + HOUR);
    expect(nextEvent("2020-07-31", 0)).toBe(jul31);
    expect(nextEvent("02-28", 0)).toBe((31 + 27) * DAY);
    expect(nextEvent("02-29", 0)).toBe(utc(1972, 2, 29));
    expect(nextEvent("1965/5-01-01", -1)).toBe(0);
    expect(nextEvent("2020-7..9-2/2", jul31)).toBe(utc(2020, 8, 2));
    expect(nextEvent("2020,2021-12-31", jul31)).toBe(dec31);
  });

  it("keeps going for rare but possible dates", () => {
    let year = 2017;
    while (
      new Date(Date.UTC(year, 1, 29)).getUTCMonth() !== 1 ||
      new Date(Date.UTC(year, 1, 29)).getUTCDay() !== 1
    ) {
      year++;
    }
    expect(year).toBe(2044);
    expect(nextEvent("mon *-02-29", utc(2016, 3, 1))).toBe(utc(year, 2, 29)); // next Monday, Feb 29
    expect(nextEvent("2000/500-02-29", utc(2001, 1, 1))).toBe(utc(4000, 2, 29)); // 2500..3500 are not leap
  });

  it("agrees with the brute-force oracle on seeded random schedules", () => {
    let seed = 20240601;
    const random = (lo: number, hi: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return lo + Math.floor((seed / 2_147_483_648) * (hi - lo + 1));
    };
    // A random `V`, `V..E`, `V/R` or `V..E/R` list, with the set of values it stands for.
    const field = (max: number): [string, Set<number>] => {
      const start = random(0, max);
      const end = random(start, max);
      const step = random(1, 6);
      const shape = random(0, 3); // single, range, repetition, repeated range
      const limit = [start, end, max, end][shape];
      const values = new Set<number>();
      for (let v = start; v <= limit; v += shape >= 2 ? step : 1) values.add(v);
      const text = [`${start}`, `${start}..${end}`, `${start}/${step}`, `${start}..${end}/${step}`][shape];
      return [text, values];
    };
    const names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    for (let round = 0; round < 40; round++) {
      const [hourText, hours] = field(23);
      const [minuteText, minutes] = field(59);
      const first = random(0, 6);
      const last = random(0, 6);
      const days = new Set<number>();
      for (let d = first; ; d = (d + 1) % 7) {
        days.add(d);
        if (d === last) break;
      }
      const text = `${names[first]}..${names[last]} ${hourText}:${minuteText}`;
      const after = random(1_600_000_000, 1_800_000_000);
      const oracle = (d: Date) =>
        days.has(wd(d)) && hours.has(d.getUTCHours()) && minutes.has(d.getUTCMinutes());
      expect(nextEvents(text, after, 3), text).toEqual(bruteForce(oracle, after, 3));
    }
  });

  it("evaluates fields in a time zone (Europe/Berlin winter and summer)", () => {
    expect(nextEvent("22:30", utc(2024, 1, 15), "Europe/Berlin")).toBe(utc(2024, 1, 15, 21, 30)); // CET = UTC+1
    expect(nextEvent("22:30", utc(2024, 7, 15), "Europe/Berlin")).toBe(utc(2024, 7, 15, 20, 30)); // CEST = UTC+2
    expect(nextEvent("22:30", utc(2024, 7, 15), "America/New_York")).toBe(utc(2024, 7, 15, 2, 30)); // EDT
    expect(nextEvent("mon 00:00", utc(2024, 1, 1), "Asia/Tokyo")).toBe(utc(2024, 1, 7, 15)); // Mon 8th, JST
  });

  it("lets a trailing UTC override the time zone", () => {
    expect(nextEvent("22:30 UTC", utc(2024, 1, 15), "Europe/Berlin")).toBe(utc(2024, 1, 15, 22, 30));
    expect(nextEvent("22:30UTC", utc(2024, 7, 15), "Europe/Berlin")).toBe(utc(2024, 7, 15, 22, 30));
  });

  it("skips local times that do not exist (spring forward)", () => {
    // Berlin, 2024-03-31: 02:00 CET (01:00Z) jumps to 03:00 CEST.
    expect(nextEvents("2:30", utc(2024, 3, 30), 2, "Europe/Berlin")).toEqual([
      utc(2024, 3, 30, 1, 30),
      utc(2024, 4, 1, 0, 30),
    ]);
    expect(nextEvents("*/15", utc(2024, 3, 31, 0, 30), 3, "Europe/Berlin")).toEqual([
      utc(2024, 3, 31, 0, 45), // 01:45 CET
      utc(2024, 3, 31, 1, 0), // 03:00 CEST
      utc(2024, 3, 31, 1, 15),
    ]);
    // New York, 2024-03-10: 02:00 EST (07:00Z) jumps to 03:00 EDT.
    expect(nextEvent("2:30", utc(2024, 3, 10), "America/New_York")).toBe(utc(2024, 3, 11, 6, 30));
  });

  it("fires a repeated local time only on its first occurrence (fall back)", () => {
    // Berlin, 2024-10-27: 03:00 CEST (01:00Z) falls back to 02:00 CET.
    expect(nextEvents("2:30", utc(2024, 10, 26), 3, "Europe/Berlin")).toEqual([
      utc(2024, 10, 26, 0, 30),
      utc(2024, 10, 27, 0, 30), // 02:30 CEST, not 02:30 CET again an hour later
      utc(2024, 10, 28, 1, 30),
    ]);
    expect(nextEvents("*/30", utc(2024, 10, 26, 23, 45), 4, "Europe/Berlin")).toEqual([
      utc(2024, 10, 27, 0, 0), // 02:00 CEST
      utc(2024, 10, 27, 0, 30), // 02:30 CEST
      utc(2024, 10, 27, 2, 0), // 03:00 CET; the repeated 02:xx CET hour already fired
      utc(2024, 10, 27, 2, 30),
    ]);
    // Starting inside the second pass (02:10 CET) still moves forward.
    expect(nextEvent("*/15", utc(2024, 10, 27, 1, 10), "Europe/Berlin")).toBe(utc(2024, 10, 27, 2, 0));
  });

  it("rejects bad inputs clearly", () => {
    expect(() => nextEvent("*/15", 0, "Not/AZone")).toThrow(RangeError);
    expect(() => nextEvent("*/15", Number.NaN)).toThrow(RangeError);
    expect(() => nextEvent("61", 0)).toThrow(/time value too large/);
  });

  it("nextEvents returns successive events and stops early when the event ends", () => {
    expect(nextEvents("*/15", 0, 4)).toEqual([900, 1800, 2700, 3600]);
    expect(nextEvents("*/15", 0, 0)).toEqual([]);
    expect(nextEvents(parseCalendarEvent("2021-02-29"), 0, 3)).toEqual([]);
  });
});

describe("describeCalendarEvent", () => {
  const cases: Array<[string, string]> = [
    ["*/15", "every 15 minutes"],
    ["*/5", "every 5 minutes"],
    ["*", "every minute"],
    ["mon..fri 22:30", "Mon–Fri at 22:30"],
    ["21:00", "every day at 21:00"],
    ["2,22:30", "every day at 02:30 and 22:30"],
    ["*/2:00", "every 2 hours"],
    ["mon..fri */1:00", "Mon–Fri every hour"],
    ["sun 01:00", "Sun at 01:00"],
    ["monthly", "monthly (1st at 00:00)"],
    ["sat *-1..7 15:00", "Sat, days 1–7 of every month at 15:00"],
    ["*-05", "on day 5 of every month at 00:00"],
    ["mon..fri 7..18:00/15", "Mon–Fri every 15 minutes from 07:00 to 18:45"],
    ["mon..fri 00:00", "Mon–Fri at 00:00"],
    ["mon,wed,fri", "Mon, Wed, Fri at 00:00"],
    ["fri..mon", "Fri–Mon at 00:00"],
    ["22", "every hour at :22"],
    ["12/2:5", "every 2 hours from 12:05 to 22:05"],
    ["8:00/15", "every 15 minutes from 08:00 to 08:45"],
    ["mon..wed 30/10", "Mon–Wed every hour at :30, :40 and :50"],
    ["mon..fri 8..17,22:0/15", "Mon–Fri every 15 minutes from 08:00 to 17:45 and from 22:00 to 22:45"],
    ["2015-10-21", "on 2015-10-21 at 00:00"],
    ["2021-02-29", "never (2021-02-29 does not exist)"],
    ["hourly", "every hour"],
    ["daily UTC", "every day at 00:00 (UTC)"],
    ["*/15 UTC", "every 15 minutes (UTC)"],
    ["*:*:*", "every second"],
    ["*/4:30", "every 4 hours at :30"],
    ["mon..fri 1/4:00", "Mon–Fri every 4 hours from 01:00 to 21:00"],
    ["7..9:*", "every minute from 07:00 to 09:59"],
    ["*-*-1..5 */3:00", "on days 1–5 of every month, every 3 hours"],
    ["quarterly", "quarterly (Jan 1, Apr 1, Jul 1 and Oct 1 at 00:00)"],
  ];
  it.each(cases)("%s → %s", (text, expected) => {
    expect(describeCalendarEvent(text)).toBe(expected);
  });

  it("never throws and explains invalid text", () => {
    expect(describeCalendarEvent("61")).toMatch(/^invalid schedule: .*time value too large/);
    expect(describeCalendarEvent("")).toBe(
      "invalid schedule: unable to parse calendar event - event is empty",
    );
  });

  it("renders every listed valid schedule as non-empty text", () => {
    for (const text of [
      "yearly",
      "quarterly",
      "weekly",
      "2020-7..9-2/2",
      "1965/5-01-01",
      "*:*:0/10",
      "0..3/2:0/20",
    ]) {
      const text2 = describeCalendarEvent(text);
      expect(text2).not.toMatch(/invalid|undefined|NaN/);
      expect(text2.length).toBeGreaterThan(5);
    }
  });
});
