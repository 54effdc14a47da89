import { createHmac } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { encryptSecret } from "@/server/secrets";
import { stopBoss } from "@/server/sync/queue";
import { requestSync } from "@/server/sync/service";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { setupTestDatabase } from "../helpers/db";
import { endpointForCluster, syncNow } from "../sync/helpers";
import { killAllWorkers, startWorker, type WorkerProcess, waitUntil } from "../sync/worker-process";
import { type HttpReceiver, startHttpReceiver } from "./receivers";

// Deliveries run in the sync workers (issue 14): a real `proxbox worker` process runs the sync that
// raises the event, matches it and sends it; its scheduler raises "overdue" by the clock and sends that.
// This process only requests the sync and changes the world.

const dbUrl = setupTestDatabase();
const CLUSTER = "wk";
const SECRET = "worker-hook-secret-0c1d";
const now = Math.floor(Date.now() / 1000);
const healthy = { last_sync: now - 300, last_try: now - 300, duration: 4 };

let sim: TestSimulator;
let endpointId: number;
let hook: HttpReceiver;
let worker: WorkerProcess;

beforeAll(async () => {
  sim = await startTestSimulator({
    clusters: [
      {
        name: CLUSTER,
        nodes: [
          { name: "pve1", online: true, ip: "10.6.0.1", nodeid: 1 },
          { name: "pve2", online: true, ip: "10.6.0.2", nodeid: 2 },
        ],
        guests: [
          { vmid: 100, name: "web", node: "pve1", type: "qemu" },
          { vmid: 101, name: "db", node: "pve1", type: "qemu" },
        ],
        jobs: [
          { id: "100-0", target: "pve2", source: "pve1", schedule: "*/15", state: healthy },
          { id: "101-0", target: "pve2", source: "pve1", schedule: "*/15", state: healthy },
        ],
        tokens: [
          {
            tokenId: "root@pam!proxbox",
            secret: "00000000-0000-4000-8000-000000000214",
            privileges: { "/": ["*"] },
          },
        ],
      },
    ],
  });
  endpointId = (await endpointForCluster(sim, CLUSTER)).id;
  expect((await syncNow({ kind: "replications", endpointId })).state).toBe("succeeded");
  hook = await startHttpReceiver();
  const dest = await db.alertDestination.create({
    data: { name: "hook", kind: "webhook", url: hook.url, secretEncrypted: encryptSecret(SECRET) },
  });
  await db.alertRule.create({
    data: {
      name: "all",
      transitions: ["error", "overdue"],
      destinations: { create: [{ destinationId: dest.id }] },
    },
  });
  worker = await startWorker({ DATABASE_URL: dbUrl(), PROXBOX_ALERT_RETRY_DELAY_S: "1" });
}, 90_000);
afterAll(async () => {
  await killAllWorkers();
  await stopBoss();
  await hook?.close();
  await sim?.close();
});

const received = () =>
  hook.requests.map((r) => {
    expect(r.headers["x-proxbox-signature"]).toBe(
      `sha256=${createHmac("sha256", SECRET).update(r.raw).digest("hex")}`,
    );
    return (JSON.parse(r.raw.toString()) as { events: { transition: string; replication_id: string }[] })
      .events;
  });

it("a sync run by the worker raises the error and the worker delivers it", async () => {
  sim.state.setJobState(CLUSTER, "100-0", {
    ...healthy,
    last_try: now - 5,
    fail_count: 1,
    error: "no space left",
  });
  const { run } = await requestSync({ kind: "replications", endpointId });
  await waitUntil(async () => hook.requests.length === 1, 30_000, "the worker's delivery");
  const done = await db.syncRun.findUniqueOrThrow({ where: { id: run.id } });
  expect(done.workerId).toMatch(new RegExp(`:${worker.pid}$`));
  expect(received()[0]).toEqual([expect.objectContaining({ transition: "error", replication_id: "100-0" })]);
  expect(worker.output()).not.toContain(SECRET);
}, 45_000);

it("the worker's scheduler raises overdue by the clock and delivers it, once", async () => {
  const job = await db.replication.findFirstOrThrow({ where: { endpointId, replicationId: "101-0" } });
  await db.$executeRaw`update replication set overdue_at = (now() at time zone 'utc') - interval '1 second' where id = ${job.id}`;
  await waitUntil(async () => hook.requests.length === 2, 30_000, "the overdue delivery");
  expect(received()[1]).toEqual([
    expect.objectContaining({ transition: "overdue", replication_id: "101-0" }),
  ]);
  // Ticks every 300 ms: a second look a few ticks later finds nothing new to send.
  await new Promise((r) => setTimeout(r, 1500));
  expect(hook.requests).toHaveLength(2);
  expect(await db.alertEvent.count({ where: { jobId: job.id, transition: "overdue" } })).toBe(1);
}, 45_000);
