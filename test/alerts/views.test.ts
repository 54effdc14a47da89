import { describe, expect, it } from "vitest";
import { alertsForJob, lastDeliveryPerRule, openAlerts } from "@/server/alerts/views";
import { createCaller } from "@/server/api/root";
import { db } from "@/server/db/client";
import { setupTestDatabase } from "../helpers/db";

// The overview's open alerts and the job detail's alert list, with replication.alerts_open,
// alert_event and alert_delivery written directly (as the engine would).

setupTestDatabase();

const MIN = 60_000;
const ago = (minutes: number) => new Date(Date.now() - minutes * MIN);
let guest = 100;

async function fixtures() {
  const a = await db.proxmoxEndpoint.create({ data: { name: "alpha", url: "https://alpha:8006" } });
  const b = await db.proxmoxEndpoint.create({ data: { name: "beta", url: "https://beta:8006" } });
  const job = (endpointId: number, data: Record<string, unknown> = {}) =>
    db.replication.create({
      data: { endpointId, replicationId: `${++guest}-0`, guest, jobnum: 0, target: "pve2", ...data },
    });
  const vm = await db.virtualMachine.create({
    data: { endpointId: a.id, vmid: 500, name: "db-1", type: "qemu", nodeName: "pve1" },
  });
  return { a, b, job, vm };
}

describe("openAlerts", () => {
  it("lists the jobs with open alerts, open the longest first, and counts all of them", async () => {
    const { a, b, job, vm } = await fixtures();
    const newest = await job(a.id, { alertsOpen: ["error"], alertsOpenSince: ago(5) });
    // Stored out of order: shown as error, overdue, stuck, unknown.
    const oldest = await job(b.id, {
      alertsOpen: ["stuck", "overdue", "error"],
      alertsOpenSince: ago(300),
      virtualMachineId: vm.id,
    });
    const middle = await job(a.id, { alertsOpen: ["unknown"], alertsOpenSince: ago(60) });
    const noSince = await job(a.id, { alertsOpen: ["overdue"] });
    await job(a.id, { health: "error", error: "failing but not alerted" }); // nothing open: not listed
    await job(b.id, { alertsOpen: [], alertsOpenSince: ago(900) }); // closed: not listed

    const all = await openAlerts();
    expect(all.count).toBe(4);
    expect(all.jobs.map((j) => j.id)).toEqual([oldest.id, middle.id, newest.id, noSince.id]);
    expect(all.jobs[0]).toEqual({
      id: oldest.id,
      replicationId: oldest.replicationId,
      endpoint: { id: b.id, name: "beta" },
      guest: oldest.guest,
      vmName: "db-1",
      conditions: ["error", "overdue", "stuck"],
      since: oldest.alertsOpenSince,
    });
    expect(all.jobs[3]).toMatchObject({ vmName: null, since: null, conditions: ["overdue"] });

    const two = await openAlerts(2);
    expect(two.count).toBe(4);
    expect(two.jobs.map((j) => j.id)).toEqual([oldest.id, middle.id]);
  });
});

describe("alertsForJob", () => {
  it("lists the job's events newest first, each with the deliveries that carried it", async () => {
    const [a] = await db.proxmoxEndpoint.findMany({ where: { name: "alpha" } });
    const job = await db.replication.create({
      data: { endpointId: a.id, replicationId: "900-0", guest: 900, jobnum: 0, target: "pve3" },
    });
    const other = await db.replication.create({
      data: { endpointId: a.id, replicationId: "901-0", guest: 901, jobnum: 0, target: "pve3" },
    });
    const event = (jobId: number, minutesAgo: number, data: Record<string, unknown>) =>
      db.alertEvent.create({
        data: { jobId, endpointId: a.id, at: ago(minutesAgo), health: "error", transition: "error", ...data },
      });
    const failed = await event(job.id, 60, { previous: "ok", health: "error", error: "no space left" });
    const recovered = await event(job.id, 10, { transition: "recovered", previous: "error", health: "ok" });
    const elsewhere = await event(other.id, 30, { previous: "ok" });

    const hook = await db.alertDestination.create({
      data: { name: "hook", kind: "webhook", url: "http://127.0.0.1:1/" },
    });
    const mail = await db.alertDestination.create({
      data: { name: "mail", kind: "email", emailTo: ["ops@example.test"] },
    });
    const rule = await db.alertRule.create({ data: { name: "all failures", transitions: ["error"] } });
    const rule2 = await db.alertRule.create({ data: { name: "recoveries", transitions: ["recovered"] } });
    // A digest carrying two jobs' failures, a single-event delivery, and one for another job only.
    const digest = await db.alertDelivery.create({
      data: {
        ruleId: rule.id,
        destinationId: hook.id,
        state: "sent",
        eventIds: [elsewhere.id, failed.id],
      },
    });
    const mailed = await db.alertDelivery.create({
      data: { ruleId: rule.id, destinationId: mail.id, state: "failed", eventIds: [failed.id] },
    });
    const back = await db.alertDelivery.create({
      data: { ruleId: rule2.id, destinationId: hook.id, state: "retrying", eventIds: [recovered.id] },
    });
    await db.alertDelivery.create({
      data: { ruleId: rule.id, destinationId: mail.id, state: "sent", eventIds: [elsewhere.id] },
    });

    const list = await alertsForJob(job.id);
    expect(list).toEqual([
      {
        id: recovered.id.toString(),
        transition: "recovered",
        previous: "error",
        health: "ok",
        error: null,
        at: recovered.at,
        deliveries: [
          {
            id: back.id,
            state: "retrying",
            rule: { id: rule2.id, name: "recoveries" },
            destination: { id: hook.id, name: "hook" },
          },
        ],
      },
      {
        id: failed.id.toString(),
        transition: "error",
        previous: "ok",
        health: "error",
        error: "no space left",
        at: failed.at,
        deliveries: [
          {
            id: digest.id,
            state: "sent",
            rule: { id: rule.id, name: "all failures" },
            destination: { id: hook.id, name: "hook" },
          },
          {
            id: mailed.id,
            state: "failed",
            rule: { id: rule.id, name: "all failures" },
            destination: { id: mail.id, name: "mail" },
          },
        ],
      },
    ]);
    expect((await alertsForJob(job.id, 1)).map((e) => e.id)).toEqual([recovered.id.toString()]);
    expect(await alertsForJob(other.id + 1000)).toEqual([]);
  });
});

describe("lastDeliveryPerRule", () => {
  it("gives each rule's newest delivery and leaves out rules never delivered", async () => {
    const hook = await db.alertDestination.findUniqueOrThrow({ where: { name: "hook" } });
    const a = await db.alertRule.create({ data: { name: "a", transitions: ["error"] } });
    const b = await db.alertRule.create({ data: { name: "b", transitions: ["error"] } });
    await db.alertRule.create({ data: { name: "never", transitions: ["error"] } });
    const delivery = (ruleId: number, minutesAgo: number, state: string, lastError: string | null = null) =>
      db.alertDelivery.create({
        data: { ruleId, destinationId: hook.id, state, eventIds: [], created: ago(minutesAgo), lastError },
      });
    await delivery(a.id, 30, "sent");
    const aNewest = await delivery(a.id, 5, "failed", "HTTP 500");
    await delivery(a.id, 60, "sent");
    const bOnly = await delivery(b.id, 10, "queued");

    const last = new Map((await lastDeliveryPerRule()).map((d) => [d.ruleId, d]));
    expect(last.get(a.id)).toEqual({
      ruleId: a.id,
      deliveryId: aNewest.id,
      state: "failed",
      created: aNewest.created,
      lastError: "HTTP 500",
    });
    expect(last.get(b.id)).toMatchObject({ deliveryId: bOnly.id, state: "queued", lastError: null });
    const never = await db.alertRule.findUniqueOrThrow({ where: { name: "never" } });
    expect(last.has(never.id)).toBe(false);
  });
});

describe("alertViews router", () => {
  it("serves both to a viewer and refuses an anonymous caller", async () => {
    const viewer = createCaller({
      requestId: "t",
      headers: new Headers(),
      auth: "session",
      user: { id: 1, username: "v", role: "viewer" },
    });
    const open = await viewer.alertViews.open();
    expect(open.count).toBe(4);
    const job = await db.replication.findFirstOrThrow({ where: { replicationId: "900-0" } });
    expect((await viewer.alertViews.forJob({ id: job.id })).map((e) => e.transition)).toEqual([
      "recovered",
      "error",
    ]);
    const anonymous = createCaller({ requestId: "t", headers: new Headers(), auth: "anonymous", user: null });
    await expect(anonymous.alertViews.open()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
