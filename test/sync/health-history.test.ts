import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { parseEnv } from "@/server/env";
import {
  healthHistoryTicker,
  pruneHealthHistory,
  sampleBucket,
  sampleEstateHealth,
} from "@/server/health-history/maintenance";
import { getHealthHistory, getJobRecoveryPoint } from "@/server/health-history/service";
import { setupTestDatabase } from "../helpers/db";

// Health history reads, retention and estate samples against a real database. Every expectation is
// worked out by hand from the fixed timestamps written next to it; `now` is always passed.

setupTestDatabase();

const NOW = new Date("2031-06-30T12:00:00Z");
const DAY = 86_400_000;
const HOUR = 3_600_000;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);

let jobCounter = 0;
async function endpoint(name: string) {
  return db.proxmoxEndpoint.create({ data: { name, url: `https://${name}:8006` } });
}
async function job(
  endpointId: number,
  data: Partial<{
    health: string;
    firstSeen: Date;
    status: "active" | "stale";
    disable: boolean;
    removeJob: "local" | "full" | null;
    overdueAt: Date | null;
    stuckAt: Date | null;
  }> = {},
) {
  jobCounter++;
  return db.replication.create({
    data: {
      endpointId,
      replicationId: `${100 + jobCounter}-0`,
      guest: 100 + jobCounter,
      jobnum: 0,
      target: "pve2",
      ...data,
    },
  });
}
type Ev = {
  at: Date;
  previous: string | null;
  health: string;
  duration?: number;
  failCount?: number;
  error?: string;
};
async function events(jobId: number, endpointId: number, rows: Ev[]) {
  await db.replicationHealthEvent.createMany({
    data: rows.map((r) => ({
      jobId,
      endpointId,
      at: r.at,
      previous: r.previous,
      health: r.health,
      duration: r.duration ?? null,
      failCount: r.failCount ?? null,
      error: r.error ?? null,
    })),
  });
}

describe("healthy share of the last 30 days", () => {
  it("weights each state by the time it held, starting from the first event's previous state", async () => {
    const e = await endpoint("share-a");
    const j = await job(e.id, { health: "ok", firstSeen: daysAgo(100) });
    await events(j.id, e.id, [
      // Before the window: ignored except that the window starts in "error"'s successor below.
      { at: daysAgo(40), previous: "ok", health: "error", error: "old" },
      // Window = 30 days. Until day 20 ago the job was in "error" (the previous of the first change): 10 days.
      { at: daysAgo(20), previous: "error", health: "ok", duration: 4 },
      // A new sync under the same state: not a change, must not split anything.
      { at: daysAgo(15), previous: "ok", health: "ok", duration: 9 },
      // ok from day 20 to day 10: 10 days healthy.
      { at: daysAgo(10), previous: "ok", health: "syncing" },
      // syncing from day 10 to day 9: 1 day healthy.
      { at: daysAgo(9), previous: "syncing", health: "unknown", error: "node offline" },
      // unknown from day 9 to day 5: 4 days not healthy.
      { at: daysAgo(5), previous: "unknown", health: "ok", duration: 3 },
      // ok from day 5 to now: 5 days healthy.
    ]);
    const h = await getHealthHistory(j.id, { now: NOW });
    // healthy: 10 + 1 + 5 = 16 days of 30 observed.
    expect(h?.healthy.observedSeconds).toBe(30 * 86_400);
    expect(h?.healthy.healthySeconds).toBe(16 * 86_400);
    expect(h?.healthy.percent).toBeCloseTo((16 / 30) * 100, 10);
    // Newest first, only state changes inside the window.
    expect(h?.transitions.map((t) => `${t.previous}->${t.health}`)).toEqual([
      "unknown->ok",
      "syncing->unknown",
      "ok->syncing",
      "error->ok",
    ]);
    expect(h?.transitions[1]).toMatchObject({ at: daysAgo(9), error: "node offline" });
    expect(h?.transitionCount).toBe(4);
  });

  it("uses the current health when nothing changed in the window", async () => {
    const e = await endpoint("share-b");
    const failing = await job(e.id, { health: "error", firstSeen: daysAgo(60) });
    await events(failing.id, e.id, [{ at: daysAgo(45), previous: "ok", health: "error" }]);
    const h = await getHealthHistory(failing.id, { now: NOW });
    expect(h?.healthy).toEqual({ percent: 0, healthySeconds: 0, observedSeconds: 30 * 86_400 });
    const fine = await job(e.id, { health: "ok", firstSeen: daysAgo(60) });
    expect((await getHealthHistory(fine.id, { now: NOW }))?.healthy.percent).toBe(100);
  });

  it("counts a job first seen inside the window from first_seen, and no time before its first reading", async () => {
    const e = await endpoint("share-c");
    // First seen 6 days ago; first reading (previous null) 1 day after that: 5 days observed.
    const j = await job(e.id, { health: "error", firstSeen: daysAgo(6) });
    await events(j.id, e.id, [
      { at: daysAgo(5), previous: null, health: "ok" },
      // ok for 3 days, then error for the last 2 days.
      { at: daysAgo(2), previous: "ok", health: "error", failCount: 1, error: "no space" },
    ]);
    const h = await getHealthHistory(j.id, { now: NOW });
    expect(h?.healthy.observedSeconds).toBe(5 * 86_400);
    expect(h?.healthy.healthySeconds).toBe(3 * 86_400);
    expect(h?.healthy.percent).toBeCloseTo(60, 10);
    // Without events, a job first seen 12 hours ago in "ok": 12 h observed, all healthy.
    const young = await job(e.id, { health: "ok", firstSeen: new Date(NOW.getTime() - 12 * HOUR) });
    expect((await getHealthHistory(young.id, { now: NOW }))?.healthy).toEqual({
      percent: 100,
      healthySeconds: 12 * 3600,
      observedSeconds: 12 * 3600,
    });
  });

  it("buckets the duration and fail-count series and honours the window length", async () => {
    const e = await endpoint("series");
    const j = await job(e.id, { health: "ok", firstSeen: daysAgo(40) });
    // 30 days → 6 h buckets (30 × 86,400 / 120 = 21,600 s). Two events in the bucket starting at
    // 2031-06-29T06:00Z, one in the bucket starting at 2031-06-30T00:00Z, one outside a 7-day window.
    await events(j.id, e.id, [
      { at: new Date("2031-06-20T01:00:00Z"), previous: "ok", health: "ok", duration: 50, failCount: 0 },
      { at: new Date("2031-06-29T07:00:00Z"), previous: "ok", health: "ok", duration: 5, failCount: 0 },
      { at: new Date("2031-06-29T11:59:00Z"), previous: "ok", health: "error", duration: 12, failCount: 2 },
      { at: new Date("2031-06-30T03:00:00Z"), previous: "error", health: "ok", duration: 7, failCount: 0 },
    ]);
    const h = await getHealthHistory(j.id, { now: NOW });
    expect(h?.bucketSeconds).toBe(21_600);
    expect(h?.series).toEqual([
      { at: new Date("2031-06-20T00:00:00Z"), duration: 50, failCount: 0 },
      { at: new Date("2031-06-29T06:00:00Z"), duration: 12, failCount: 2 },
      { at: new Date("2031-06-30T00:00:00Z"), duration: 7, failCount: 0 },
    ]);
    const week = await getHealthHistory(j.id, { now: NOW, days: 7 });
    // 7 days → 5,400 s buckets (604,800 / 120 = 5,040, rounded up to 15 minutes); the event of
    // 2031-06-20 is outside, the other three fall in buckets starting 06:00, 10:30 and 03:00.
    expect(week?.bucketSeconds).toBe(5_400);
    expect(week?.series).toEqual([
      { at: new Date("2031-06-29T06:00:00Z"), duration: 5, failCount: 0 },
      { at: new Date("2031-06-29T10:30:00Z"), duration: 12, failCount: 2 },
      { at: new Date("2031-06-30T03:00:00Z"), duration: 7, failCount: 0 },
    ]);
    expect(await getHealthHistory(999_999, { now: NOW })).toBeNull();
  });
});

describe("recovery point of one job (detail page)", () => {
  it("computes age, interval, overdue and stuck from the schedule, the source node's zone and the endpoint's settings", async () => {
    const e = await db.proxmoxEndpoint.create({
      data: {
        name: "rp",
        url: "https://rp:8006",
        overdueGraceFactor: 1.5,
        stuckAfterSeconds: 1800,
        timezone: "UTC",
      },
    });
    await db.proxmoxNode.create({
      data: { endpointId: e.id, name: "pve1", online: false, timezone: "Europe/Berlin" },
    });
    const base = { endpointId: e.id, jobnum: 0, target: "pve2", source: "pve1" };
    // */15 → 900 s; allowance 900 × 1.5 + 30 s = 1,380 s after a last sync one hour ago: overdue 2,220 s ago.
    const every15 = await db.replication.create({
      data: {
        ...base,
        replicationId: "501-0",
        guest: 501,
        schedule: "*/15",
        lastSync: new Date(NOW.getTime() - HOUR),
        duration: 30,
      },
    });
    const a = await getJobRecoveryPoint(every15.id, NOW);
    expect(a).toMatchObject({
      ageSeconds: 3600,
      expectedIntervalSeconds: 900,
      overdue: true,
      overdueAt: new Date(NOW.getTime() - HOUR + 1_380_000),
      stuck: false,
      stuckAt: null,
      timeZone: "Europe/Berlin",
      graceFactor: 1.5,
      sourceNode: { name: "pve1", online: false },
      stored: { expectedIntervalSeconds: null, overdueAt: null, stuckAt: null },
    });
    // mon..fri 22:30 in Berlin: Friday 22:30 to Monday 22:30 = 72 h; × 1.5 = 108 h after a sync a day ago.
    const weekdays = await db.replication.create({
      data: {
        ...base,
        replicationId: "502-0",
        guest: 502,
        schedule: "mon..fri 22:30",
        lastSync: daysAgo(1),
        duration: 0,
      },
    });
    const b = await getJobRecoveryPoint(weekdays.id, NOW);
    expect(b?.expectedIntervalSeconds).toBe(72 * 3600);
    expect(b?.overdueAt).toEqual(new Date(daysAgo(1).getTime() + 108 * HOUR));
    expect(b?.overdue).toBe(false);
    // Syncing since two hours (last_try is the run's start): stuck 1,800 s after it.
    const running = await db.replication.create({
      data: {
        ...base,
        replicationId: "503-0",
        guest: 503,
        syncingPid: 4242,
        lastTry: new Date(NOW.getTime() - 2 * HOUR),
        lastSync: new Date(NOW.getTime() - 600_000),
      },
    });
    const c = await getJobRecoveryPoint(running.id, NOW);
    expect(c).toMatchObject({
      stuck: true,
      stuckAt: new Date(NOW.getTime() - 2 * HOUR + 1_800_000),
      overdue: false,
    });
    // Disabled: never overdue, however old its last sync.
    const off = await db.replication.create({
      data: { ...base, replicationId: "504-0", guest: 504, disable: true, lastSync: daysAgo(20) },
    });
    expect(await getJobRecoveryPoint(off.id, NOW)).toMatchObject({
      overdue: false,
      overdueAt: null,
      ageSeconds: 20 * 86_400,
    });
    expect(await getJobRecoveryPoint(999_999, NOW)).toBeNull();
  });
});

describe("retention and estate samples", () => {
  it("PROXBOX_HEALTH_HISTORY_DAYS defaults to 90 and accepts 1–3650 only", () => {
    expect(parseEnv({}).PROXBOX_HEALTH_HISTORY_DAYS).toBe(90);
    expect(parseEnv({ PROXBOX_HEALTH_HISTORY_DAYS: "7" }).PROXBOX_HEALTH_HISTORY_DAYS).toBe(7);
    for (const bad of ["0", "3651", "1.5", "x"]) {
      expect(() => parseEnv({ PROXBOX_HEALTH_HISTORY_DAYS: bad }), bad).toThrow(
        /PROXBOX_HEALTH_HISTORY_DAYS/,
      );
    }
  });

  it("prunes events and samples older than the retention, keeps the rest", async () => {
    await db.replicationHealthEvent.deleteMany();
    await db.healthSample.deleteMany();
    const e = await endpoint("prune");
    const j = await job(e.id);
    await events(j.id, e.id, [
      { at: daysAgo(91), previous: "ok", health: "error" },
      { at: new Date(NOW.getTime() - 90 * DAY - 1), previous: "error", health: "ok" },
      { at: daysAgo(90), previous: "ok", health: "ok" }, // exactly at the cutoff: kept
      { at: daysAgo(1), previous: "ok", health: "ok" },
    ]);
    const sample = {
      endpointId: e.id,
      jobs: 1,
      ok: 1,
      error: 0,
      unknown: 0,
      syncing: 0,
      overdue: 0,
      stuck: 0,
    };
    await db.healthSample.createMany({
      data: [
        { ...sample, bucket: daysAgo(100) },
        { ...sample, bucket: daysAgo(89) },
      ],
    });
    expect(await pruneHealthHistory(90, NOW)).toEqual({ events: 2, samples: 1, alerts: 0 });
    expect((await db.replicationHealthEvent.findMany({ orderBy: { at: "asc" } })).map((r) => r.at)).toEqual([
      daysAgo(90),
      daysAgo(1),
    ]);
    expect(await db.healthSample.count()).toBe(1);
    expect(await pruneHealthHistory(90, NOW)).toEqual({ events: 0, samples: 0, alerts: 0 });
  });

  it("writes one sample per endpoint per 15-minute bucket, once, with hand-counted numbers", async () => {
    await db.healthSample.deleteMany();
    await db.replication.deleteMany();
    const a = await endpoint("sample-a");
    const b = await endpoint("sample-b");
    const past = new Date(NOW.getTime() - HOUR);
    const future = new Date(NOW.getTime() + HOUR);
    // Endpoint a: 2 ok (one overdue), 1 error (overdue), 1 syncing (stuck), 1 unknown,
    // 1 disabled job whose overdue_at passed (not overdue), 1 stale error job (not counted at all).
    await job(a.id, { health: "ok" });
    await job(a.id, { health: "ok", overdueAt: past });
    await job(a.id, { health: "error", overdueAt: past });
    await job(a.id, { health: "syncing", stuckAt: past, overdueAt: future });
    await job(a.id, { health: "unknown", stuckAt: future });
    await job(a.id, { health: "disabled", disable: true, overdueAt: past });
    await job(a.id, { health: "removal_scheduled", removeJob: "local", overdueAt: past });
    await job(a.id, { health: "error", status: "stale", overdueAt: past });
    // Endpoint b: one ok job.
    await job(b.id, { health: "ok" });

    const at = new Date("2031-06-30T12:07:31Z");
    expect(sampleBucket(at)).toEqual(new Date("2031-06-30T12:00:00Z"));
    expect(await sampleEstateHealth(at)).toBe(2);
    // A second process in the same bucket writes nothing.
    expect(await sampleEstateHealth(new Date("2031-06-30T12:14:59Z"))).toBe(0);
    const rows = await db.healthSample.findMany({ orderBy: { endpointId: "asc" } });
    expect(rows).toEqual([
      {
        bucket: new Date("2031-06-30T12:00:00Z"),
        endpointId: a.id,
        jobs: 7,
        ok: 2,
        error: 1,
        unknown: 1,
        syncing: 1,
        overdue: 2,
        stuck: 1,
      },
      {
        bucket: new Date("2031-06-30T12:00:00Z"),
        endpointId: b.id,
        jobs: 1,
        ok: 1,
        error: 0,
        unknown: 0,
        syncing: 0,
        overdue: 0,
        stuck: 0,
      },
    ]);
    // The next bucket gets its own rows.
    expect(await sampleEstateHealth(new Date("2031-06-30T12:15:00Z"))).toBe(2);
  });

  it("the scheduler's step samples once per bucket and prunes at most hourly", async () => {
    await db.healthSample.deleteMany();
    const tick = healthHistoryTicker(90);
    const t0 = new Date("2031-07-01T00:00:05Z");
    const first = await tick(t0);
    expect(first.sampled).toBeGreaterThan(0);
    expect(first.pruned).not.toBeNull();
    // 10 s later: same bucket, no prune.
    expect(await tick(new Date(t0.getTime() + 10_000))).toEqual({ sampled: 0, pruned: null });
    // 20 minutes later: a new bucket, still no prune.
    const later = await tick(new Date(t0.getTime() + 20 * 60_000));
    expect(later.sampled).toBeGreaterThan(0);
    expect(later.pruned).toBeNull();
    // An hour after the first prune: pruned again.
    expect((await tick(new Date(t0.getTime() + HOUR))).pruned).not.toBeNull();
  });
});
