import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { getRecoveryOverview } from "@/server/overview/service";
import { setupTestDatabase } from "../helpers/db";

// The overview's recovery-point numbers with overdue_at / stuck_at set directly (as a sync would):
// which jobs count, their order, and the estate trend summed from health_sample.

setupTestDatabase();

const MIN = 60_000;
const ago = (minutes: number) => new Date(Date.now() - minutes * MIN);

describe("recovery overview", () => {
  it("counts overdue and stuck as the list filters do and lists the longest overdue first", async () => {
    const a = await db.proxmoxEndpoint.create({ data: { name: "alpha", url: "https://alpha:8006" } });
    const b = await db.proxmoxEndpoint.create({ data: { name: "beta", url: "https://beta:8006" } });
    let guest = 100;
    const job = (endpointId: number, data: Record<string, unknown>) =>
      db.replication.create({
        data: { endpointId, replicationId: `${++guest}-0`, guest, jobnum: 0, target: "pve2", ...data },
      });
    const j1 = await job(a.id, { overdueAt: ago(30), lastSync: ago(120) }); // overdue 30 min
    const j2 = await job(b.id, { overdueAt: ago(600), lastSync: ago(900) }); // overdue 10 h: worst
    const j3 = await job(a.id, { overdueAt: ago(5) }); // never synced, overdue 5 min
    await job(a.id, { overdueAt: ago(-60) }); // due in an hour: not overdue
    await job(a.id, { overdueAt: ago(700), disable: true }); // disabled: never overdue
    await job(a.id, { overdueAt: ago(700), removeJob: "local" }); // removal scheduled: never overdue
    await job(a.id, { overdueAt: ago(800), status: "stale" }); // gone from Proxmox: not overdue
    await job(b.id, { stuckAt: ago(1), overdueAt: ago(-10) }); // stuck, not overdue
    await job(b.id, { stuckAt: ago(-30) }); // syncing, not stuck yet

    const r = await getRecoveryOverview(2);
    expect(r.overdue).toBe(3);
    expect(r.stuck).toBe(1);
    // Limited to 2, worst (smallest overdue_at) first.
    expect(r.mostOverdue.map((j) => j.id)).toEqual([j2.id, j1.id]);
    expect(r.mostOverdue[0]).toMatchObject({ endpointName: "beta", guest: j2.guest });
    expect((await getRecoveryOverview()).mostOverdue.map((j) => j.id)).toEqual([j2.id, j1.id, j3.id]);
  });

  it("sums the estate's samples per bucket inside the trend window, oldest first", async () => {
    const [a, b] = await db.proxmoxEndpoint.findMany({ orderBy: { name: "asc" } });
    const bucket = (minutesAgo: number) =>
      new Date(Math.floor((Date.now() - minutesAgo * MIN) / (15 * MIN)) * 15 * MIN);
    const s = { jobs: 10, ok: 5, unknown: 0, syncing: 0, stuck: 0 };
    await db.healthSample.createMany({
      data: [
        { ...s, bucket: bucket(8 * 24 * 60), endpointId: a.id, error: 9, overdue: 9 }, // older than 7 days
        { ...s, bucket: bucket(120), endpointId: a.id, error: 2, overdue: 1 },
        { ...s, bucket: bucket(120), endpointId: b.id, error: 3, overdue: 4 },
        { ...s, bucket: bucket(20), endpointId: a.id, error: 0, overdue: 2 },
      ],
    });
    const r = await getRecoveryOverview(10, 7);
    expect(r.trendDays).toBe(7);
    expect(r.trend.map(({ bucket: t, jobs, error, overdue }) => ({ t, jobs, error, overdue }))).toEqual([
      { t: bucket(120), jobs: 20, error: 5, overdue: 5 },
      { t: bucket(20), jobs: 10, error: 0, overdue: 2 },
    ]);
  });
});
