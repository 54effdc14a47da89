import { db } from "@/server/db/client";
import { seedEndpoint, seedNode, seedVm } from "./factories";

// A small, varied inventory for the filter tests: NULLs and empty strings, LIKE metacharacters,
// non-ASCII text, two nodes with the same name on different endpoints, an unnamed guest.

export interface FilterFixture {
  endpoints: { alpha: number; beta: number };
  vmIds: number[];
  replicationIds: number[];
}

const COMMENTS = [null, "", "Nightly to DR", "100%_done", "Ümlaut-Job", "nightly", "weekly"];
const SCHEDULES = ["*/15", "mon..fri 22:30", "*/5", "sat 02:00", "*/15"];
const ERRORS = [null, "timeout (500)", "", "zfs error: dataset busy"];
const HEALTH = ["ok", "error", "syncing", "pending", "disabled", "removal_scheduled", "unknown"];
const TARGETS = ["pve1", "pve2", "pve3", "PVE2"];

const HOUR_MS = 3_600_000;
// Either side of the test's now: the overdue/stuck filters compare with now(), so each of these rows
// stays on its side for the whole run (a day away).
const fromNow = (hours: number) => new Date(Date.now() + hours * HOUR_MS);
const INTERVALS = [null, 900, 300, 259_200, 86_400];
const day = (d: number, h = 0) => new Date(Date.UTC(2026, 0, d, h, 30, 0, d % 3 === 0 ? 0 : 250));

export async function seedFilterFixture(): Promise<FilterFixture> {
  const alpha = await seedEndpoint({ name: "alpha" });
  const beta = await seedEndpoint({ name: "beta" });
  const nodes = [
    await seedNode(alpha.id, { name: "pve1" }),
    await seedNode(alpha.id, { name: "pve2" }),
    await seedNode(beta.id, { name: "pve1" }),
    await seedNode(beta.id, { name: "pve3", online: false }),
  ];
  const names = ["web-01", "db_01", "WEB-02", "mail%x", null, "ümlaut-vm", "web-03"];
  const vms = [];
  for (const [i, name] of names.entries()) {
    vms.push(await seedVm(i % 2 ? beta.id : alpha.id, { vmid: 100 + i, name }));
  }
  const replicationIds: number[] = [];
  for (let i = 0; i < 36; i++) {
    const vm = i % 9 === 8 ? null : vms[i % vms.length];
    const endpointId = vm ? vm.endpointId : i % 2 ? beta.id : alpha.id;
    const node = nodes.find((n) => n.endpointId === endpointId && i % 3 === 0) ?? null;
    const guest = vm ? vm.vmid : 900 + i;
    const jobnum = Math.floor(i / vms.length);
    const row = await db.replication.create({
      data: {
        endpointId,
        virtualMachineId: vm?.id ?? null,
        proxmoxNodeId: node?.id ?? null,
        replicationId: `${guest}-${jobnum}`,
        guest,
        jobnum,
        target: TARGETS[i % TARGETS.length],
        source: i % 5 === 0 ? null : `pve${(i % 3) + 1}`,
        schedule: SCHEDULES[i % SCHEDULES.length],
        rate: i % 4 === 0 ? null : (i % 4) * 12.5,
        disable: i % 6 === 0,
        comment: COMMENTS[i % COMMENTS.length],
        removeJob: i % 7 === 0 ? "full" : i % 11 === 0 ? "local" : null,
        status: i % 8 === 0 ? "stale" : "active",
        health: HEALTH[i % HEALTH.length],
        lastSync: i % 5 === 1 ? null : day((i % 28) + 1, i % 24),
        lastTry: i % 4 === 2 ? null : day((i % 27) + 2, 3),
        nextSync: i % 6 === 5 ? null : day((i % 20) + 5, 12),
        duration: i % 3 === 1 ? null : (i % 10) * 1.25,
        failCount: i % 5 === 3 ? null : i % 4,
        error: ERRORS[i % ERRORS.length],
        created: day((i % 10) + 1, 6),
        lastUpdated: day((i % 15) + 10, 9),
        // Recovery point: overdue_at past, future or null; stuck_at past (stuck), future (syncing,
        // not stuck yet) or null — spread across disabled, removal-scheduled and stale rows above.
        expectedIntervalSeconds: INTERVALS[i % INTERVALS.length],
        // Past overdue_at on active, disabled (i = 6), removal-scheduled (i = 14) and stale (i = 8) rows alike.
        overdueAt:
          i % 4 === 3
            ? null
            : i % 5 === 0
              ? fromNow(24 + i)
              : i % 2
                ? day((i % 20) + 2, 4)
                : fromNow(-24 - i),
        // Open alerts (issue 14's `alerting` filter): some jobs with one or two conditions open.
        alertsOpen: i % 6 === 1 ? ["error"] : i % 9 === 2 ? ["overdue", "unknown"] : [],
        stuckAt:
          i % 5 === 4
            ? fromNow(-24 - i)
            : i % 5 === 2
              ? fromNow(24 + i)
              : i % 5 === 0
                ? day((i % 9) + 1, 7)
                : null,
      },
    });
    replicationIds.push(row.id);
  }
  return { endpoints: { alpha: alpha.id, beta: beta.id }, vmIds: vms.map((v) => v.id), replicationIds };
}
