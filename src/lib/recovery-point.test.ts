// Tests for the recovery point and overdue rules (issue 13). Every expected interval is
// hand-computed from the calendar event, the zone's offsets and a fixed clock time, written out
// in the comment next to it; nothing is derived from the implementation under test, except the one
// consistency check that compares the hour-pattern shortcut with walking every event.
import { describe, expect, it } from "vitest";
import { nextEvent } from "./calendar-event";
import {
  DEFAULT_STUCK_AFTER_SECONDS,
  expectedInterval,
  recoveryPoint,
  SCHEDULER_TICK_SECONDS,
} from "./recovery-point";

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

/** A UTC instant, month 1-based. */
const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): Date =>
  new Date(Date.UTC(y, mo - 1, d, h, mi, s));
const plus = (date: Date, seconds: number): Date => new Date(date.getTime() + seconds * 1000);

// Offsets used below (IANA tzdata): Europe/Berlin CET +1 / CEST +2, switching on the last Sunday
// of March (2026-03-29, 01:00Z) and of October (2026-10-25, 01:00Z); America/New_York EST −5 /
// EDT −4, back to EST on the first Sunday of November (2026-11-01, 06:00Z); Australia/Lord_Howe
// +10:30 / +11, forward by half an hour at 02:00 local on the first Sunday of October (2026-10-04).

describe("expectedInterval", () => {
  it("gives the fixed step of an evenly spaced schedule", () => {
    const now = at(2026, 12, 3, 9, 14);
    expect(expectedInterval("*/15", "UTC", now)).toBe(15 * MIN);
    expect(expectedInterval("*/1", "UTC", now)).toBe(MIN);
    expect(expectedInterval("hourly", "Europe/Berlin", now)).toBe(HOUR);
    // 02:30 and 22:30: 02:30 → 22:30 is 20 h, 22:30 → 02:30 the next day 4 h.
    expect(expectedInterval("2,22:30", "UTC", now)).toBe(20 * HOUR);
  });

  it("finds the weekend gap of a working-days schedule", () => {
    // Friday 22:30 → Monday 22:30 is exactly 3 days (the "72.5 h" is a slip: it is 72 h).
    expect(expectedInterval("mon..fri 22:30", "UTC", at(2026, 12, 2, 12))).toBe(72 * HOUR);
    // 07:00–18:45 every 15 min on working days: Friday 18:45 → Monday 07:00 = 2 d 12 h 15 min.
    expect(expectedInterval("mon..fri 7..18:00/15", "UTC", at(2026, 12, 2, 12))).toBe(
      2 * DAY + 12 * HOUR + 15 * MIN,
    );
  });

  it("measures the weekend in the node's zone across DST changes", () => {
    // Spring: Fri 2026-03-27 22:30 CET = 21:30Z → Mon 03-30 22:30 CEST = 20:30Z: 71 h. A 4-day
    // window from Wed 03-25 12:00Z holds only that weekend.
    expect(expectedInterval("mon..fri 22:30", "Europe/Berlin", at(2026, 3, 25, 12), 4)).toBe(71 * HOUR);
    // With the default 14 days the next weekend (Apr 3 → Apr 6, all CEST) is a plain 72 h.
    expect(expectedInterval("mon..fri 22:30", "Europe/Berlin", at(2026, 3, 25, 12))).toBe(72 * HOUR);
    // Autumn: Fri 2026-10-23 22:30 CEST = 20:30Z → Mon 10-26 22:30 CET = 21:30Z: 73 h.
    expect(expectedInterval("mon..fri 22:30", "Europe/Berlin", at(2026, 10, 21, 12), 4)).toBe(73 * HOUR);
    // A schedule ending in UTC ignores the node's zone: 72 h over the same weekend.
    expect(expectedInterval("mon..fri 22:30 UTC", "Europe/Berlin", at(2026, 10, 21, 12), 4)).toBe(72 * HOUR);
  });

  it("counts a daily time skipped by spring-forward as a missed day (Europe/Berlin)", () => {
    // 2026-03-29 02:30 does not exist in Berlin, so 02:30 daily fires Sat 03-28 02:30 CET = 01:30Z,
    // then Mon 03-30 02:30 CEST = 00:30Z: 48 h of wall time less the lost hour = 47 h.
    expect(expectedInterval("02:30", "Europe/Berlin", at(2026, 3, 26, 12), 7)).toBe(47 * HOUR);
    // Away from the change it is a day.
    expect(expectedInterval("02:30", "Europe/Berlin", at(2026, 4, 10, 12))).toBe(DAY);
    // A quarter-hourly schedule loses nothing: 01:45 CET = 00:45Z → 03:00 CEST = 01:00Z.
    expect(expectedInterval("*/15", "Europe/Berlin", at(2026, 3, 28, 12), 2)).toBe(15 * MIN);
  });

  it("fires a repeated hour once on fall-back (America/New_York)", () => {
    // 01:30 daily: Sun 2026-11-01 01:30 EDT = 05:30Z (first pass only) → Mon 11-02 01:30 EST = 06:30Z: 25 h.
    expect(expectedInterval("01:30", "America/New_York", at(2026, 10, 28, 12))).toBe(25 * HOUR);
    // */15: 01:45 EDT = 05:45Z; the second pass of 01:00–01:59 (EST) does not fire again, so the
    // next event is 02:00 EST = 07:00Z: 75 min.
    expect(expectedInterval("*/15", "America/New_York", at(2026, 10, 30, 12))).toBe(75 * MIN);
    // A window after the change (Nov 5 → Nov 19) has only the plain 15 min.
    expect(expectedInterval("*/15", "America/New_York", at(2026, 11, 5, 12))).toBe(15 * MIN);
  });

  it("handles a half-hour DST shift that swallows only part of an hour (Australia/Lord_Howe)", () => {
    // 2026-10-04 02:00 +10:30 jumps to 02:30 +11. */15: 01:45 +10:30 = 10-03 15:15Z → 02:30 +11 =
    // 15:30Z, 15 min (02:30 and 02:45 exist although 02:00 does not).
    expect(expectedInterval("*/15", "Australia/Lord_Howe", at(2026, 10, 3), 2)).toBe(15 * MIN);
    // hourly: 01:00 +10:30 = 14:30Z → 02:00 is skipped → 03:00 +11 = 16:00Z: 90 min.
    expect(expectedInterval("hourly", "Australia/Lord_Howe", at(2026, 10, 3), 2)).toBe(90 * MIN);
  });

  it("walks an hour whose first event fell into a half-hour DST gap (Australia/Lord_Howe)", () => {
    // 02:00 and 02:45 on Oct 3 and 4. The DST start swallows 02:00 on 2026-10-04 (Sunday) and on
    // 2027-10-03 (Sunday) but not the 02:45s. Events: 2026-10-03 02:00, 02:45 (+10:30), 10-04 02:45
    // (+11), 2027-10-03 02:45 (+11), 2027-10-04 02:00 … The longest gap is 2026-10-04 02:45 →
    // 2027-10-03 02:45, both +11: 364 days. Reading hours by their first event alone would jump
    // from 2026-10-03 to 2027-10-04 and report 23.5 h.
    expect(expectedInterval("*-10-03,04 02:00,45", "Australia/Lord_Howe", at(2026, 10, 1), 7)).toBe(
      364 * DAY,
    );
    // The window opens in such a partial hour: 2026-10-04 02:45 (+11) → 2027-10-04 02:00 (+11), a
    // year of 365 days less 45 min.
    expect(expectedInterval("*-10-04 02:00,45", "Australia/Lord_Howe", at(2026, 10, 1), 7)).toBe(
      365 * DAY - 45 * MIN,
    );
  });

  it("gives a weekly schedule its week, DST included", () => {
    expect(expectedInterval("sat 03:00", "UTC", at(2026, 12, 3))).toBe(7 * DAY);
    // Sat 2026-10-24 03:00 CEST = 01:00Z → Sat 10-31 03:00 CET = 02:00Z: 169 h.
    expect(expectedInterval("sat 03:00", "Europe/Berlin", at(2026, 10, 21, 12), 7)).toBe(169 * HOUR);
  });

  it("gives a schedule sparser than the window its first gap", () => {
    // From 2026-12-03 the first event is 2027-01-01 (beyond the 14 days); its gap is to 02-01: 31 d.
    expect(expectedInterval("*-*-01 00:00", "UTC", at(2026, 12, 3, 9))).toBe(31 * DAY);
    expect(expectedInterval("monthly", "UTC", at(2026, 12, 3, 9))).toBe(31 * DAY);
    // From 2027-01-20: Feb 1 → Mar 1 of a common year, 28 d.
    expect(expectedInterval("monthly", "UTC", at(2027, 1, 20, 12))).toBe(28 * DAY);
    // yearly: 2027-01-01 → 2028-01-01, 365 d.
    expect(expectedInterval("yearly", "UTC", at(2026, 12, 3))).toBe(365 * DAY);
  });

  it("is null for a schedule that fires fewer than twice more", () => {
    expect(expectedInterval("2015-10-21", "UTC", at(2026, 12, 3))).toBeNull(); // never again
    expect(expectedInterval("2030-01-01 00:00", "UTC", at(2026, 12, 3))).toBeNull(); // once more
    expect(expectedInterval("2021-02-29", "UTC", at(2026, 12, 3))).toBeNull(); // never at all
  });

  it("keeps sub-minute gaps exact and the work bounded for every-second schedules", () => {
    expect(expectedInterval("*:*:0/10", "UTC", at(2026, 12, 3))).toBe(10);
    // Every second on Mondays: Mon 23:59:59 → next Mon 00:00:00 = 6 d + 1 s.
    expect(expectedInterval("mon *:*:*", "UTC", at(2026, 12, 3))).toBe(6 * DAY + 1);
    // 1.2 million events in 14 days; the hour pattern makes it ~1,000 nextEvent calls. The bound
    // is two orders of magnitude above that, and an order below walking every event.
    const started = performance.now();
    expect(expectedInterval("*:*:*", "America/New_York", at(2026, 10, 30, 12))).toBe(
      // fall-back: 01:59:59 EDT = 05:59:59Z → 02:00:00 EST = 07:00:00Z
      HOUR + 1,
    );
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("agrees with walking every event (consistency of the hour-pattern shortcut)", () => {
    // Oracle: plain nextEvent walk over the same gaps (those starting in the window).
    const walk = (schedule: string, zone: string, from: number, days: number) => {
      let longest = 0;
      let t = nextEvent(schedule, from - 1, zone);
      while (t !== null && t <= from + days * DAY) {
        const n = nextEvent(schedule, t, zone);
        if (n === null) break;
        longest = Math.max(longest, n - t);
        t = n;
      }
      return longest;
    };
    const cases: [string, string, Date][] = [
      ["mon..fri 7..18:00/15", "Europe/Berlin", at(2026, 3, 23)],
      ["*/7", "America/New_York", at(2026, 10, 29)],
      ["*/5:10,50", "Australia/Lord_Howe", at(2026, 10, 1)],
      ["sat,sun 0/3:0..40/20", "Asia/Kolkata", at(2026, 6, 1)],
    ];
    for (const [schedule, zone, now] of cases) {
      const from = Math.floor(now.getTime() / 1000 / HOUR) * HOUR;
      expect(expectedInterval(schedule, zone, now, 7), `${schedule} in ${zone}`).toBe(
        walk(schedule, zone, from, 7),
      );
    }
  });

  it("throws on an invalid schedule or an unknown zone", () => {
    expect(() => expectedInterval("61", "UTC", at(2026, 12, 3))).toThrow(/time value too large/);
    expect(() => expectedInterval("*/15", "Mars/Olympus_Mons", at(2026, 12, 3))).toThrow(RangeError);
  });
});

describe("recoveryPoint", () => {
  const base = {
    lastDuration: 30,
    schedule: "*/15",
    timeZone: "UTC",
    disabled: false,
    removeJob: null,
    syncingSince: null,
  };
  const now = at(2026, 12, 3, 9, 0);

  it("ages the last sync and sets overdue at interval × grace + last duration", () => {
    const lastSync = plus(now, -20 * MIN);
    const rp = recoveryPoint({ ...base, lastSync, now });
    expect(rp.ageSeconds).toBe(1200);
    expect(rp.expectedIntervalSeconds).toBe(900);
    expect(rp.measuredFrom).toBe("last_sync");
    // 900 × 2 + 30 = 1830 s after the last sync.
    expect(rp.overdueAt).toEqual(plus(lastSync, 1830));
    expect(rp.overdue).toBe(false);
    // Overdue strictly after: at exactly 1830 s not yet, one second later yes.
    expect(recoveryPoint({ ...base, lastSync, now: plus(lastSync, 1830) }).overdue).toBe(false);
    expect(recoveryPoint({ ...base, lastSync, now: plus(lastSync, 1831) }).overdue).toBe(true);
  });

  it("takes the grace factor from the caller (per endpoint)", () => {
    const lastSync = plus(now, -40 * MIN);
    // 900 × 3 + 30 = 2730 s: 40 min (2400 s) is within it.
    const rp = recoveryPoint({ ...base, lastSync, now, graceFactor: 3 });
    expect(rp.overdueAt).toEqual(plus(lastSync, 2730));
    expect(rp.overdue).toBe(false);
    expect(recoveryPoint({ ...base, lastSync, now }).overdue).toBe(true); // default 2: 1830 s
  });

  it("a job whose source node went offline becomes overdue on its own, with no error", () => {
    // Last sync 2 h ago, nothing since (the node cannot be asked): 7200 > 1830.
    const lastSync = plus(now, -2 * HOUR);
    const rp = recoveryPoint({ ...base, lastSync, now });
    expect(rp).toMatchObject({ ageSeconds: 7200, overdue: true, stuck: false });
  });

  it("treats an unknown last duration as zero", () => {
    const lastSync = plus(now, -HOUR);
    expect(recoveryPoint({ ...base, lastDuration: null, lastSync, now }).overdueAt).toEqual(
      plus(lastSync, 1800),
    );
  });

  it("never marks disabled jobs or jobs scheduled for removal overdue", () => {
    const lastSync = plus(now, -30 * DAY);
    for (const job of [
      { ...base, disabled: true },
      { ...base, removeJob: "local" },
      { ...base, removeJob: "full" },
    ]) {
      const rp = recoveryPoint({ ...job, lastSync, now });
      expect(rp.ageSeconds).toBe(30 * DAY); // the age is still reported
      expect(rp.overdueAt).toBeNull();
      expect(rp.overdue).toBe(false);
    }
  });

  it("measures a job that never synced from first_seen", () => {
    const firstSeen = plus(now, -10 * MIN);
    const rp = recoveryPoint({ ...base, lastSync: null, lastDuration: null, firstSeen, now });
    expect(rp.ageSeconds).toBeNull();
    expect(rp.measuredFrom).toBe("first_seen");
    expect(rp.overdueAt).toEqual(plus(firstSeen, 1800));
    expect(rp.overdue).toBe(false);
    const later = plus(firstSeen, 1801);
    expect(
      recoveryPoint({ ...base, lastSync: null, lastDuration: null, firstSeen, now: later }).overdue,
    ).toBe(true);
    // Without first_seen there is nothing to measure from.
    const unknown = recoveryPoint({ ...base, lastSync: null, now });
    expect(unknown).toMatchObject({ measuredFrom: null, overdueAt: null, overdue: false });
  });

  it("uses the node's zone for the interval", () => {
    // mon..fri 22:30 in Berlin, asked on Mon 2026-10-26 08:00Z: the next 14 days hold two plain
    // 72 h weekends (Oct 30 → Nov 2 and Nov 6 → Nov 9, all CET). Last sync Fri 10-23 22:30 CEST =
    // 20:30Z, 120 s long: overdue at +144 h + 120 s = Thu 10-29 20:32Z. Age: 59 h 30 min.
    const lastSync = at(2026, 10, 23, 20, 30);
    const rp = recoveryPoint({
      ...base,
      schedule: "mon..fri 22:30",
      timeZone: "Europe/Berlin",
      lastSync,
      lastDuration: 120,
      now: at(2026, 10, 26, 8),
    });
    expect(rp.ageSeconds).toBe(59 * HOUR + 30 * MIN);
    expect(rp.expectedIntervalSeconds).toBe(72 * HOUR);
    expect(rp.overdueAt).toEqual(at(2026, 10, 29, 20, 32));
    expect(rp.overdue).toBe(false);
  });

  it("falls back to UTC when the zone is unknown or missing", () => {
    // 02:30 daily near Berlin's spring change: in Berlin 47 h, in UTC a plain day.
    const input = { ...base, schedule: "02:30", lastSync: at(2026, 3, 26), now: at(2026, 3, 26, 12) };
    expect(
      recoveryPoint({ ...input, timeZone: "Europe/Berlin", windowDays: 7 }).expectedIntervalSeconds,
    ).toBe(47 * HOUR);
    expect(recoveryPoint({ ...input, timeZone: null, windowDays: 7 }).expectedIntervalSeconds).toBe(DAY);
    expect(
      recoveryPoint({ ...input, timeZone: "Mars/Olympus_Mons", windowDays: 7 }).expectedIntervalSeconds,
    ).toBe(DAY);
  });

  it("never runs a job more often than the scheduler ticks", () => {
    // Every 10 s as written, but pvescheduler looks once a minute.
    const rp = recoveryPoint({ ...base, schedule: "*:*:0/10", lastSync: plus(now, -MIN), now });
    expect(rp.expectedIntervalSeconds).toBe(SCHEDULER_TICK_SECONDS);
    expect(rp.overdueAt).toEqual(plus(now, -MIN + 2 * 60 + 30));
  });

  it("has no expectation for an unparsable schedule or one that has stopped firing", () => {
    for (const schedule of ["not a schedule", "2015-10-21"]) {
      const rp = recoveryPoint({ ...base, schedule, lastSync: plus(now, -30 * DAY), now });
      expect(rp).toMatchObject({ expectedIntervalSeconds: null, overdueAt: null, overdue: false });
    }
  });

  it("does not report a negative age when the node's clock is ahead", () => {
    expect(recoveryPoint({ ...base, lastSync: plus(now, 90), now }).ageSeconds).toBe(0);
  });

  it("flags a run in progress longer than the bound as stuck", () => {
    const lastSync = plus(now, -5 * MIN);
    expect(DEFAULT_STUCK_AFTER_SECONDS).toBe(HOUR);
    const long = recoveryPoint({ ...base, lastSync, syncingSince: plus(now, -(HOUR + 1)), now });
    expect(long.stuckAt).toEqual(plus(now, -1));
    expect(long.stuck).toBe(true);
    expect(recoveryPoint({ ...base, lastSync, syncingSince: plus(now, -(HOUR - 1)), now }).stuck).toBe(false);
    // A configured bound of 2 h: 61 min is fine.
    const configured = recoveryPoint({
      ...base,
      lastSync,
      syncingSince: plus(now, -(HOUR + MIN)),
      stuckAfterSeconds: 2 * HOUR,
      now,
    });
    expect(configured).toMatchObject({ stuck: false, stuckAt: plus(now, HOUR - MIN) });
    // No run in progress: never stuck.
    expect(recoveryPoint({ ...base, lastSync, now })).toMatchObject({ stuckAt: null, stuck: false });
    // Disabled while running still gets stuck (the run goes on); it is just never overdue.
    const disabled = recoveryPoint({
      ...base,
      disabled: true,
      lastSync,
      syncingSince: plus(now, -2 * HOUR),
      now,
    });
    expect(disabled).toMatchObject({ stuck: true, overdue: false });
  });
});
