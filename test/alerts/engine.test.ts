import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchAlertEvents, FLOOD_GROUP } from "@/server/alerts/dispatch";
import { evaluateAlertCandidates } from "@/server/alerts/events";
import { db } from "@/server/db/client";
import { stopBoss } from "@/server/sync/queue";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { setupTestDatabase } from "../helpers/db";
import { endpointForCluster, syncNow } from "../sync/helpers";

// Alert events (issue 14) as the sync and the scheduler produce them, and their matching to rules:
// one event per transition, written with the health change, none for a repeat; recovery once; the
// clock's conditions by the scheduler's pass; matching by transition and by the list's filter
// language, digest windows collecting into one delivery. Expectations are counted from the scenario.

setupTestDatabase();
const CLUSTER = "al";
const now = Math.floor(Date.now() / 1000);
const OFFLINE_JOBS = 40;

function scenario() {
  const guests = [];
  const jobs = [];
  for (let i = 0; i < OFFLINE_JOBS; i++) {
    guests.push({ vmid: 100 + i, name: `g${100 + i}`, node: "pve1", type: "qemu" });
    jobs.push({
      id: `${100 + i}-0`,
      target: "pve2",
      source: "pve1",
      schedule: "*/15",
      state: { last_sync: now - 300, last_try: now - 300, duration: 4 },
    });
  }
  guests.push({ vmid: 200, name: "db", node: "pve2", type: "qemu" });
  guests.push({ vmid: 201, name: "off", node: "pve2", type: "qemu" });
  jobs.push({
    id: "200-0",
    target: "pve3",
    source: "pve2",
    schedule: "*/15",
    state: { last_sync: now - 300, last_try: now - 300, duration: 4 },
  });
  jobs.push({
    id: "201-0",
    target: "pve3",
    source: "pve2",
    schedule: "*/15",
    disable: true,
    state: { last_sync: now - 300, last_try: now - 300, duration: 4 },
  });
  return {
    clusters: [
      {
        name: CLUSTER,
        nodes: [
          { name: "pve1", online: true, ip: "10.8.0.1", nodeid: 1 },
          { name: "pve2", online: true, ip: "10.8.0.2", nodeid: 2 },
          { name: "pve3", online: true, ip: "10.8.0.3", nodeid: 3 },
        ],
        guests,
        jobs,
        tokens: [
          {
            tokenId: "root@pam!proxbox",
            secret: "00000000-0000-4000-8000-000000000014",
            privileges: { "/": ["*"] },
          },
        ],
      },
    ],
  };
}

let sim: TestSimulator;
let endpointId: number;
const sync = () => syncNow({ kind: "replications", endpointId });
const events = () =>
  db.alertEvent.findMany({ orderBy: { id: "asc" }, include: { job: { select: { replicationId: true } } } });
const jobId = async (replicationId: string) =>
  (await db.replication.findFirstOrThrow({ where: { endpointId, replicationId } })).id;

beforeAll(async () => {
  sim = await startTestSimulator(scenario());
  endpointId = (await endpointForCluster(sim, CLUSTER)).id;
}, 60_000);
afterAll(async () => {
  await stopBoss();
  await sim?.close();
});

describe("alert events", () => {
  it("a first sync of healthy jobs raises nothing", async () => {
    expect((await sync()).state).toBe("succeeded");
    expect(await db.replication.count({ where: { endpointId } })).toBe(OFFLINE_JOBS + 2);
    expect(await events()).toEqual([]);
    expect(await db.replication.count({ where: { NOT: { alertsOpen: { equals: [] } } } })).toBe(0);
  });

  it("a job going into error raises one event in the health write, and a repeat raises none", async () => {
    sim.state.setJobState(CLUSTER, "200-0", {
      last_sync: now - 300,
      last_try: now - 60,
      duration: 4,
      fail_count: 1,
      error: "zfs error: cannot receive: out of space",
    });
    await sync();
    const [e] = await events();
    expect(e).toMatchObject({
      transition: "error",
      previous: "ok",
      health: "error",
      error: "zfs error: cannot receive: out of space",
      endpointId,
      jobId: await jobId("200-0"),
    });
    // The event is in the same transaction as the health: same write, so the job's health says error.
    const job = await db.replication.findUniqueOrThrow({ where: { id: e!.jobId } });
    expect(job.health).toBe("error");
    expect(job.alertsOpen).toEqual(["error"]);
    expect(job.alertsOpenSince).not.toBeNull();
    // A second failure (fail count 2) and a scheduler pass: still the one open alert, no new event.
    sim.state.setJobState(CLUSTER, "200-0", {
      last_sync: now - 300,
      last_try: now - 30,
      duration: 4,
      fail_count: 2,
      error: "zfs error: cannot receive: out of space",
    });
    await sync();
    expect(await evaluateAlertCandidates()).toBe(0);
    expect(await events()).toHaveLength(1);
  });

  it("a node going offline raises one unknown per job; staying offline raises nothing more", async () => {
    sim.state.setNodeOnline(CLUSTER, "pve1", false);
    await sync();
    const unknown = (await events()).filter((e) => e.transition === "unknown");
    expect(unknown).toHaveLength(OFFLINE_JOBS);
    expect(new Set(unknown.map((e) => e.previous))).toEqual(new Set(["ok"]));
    await sync();
    expect(await evaluateAlertCandidates()).toBe(0);
    expect((await events()).filter((e) => e.transition === "unknown")).toHaveLength(OFFLINE_JOBS);
  });

  it("coming back raises one recovered per job, naming what it recovered from", async () => {
    sim.state.setNodeOnline(CLUSTER, "pve1", true);
    sim.state.setJobState(CLUSTER, "200-0", { last_sync: now - 10, last_try: now - 10, duration: 4 });
    await sync();
    const recovered = (await events()).filter((e) => e.transition === "recovered");
    expect(recovered).toHaveLength(OFFLINE_JOBS + 1);
    const byJob = new Map(recovered.map((e) => [e.job.replicationId, e]));
    expect(byJob.get("100-0")).toMatchObject({ previous: "unknown", health: "ok" });
    expect(byJob.get("200-0")).toMatchObject({ previous: "error", health: "ok" });
    expect(await db.replication.count({ where: { NOT: { alertsOpen: { equals: [] } } } })).toBe(0);
  });

  it("overdue and stuck arrive by the clock: the scheduler's pass raises each once, even when two passes race", async () => {
    const a = await jobId("100-0");
    const b = await jobId("101-0");
    await db.$executeRaw`update replication set overdue_at = (now() at time zone 'utc') - interval '1 minute' where id = ${a}`;
    await db.$executeRaw`update replication set stuck_at = (now() at time zone 'utc') - interval '1 minute' where id = ${b}`;
    const before = (await events()).length;
    const raised = await Promise.all([evaluateAlertCandidates(), evaluateAlertCandidates()]);
    expect(raised[0] + raised[1]).toBe(2);
    const fresh = (await events()).slice(before);
    expect(fresh.map((e) => [e.jobId, e.transition, e.previous]).sort()).toEqual(
      [
        [a, "overdue", "ok"],
        [b, "stuck", "ok"],
      ].sort(),
    );
    expect(await evaluateAlertCandidates()).toBe(0);
  });

  it("a watched job leaving the picture (disabled) closes its alerts without a recovered", async () => {
    const a = await jobId("100-0");
    await db.$executeRaw`update replication set disable = true where id = ${a}`;
    const before = (await events()).length;
    expect(await evaluateAlertCandidates()).toBe(0);
    expect((await events()).length).toBe(before);
    expect((await db.replication.findUniqueOrThrow({ where: { id: a } })).alertsOpen).toEqual([]);
    await db.$executeRaw`update replication set disable = false, overdue_at = null where id = ${a}`;
    // 101-0 is still stuck: clearing that by a sync (no run in progress) is its recovery.
    const b = await jobId("101-0");
    await db.$executeRaw`update replication set stuck_at = null where id = ${b}`;
    expect(await evaluateAlertCandidates()).toBe(1);
    const last = (await events()).at(-1);
    expect(last).toMatchObject({ jobId: b, transition: "recovered", previous: "stuck" });
  });
});

describe("matching events to rules", () => {
  let webhook: number;
  let mail: number;

  beforeAll(async () => {
    await dispatchAlertEvents(); // everything raised above, before any rule existed: matches nothing
    webhook = (
      await db.alertDestination.create({
        data: { name: "hook", kind: "webhook", url: "http://127.0.0.1:9/" },
      })
    ).id;
    mail = (
      await db.alertDestination.create({
        data: { name: "mail", kind: "email", emailTo: ["ops@example.com"], smtpUrl: "smtp://127.0.0.1:9" },
      })
    ).id;
  });

  it("events raised before a rule existed were dispatched to nothing", async () => {
    expect(await db.alertEvent.count({ where: { dispatchedAt: null } })).toBe(0);
    expect(await db.alertDelivery.count()).toBe(0);
  });

  it("one delivery per event without a digest; by transition and by the rule's filter", async () => {
    await db.alertRule.create({
      data: {
        name: "errors on pve3 targets",
        transitions: ["error", "recovered"],
        filter: "target=pve3",
        destinations: { create: [{ destinationId: webhook }] },
      },
    });
    // 200-0 (target pve3) fails, 102-0 (target pve2) fails: only 200-0 is in scope.
    const failing = { last_sync: now - 300, last_try: now - 5, duration: 4, fail_count: 1, error: "boom" };
    sim.state.setJobState(CLUSTER, "200-0", failing);
    sim.state.setJobState(CLUSTER, "102-0", failing);
    await sync();
    const deliveries = await db.alertDelivery.findMany();
    expect(deliveries).toHaveLength(1);
    const [d] = deliveries;
    expect(d).toMatchObject({ destinationId: webhook, state: "queued" });
    const [event] = await db.alertEvent.findMany({ where: { id: { in: d!.eventIds } } });
    expect(event).toMatchObject({ jobId: await jobId("200-0"), transition: "error" });
    expect(await db.alertEvent.count({ where: { dispatchedAt: null } })).toBe(0);
  });

  it("a digest rule gathers a whole node's transitions into one delivery per destination", async () => {
    await db.alertRule.create({
      data: {
        name: "node down",
        transitions: ["unknown", "recovered"],
        digestSeconds: 120,
        destinations: { create: [{ destinationId: webhook }, { destinationId: mail }] },
      },
    });
    const before = await db.alertDelivery.count();
    sim.state.setNodeOnline(CLUSTER, "pve1", false);
    await sync();
    const digests = await db.alertDelivery.findMany({
      where: { state: "collecting" },
      orderBy: { id: "asc" },
    });
    expect(digests.map((d) => d.destinationId).sort()).toEqual([webhook, mail].sort());
    for (const d of digests) expect(d.eventIds).toHaveLength(OFFLINE_JOBS);
    expect(await db.alertDelivery.count()).toBe(before + 2);
    // More transitions inside the window join the same deliveries (a second dispatcher appends).
    const extra = await jobId("200-0");
    await db.$executeRaw`update replication set health = 'unknown', health_checked_at = now() where id = ${extra}`;
    await evaluateAlertCandidates();
    await Promise.all([dispatchAlertEvents(), dispatchAlertEvents()]);
    const after = await db.alertDelivery.findMany({ where: { state: "collecting" } });
    expect(after).toHaveLength(2);
    for (const d of after) expect(d.eventIds).toHaveLength(OFFLINE_JOBS + 1);
  });

  it("a disabled rule matches nothing", async () => {
    await db.alertRule.updateMany({ data: { enabled: false } });
    const before = await db.alertDelivery.count();
    sim.state.setNodeOnline(CLUSTER, "pve1", true);
    await sync();
    expect((await events()).filter((e) => e.transition === "recovered").length).toBeGreaterThan(0);
    expect(await db.alertDelivery.count()).toBe(before);
  });

  it("without a digest, a burst larger than FLOOD_GROUP in one pass is one delivery, not one per job", async () => {
    expect(OFFLINE_JOBS).toBeGreaterThan(FLOOD_GROUP);
    const r = await db.alertRule.create({
      data: {
        name: "unknown, no digest",
        transitions: ["unknown"],
        destinations: { create: [{ destinationId: webhook }] },
      },
    });
    const last = (await db.alertEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    sim.state.setNodeOnline(CLUSTER, "pve1", false);
    await sync();
    // 102-0 is still failing: its unknown from the last outage never closed, so 39 new ones.
    const raised = await db.alertEvent.findMany({ where: { transition: "unknown", id: { gt: last } } });
    expect(raised).toHaveLength(OFFLINE_JOBS - 1);
    const deliveries = await db.alertDelivery.findMany({ where: { ruleId: r.id } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ state: "queued" });
    expect(deliveries[0]!.eventIds.map(String).sort()).toEqual(raised.map((e) => String(e.id)).sort());
  });
});
