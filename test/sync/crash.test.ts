import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { stopBoss } from "@/server/sync/queue";
import { processRun, requestSync, waitForRun } from "@/server/sync/service";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { setupTestDatabase } from "../helpers/db";
import { faultMatrix } from "./fault-matrix";
import { endpointForCluster, syncNow } from "./helpers";
import { healthyScenario, rowCounts } from "./rows";
import { killAllWorkers, nodesStageTrap, startWorker, waitUntil } from "./worker-process";

// Acceptance (issue 12): a worker stopped by SIGTERM takes no more runs, finishes its run within
// PROXBOX_SHUTDOWN_GRACE_MS or hands it back for another worker, and exits within grace + 10 s; a
// worker killed with SIGKILL mid-stage leaves no half-written stage, its run is reaped as failed with
// a message, and the next run succeeds. Real `proxbox worker` processes on one PostgreSQL, the real
// HTTPS simulator; every case ends with the same rows as before and none marked stale.

const dbUrl = setupTestDatabase();
const CLUSTER = "pve-prod";
let sim: TestSimulator;
let endpointId: number;
let otherEndpointId: number;
let baseline: Awaited<ReturnType<typeof rowCounts>>;

beforeAll(async () => {
  sim = await startTestSimulator(healthyScenario());
  // Requests may hang far longer than a shutdown grace here: the grace, not the client, ends them.
  endpointId = (await endpointForCluster(sim, CLUSTER, { requestTimeoutMs: 90_000 })).id;
  otherEndpointId = (await endpointForCluster(sim, "pve-lab")).id;
  expect((await syncNow({ kind: "full", endpointId })).state).toBe("succeeded");
  baseline = await rowCounts(endpointId);
  expect(baseline.replications).toBeGreaterThan(20);
  expect(baseline.stale).toBe(0);
});
afterEach(async () => {
  sim.faults.clear();
  await killAllWorkers();
});
const matrix = faultMatrix("crash");
afterAll(async () => {
  matrix.write();
  await stopBoss();
  await sim?.close();
});

const runOf = (id: number) => db.syncRun.findUniqueOrThrow({ where: { id } });

async function expectNothingLost() {
  expect(await rowCounts(endpointId)).toEqual(baseline);
}

describe("SIGTERM to a worker during a sync", () => {
  it("grace expires mid-stage: the Proxmox call is abandoned, the run handed back and finished by another worker", async () => {
    // The first attempt's job list hangs for a minute; the retry on the second worker is served at once.
    sim.faults.add({ cluster: CLUSTER, path: "/cluster/replication", delayMs: 60_000, times: 1 });
    const grace = 2000;
    const first = await startWorker({ DATABASE_URL: dbUrl(), PROXBOX_SHUTDOWN_GRACE_MS: String(grace) });
    const { run } = await requestSync({ kind: "full", endpointId });
    await waitUntil(async () => {
      const r = await runOf(run.id);
      return r.stage === "replication jobs" && r.workerId?.endsWith(`:${first.pid}`) === true;
    });
    const second = await startWorker({ DATABASE_URL: dbUrl() });

    const signalled = Date.now();
    first.child.kill("SIGTERM");
    const exit = await first.exited;
    const exitMs = exit.at - signalled;
    expect(exit.code).toBe(0);
    expect(exitMs).toBeGreaterThanOrEqual(grace); // it waited for the run first
    expect(exitMs).toBeLessThan(grace + 10_000);
    expect(first.output()).toMatch(/handed back by worker/);

    const done = await waitForRun(run.id, { timeoutMs: 30_000 });
    expect(done.state).toBe("succeeded");
    expect(done.workerId).toMatch(new RegExp(`:${second.pid}$`));
    const log = (done.log as Array<{ msg: string }>).map((l) => l.msg).join("\n");
    expect(log).toMatch(/handed back by worker .*:\d+ during stage replication jobs: it is shutting down/);
    expect((done.stages as Array<{ state: string }>).every((s) => s.state === "succeeded")).toBe(true);
    expect(done.error).toBeNull();
    // One pg-boss job per attempt: the hand-back enqueued a second one.
    expect(done.jobId).not.toBe(run.jobId);
    await expectNothingLost();
    matrix.record({
      fault: `SIGTERM to a worker mid-stage, Proxmox call hanging, grace ${grace} ms (worker exited after ${exitMs} ms)`,
      state: `${done.state} (handed back, run by a second worker)`,
      message: log.split("\n").find((l) => l.startsWith("handed back")),
    });
  }, 60_000);

  it("a run that can finish within the grace finishes (succeeded); no new run is taken meanwhile", async () => {
    sim.faults.add({ cluster: CLUSTER, path: "/cluster/replication", delayMs: 3000, times: 1 });
    const worker = await startWorker({ DATABASE_URL: dbUrl() }); // default grace: 15 s
    const { run } = await requestSync({ kind: "full", endpointId });
    await waitUntil(async () => (await runOf(run.id)).stage === "replication jobs");

    const signalled = Date.now();
    worker.child.kill("SIGTERM");
    await waitUntil(async () => /letting held sync runs finish/.test(worker.output()), 10_000, "drain");
    // Asked for after the signal: this worker must leave it alone.
    const other = await requestSync({ kind: "full", endpointId: otherEndpointId });
    const exit = await worker.exited;
    const exitMs = exit.at - signalled;
    expect(exit.code).toBe(0);
    expect(exitMs).toBeLessThan(15_000 + 10_000);

    const done = await runOf(run.id);
    expect(done.state).toBe("succeeded");
    expect(done.workerId).toMatch(new RegExp(`:${worker.pid}$`));
    const left = await runOf(other.run.id);
    expect(left.state).toBe("queued");
    expect(left.workerId).toBeNull();
    // Still queued in pg-boss for the next worker (here: this process's own code path).
    await processRun(left.id);
    expect((await runOf(left.id)).state).toBe("succeeded");
    await expectNothingLost();
    matrix.record({
      fault: `SIGTERM to a worker mid-stage, run able to finish within the 15 s grace (worker exited after ${exitMs} ms)`,
      state: `${done.state} (by the signalled worker)`,
      message: "— (a run requested after the signal stayed queued for another worker)",
    });
  }, 60_000);
});

describe("SIGKILL of a worker mid-stage", () => {
  it("leaves no half-written stage; the reaper fails the run with its message; the next run succeeds", async () => {
    let run: { id: number };
    // The nodes stage will change a row (pve2 goes offline) and then, in the same transaction, set
    // the endpoint's time zone. Row locks the test holds catch the worker between those two writes
    // of one transaction, and it is killed there.
    sim.state.setNodeOnline(CLUSTER, "pve2", false);
    const changesBefore = await db.objectChange.count();
    const trap = await nodesStageTrap(dbUrl(), endpointId, "pve2");
    try {
      const worker = await startWorker({ DATABASE_URL: dbUrl() });
      ({ run } = await requestSync({ kind: "full", endpointId }));
      await trap.blockedOnNode();
      await trap.thenHoldEndpoint();
      worker.child.kill("SIGKILL");
      await worker.exited;
      await trap.release();
      // Its backend sees the client gone once it runs again, and rolls the whole stage back.
      await waitUntil(
        async () => !(await trap.othersInTransaction()),
        20_000,
        "the dead worker's transaction to end",
      );
    } finally {
      await trap.end();
    }
    // Nothing of the stage landed: pve2 still online, no change-log entry for it, no time zone update.
    const pve2 = await db.proxmoxNode.findFirstOrThrow({ where: { endpointId, name: "pve2" } });
    expect(pve2.online).toBe(true);
    expect(await db.objectChange.count()).toBe(changesBefore);
    expect(await rowCounts(endpointId)).toEqual(baseline);

    // A surviving worker's scheduler reaps the run: failed, with the reason.
    const survivor = await startWorker({ DATABASE_URL: dbUrl(), PROXBOX_HEARTBEAT_TIMEOUT_MS: "3000" });
    const reaped = await waitForRun(run.id, { timeoutMs: 30_000 });
    expect(reaped.state).toBe("failed");
    expect(reaped.error).toMatch(
      /the worker running this sync stopped \(no heartbeat\); nothing was marked stale/,
    );

    // The next run (pve2 back online) succeeds on the survivor.
    sim.state.setNodeOnline(CLUSTER, "pve2", true);
    const next = await requestSync({ kind: "full", endpointId });
    expect(next.created).toBe(true);
    const done = await waitForRun(next.run.id, { timeoutMs: 30_000 });
    expect(done.state).toBe("succeeded");
    expect(done.workerId).toMatch(new RegExp(`:${survivor.pid}$`));
    await expectNothingLost();
    matrix.record({
      fault: "SIGKILL of a worker inside the nodes stage's transaction (reaper timeout 3 s)",
      state: `${reaped.state}; the next run ${done.state}`,
      message: reaped.error,
      rows: "unchanged, 0 stale; nothing of the killed stage committed",
    });
  }, 90_000);
});
