import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as endpointDetail from "@/app/api/plugins/proxbox/endpoints/[id]/route";
import { recoveryPoint } from "@/lib/recovery-point";
import { db } from "@/server/db/client";
import { getEndpoint, updateEndpoint } from "@/server/endpoints/service";
import { freshDatabasePerFile } from "../api/db";
import { seedEndpoint, seedReplication, seedUser } from "../api/factories";
import { call } from "../api/http";

// Changing an endpoint's overdue grace factor or stuck bound recomputes its jobs' overdue_at / stuck_at
// in one SQL UPDATE (src/server/replications/recovery.ts). The sync computes the same instants in
// JavaScript (recoveryPoint()); here every row is compared with recoveryPoint() fed the row's own
// columns, plus a few instants worked out by hand, and the other endpoint's jobs must not move.

freshDatabasePerFile();

const actor = { userId: null, userName: "test", requestId: crypto.randomUUID() };
const FAR = new Date("2000-01-01T00:00:00Z"); // what the rows hold before: anything the recompute must replace
let target: number;
let other: number;

// Schedules whose longest gap does not depend on the date (UTC): */15 → 900 s, hourly → 3600 s,
// 21:00 → 86,400 s, mon..fri 22:30 → 72 h over the weekend; a one-off date has none.
const INTERVAL: Record<string, number | null> = {
  "*/15": 900,
  hourly: 3600,
  "21:00": 86_400,
  "mon..fri 22:30": 259_200,
  "2015-10-21": null,
};

interface Job {
  guest: number;
  schedule: keyof typeof INTERVAL;
  lastSync?: string;
  duration?: number;
  disable?: boolean;
  removeJob?: "local" | "full";
  syncingSince?: string;
  lastTry?: string;
  firstSeen: string;
}

const JOBS: Job[] = [
  {
    guest: 100,
    schedule: "*/15",
    lastSync: "2026-12-01T00:00:00Z",
    duration: 12.5,
    firstSeen: "2026-11-01T00:00:00Z",
  },
  {
    guest: 101,
    schedule: "hourly",
    lastSync: "2026-12-02T10:00:00.250Z",
    duration: -3,
    firstSeen: "2026-11-01T00:00:00Z",
  },
  // Never synced: measured from first_seen.
  { guest: 102, schedule: "21:00", firstSeen: "2026-12-02T08:00:00Z" },
  {
    guest: 103,
    schedule: "mon..fri 22:30",
    lastSync: "2026-11-27T22:30:00Z",
    firstSeen: "2026-11-01T00:00:00Z",
  },
  // Never overdue: disabled, scheduled for removal, no expected interval.
  {
    guest: 104,
    schedule: "*/15",
    lastSync: "2026-12-01T00:00:00Z",
    disable: true,
    firstSeen: "2026-11-01T00:00:00Z",
  },
  {
    guest: 105,
    schedule: "hourly",
    lastSync: "2026-12-01T00:00:00Z",
    removeJob: "full",
    firstSeen: "2026-11-01T00:00:00Z",
  },
  { guest: 106, schedule: "2015-10-21", lastSync: "2026-12-01T00:00:00Z", firstSeen: "2026-11-01T00:00:00Z" },
  // Running (syncing_pid set, last_try = start of the run) and one not running with an old last_try.
  {
    guest: 107,
    schedule: "*/15",
    lastSync: "2026-12-02T09:00:00Z",
    duration: 2.25,
    syncingSince: "2026-12-02T09:15:00.500Z",
    firstSeen: "2026-11-01T00:00:00Z",
  },
  {
    guest: 108,
    schedule: "*/15",
    lastSync: "2026-12-02T09:00:00Z",
    lastTry: "2026-12-02T09:15:00Z",
    firstSeen: "2026-11-01T00:00:00Z",
  },
];

const d = (iso?: string) => (iso ? new Date(iso) : null);

async function seedJobs(endpointId: number) {
  for (const j of JOBS) {
    await seedReplication(endpointId, {
      guest: j.guest,
      schedule: j.schedule,
      lastSync: d(j.lastSync),
      duration: j.duration ?? null,
      disable: j.disable ?? false,
      removeJob: j.removeJob ?? null,
      syncingPid: j.syncingSince ? 4242 : null,
      lastTry: d(j.syncingSince ?? j.lastTry),
      firstSeen: new Date(j.firstSeen),
      expectedIntervalSeconds:
        INTERVAL[j.schedule] === null ? null : Math.max(60, INTERVAL[j.schedule] as number),
      overdueAt: FAR,
      stuckAt: FAR,
    });
  }
}

async function stored(endpointId: number) {
  const rows = await db.replication.findMany({
    where: { endpointId },
    select: { guest: true, overdueAt: true, stuckAt: true },
    orderBy: { guest: "asc" },
  });
  return new Map(rows.map((r) => [r.guest, r]));
}

/** What the sync would store for job j with these settings (recoveryPoint() from the job's own columns). */
function expected(j: Job, graceFactor: number, stuckAfterSeconds: number) {
  const point = recoveryPoint({
    lastSync: d(j.lastSync),
    lastDuration: j.duration ?? null,
    schedule: j.schedule,
    timeZone: "UTC",
    disabled: j.disable ?? false,
    removeJob: j.removeJob ?? null,
    syncingSince: d(j.syncingSince),
    firstSeen: new Date(j.firstSeen),
    now: new Date(),
    graceFactor,
    stuckAfterSeconds,
  });
  return { overdueAt: point.overdueAt, stuckAt: point.stuckAt };
}

beforeAll(async () => {
  target = (await seedEndpoint({ name: "target" })).id;
  other = (await seedEndpoint({ name: "other" })).id;
  await seedJobs(target);
  await seedJobs(other);
});

afterAll(async () => {
  await db.$disconnect();
});

describe("changing the overdue grace factor", () => {
  it("recomputes overdue_at of the endpoint's jobs as recoveryPoint() does, and nothing else", async () => {
    const saved = await updateEndpoint(actor, target, { overdueGraceFactor: 1.5 });
    expect(saved.overdueGraceFactor).toBe(1.5);
    const rows = await stored(target);
    for (const j of JOBS) {
      const want = expected(j, 1.5, 3600);
      expect(rows.get(j.guest)?.overdueAt?.toISOString() ?? null, `overdue_at of ${j.guest}`).toBe(
        want.overdueAt?.toISOString() ?? null,
      );
      // The stuck bound did not change: stuck_at left as it was.
      expect(rows.get(j.guest)?.stuckAt).toEqual(FAR);
    }
    // By hand: 00:00 + 900 × 1.5 + 12.5 = 00:22:42.500; 10:00:00.250 + 3600 × 1.5 (duration −3 counts
    // as 0) = 11:30:00.250; never synced, from first_seen 08:00 + 86,400 × 1.5 = next day 20:00;
    // Friday 22:30 + 72 h × 1.5 = Wednesday 10:30.
    expect(rows.get(100)?.overdueAt?.toISOString()).toBe("2026-12-01T00:22:42.500Z");
    expect(rows.get(101)?.overdueAt?.toISOString()).toBe("2026-12-02T11:30:00.250Z");
    expect(rows.get(102)?.overdueAt?.toISOString()).toBe("2026-12-03T20:00:00.000Z");
    expect(rows.get(103)?.overdueAt?.toISOString()).toBe("2026-12-02T10:30:00.000Z");
    for (const never of [104, 105, 106]) expect(rows.get(never)?.overdueAt).toBeNull();
    // The other endpoint's jobs keep what they had.
    for (const r of (await stored(other)).values()) expect(r.overdueAt).toEqual(FAR);
  });

  it("agrees with recoveryPoint() for other factors too", async () => {
    for (const factor of [0.5, 3.75, 100]) {
      await updateEndpoint(actor, target, { overdueGraceFactor: factor });
      const rows = await stored(target);
      for (const j of JOBS) {
        expect(rows.get(j.guest)?.overdueAt?.toISOString() ?? null, `${j.guest} × ${factor}`).toBe(
          expected(j, factor, 3600).overdueAt?.toISOString() ?? null,
        );
      }
    }
  });
});

describe("changing the stuck bound", () => {
  it("sets stuck_at = start of the running sync + the bound, null for jobs not running", async () => {
    await updateEndpoint(actor, target, { stuckAfterSeconds: 120 });
    const rows = await stored(target);
    for (const j of JOBS) {
      expect(rows.get(j.guest)?.stuckAt?.toISOString() ?? null, `stuck_at of ${j.guest}`).toBe(
        expected(j, 100, 120).stuckAt?.toISOString() ?? null,
      );
    }
    // By hand: 09:15:00.500 + 120 s.
    expect(rows.get(107)?.stuckAt?.toISOString()).toBe("2026-12-02T09:17:00.500Z");
    expect(rows.get(108)?.stuckAt).toBeNull();
    for (const r of (await stored(other)).values()) expect(r.stuckAt).toEqual(FAR);
  });
});

describe("validation", () => {
  it.each([
    [{ overdueGraceFactor: 0 }, "overdueGraceFactor"],
    [{ overdueGraceFactor: -1 }, "overdueGraceFactor"],
    [{ overdueGraceFactor: 100.5 }, "overdueGraceFactor"],
    [{ stuckAfterSeconds: 59 }, "stuckAfterSeconds"],
    [{ stuckAfterSeconds: 90.5 }, "stuckAfterSeconds"],
  ])("rejects %o naming the field, and stores nothing", async (input, field) => {
    const before = await getEndpoint(target);
    await expect(updateEndpoint(actor, target, input)).rejects.toMatchObject({
      fields: { [field]: expect.any(Array) },
    });
    const after = await getEndpoint(target);
    expect([after.overdueGraceFactor, after.stuckAfterSeconds]).toEqual([
      before.overdueGraceFactor,
      before.stuckAfterSeconds,
    ]);
  });
});

describe("through the REST API", () => {
  it("PATCH overdue_grace_factor / stuck_after_seconds: shown back, jobs recomputed, invalid values 400", async () => {
    const admin = await seedUser("admin");
    const patch = (body: object) =>
      call<Record<string, unknown>>(endpointDetail.PATCH, `/endpoints/${target}/`, {
        method: "PATCH",
        token: admin.writeToken,
        body,
        params: { id: String(target) },
      });
    const ok = await patch({ overdue_grace_factor: 2, stuck_after_seconds: 7200 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ overdue_grace_factor: 2, stuck_after_seconds: 7200 });
    const rows = await stored(target);
    // 00:00 + 900 × 2 + 12.5 = 00:30:12.500; 09:15:00.500 + 2 h.
    expect(rows.get(100)?.overdueAt?.toISOString()).toBe("2026-12-01T00:30:12.500Z");
    expect(rows.get(107)?.stuckAt?.toISOString()).toBe("2026-12-02T11:15:00.500Z");
    const bad = await patch({ overdue_grace_factor: 0, stuck_after_seconds: 30 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body).sort()).toEqual(["overdue_grace_factor", "stuck_after_seconds"]);
  });
});
