import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncRun } from "@/generated/prisma/client";
import { isFinalSyncState } from "@/lib/vocabulary";
import { db } from "@/server/db/client";
import { stopBoss } from "@/server/sync/queue";
import { setupTestDatabase } from "../helpers/db";
import { ensureBuilt, type HarnessEndpoint, ProcessHarness, type ProxboxProcess, waitFor } from "./harness";

// Scale-out (issue 12): two web processes from the build and three `proxbox worker` processes on one
// PostgreSQL, 20 simulated endpoints, each healthy, slow (300 ms per call) or flapping (every other
// call to each API path answers 500, the first included; see harness.ts). Sync requests race in from both web processes at once; every endpoint must be synced
// exactly once per request wave, nothing lost, stuck or duplicated, and the change log must say
// exactly what changed. Then SIGTERM to a web process that runs a worker, mid-sync.

const ENDPOINTS = 20;
const dbUrl = setupTestDatabase();
let h: ProcessHarness;
let web: ProxboxProcess[];

beforeAll(async () => {
  ensureBuilt();
  h = await ProcessHarness.start(ENDPOINTS, { databaseUrl: dbUrl(), slowDelayMs: 300 });
  web = await Promise.all([h.startWeb(), h.startWeb()]);
  await Promise.all([h.startWorker(), h.startWorker(), h.startWorker()]);
  // Each web process loads the sync route once (a 400 changes nothing), so the first wave's two
  // requests per endpoint race each other, not the route's first load.
  for (const w of web) {
    const res = await h.api(w, "POST", `/api/plugins/proxbox/endpoints/${h.endpoints[0].id}/sync/`, {
      kind: "nonsense",
    });
    expect(res.status).toBe(400);
  }
  expect(await db.syncRun.count()).toBe(0);
});

afterAll(async () => {
  await h?.close();
  await stopBoss();
});

/** Every endpoint, requested from both web processes at the same moment: one run id per endpoint. */
async function requestWave(): Promise<Map<number, number>> {
  const answers = await Promise.all(
    h.endpoints.map(async (e) => ({
      endpoint: e.id,
      answers: await Promise.all(web.map((w) => h.syncNow(w, e.id, "full"))),
    })),
  );
  const runOf = new Map<number, number>();
  for (const { endpoint, answers: pair } of answers) {
    // Both web processes name the same run; one created it (202), the other joined it (200).
    expect(new Set(pair.map((a) => a.runId)).size, `endpoint ${endpoint}`).toBe(1);
    expect(pair.map((a) => a.status).sort(), `endpoint ${endpoint}`).toEqual([200, 202]);
    runOf.set(endpoint, pair[0].runId);
  }
  return runOf;
}

async function waitAllFinal(ids: number[], timeoutMs = 90_000): Promise<SyncRun[]> {
  return waitFor(
    `${ids.length} runs final`,
    async () => {
      const runs = await db.syncRun.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
      return runs.length === ids.length && runs.every((r) => isFinalSyncState(r.state)) ? runs : undefined;
    },
    timeoutMs,
    250,
  );
}

const totalJobs = () => h.endpoints.reduce((n, e) => n + e.jobs, 0);

describe("scale-out: 2 web processes, 3 workers, 20 endpoints on one PostgreSQL", () => {
  let firstWave: Map<number, number>;

  it("a full sync of every endpoint requested from both web processes at once runs once per endpoint and loses nothing", async () => {
    const t0 = Date.now();
    firstWave = await requestWave();
    const ids = [...firstWave.values()];
    expect(new Set(ids).size).toBe(ENDPOINTS);
    // Nothing else was created: one run per endpoint in the whole table.
    expect(await db.syncRun.count()).toBe(ENDPOINTS);

    const runs = await waitAllFinal(ids);
    const wallMs = Date.now() - t0;
    // Every profile ends succeeded: slow calls stay within the timeout, a flapping node's 500s are
    // retried (GETs, twice) and the retry lands on a good call.
    const byProfile = Object.fromEntries(
      h.endpoints.map((e) => [
        e.name,
        `${e.profile}: ${runs.find((r) => r.id === firstWave.get(e.id))?.state} ${runs.find((r) => r.id === firstWave.get(e.id))?.error}`,
      ]),
    );
    expect(
      runs.map((r) => r.state),
      JSON.stringify(byProfile),
    ).toEqual(runs.map(() => "succeeded"));
    // The faults were real: every flapping cluster answered 500s (each path's first call at least).
    for (const e of h.endpoints.filter((e) => e.profile === "flapping")) {
      expect(await h.sim.countRequests({ cluster: e.cluster, status: 500 }), e.name).toBeGreaterThanOrEqual(
        8,
      );
    }
    // The work was spread over the worker processes (three workers, two runs at a time each).
    const workers = new Set(runs.map((r) => r.workerId));
    expect(workers.size).toBeGreaterThanOrEqual(2);
    for (const w of workers) {
      expect(h.processes.some((p) => p.kind === "worker" && ProcessHarness.workerIdOf(p) === w)).toBe(true);
    }
    console.info(
      `first wave: ${ENDPOINTS} full syncs in ${(wallMs / 1000).toFixed(1)} s on ${workers.size} workers`,
    );

    // Rows: exactly what the simulator serves, per endpoint (no duplicates, nothing missing).
    for (const e of h.endpoints) {
      const [replications, vms, nodes] = await Promise.all([
        db.replication.count({ where: { endpointId: e.id } }),
        db.virtualMachine.count({ where: { endpointId: e.id } }),
        db.proxmoxNode.count({ where: { endpointId: e.id } }),
      ]);
      expect({ endpoint: e.name, replications, vms, nodes }).toEqual({
        endpoint: e.name,
        replications: e.jobs,
        vms: e.guests,
        nodes: e.nodes,
      });
    }
    expect(await db.replication.count({ where: { status: "stale" } })).toBe(0);

    // Change log: one create per replication job, never two for the same object.
    const creates = await db.objectChange.groupBy({
      by: ["changedObjectId"],
      where: { changedObjectType: "proxbox.replication", action: "create" },
      _count: true,
    });
    expect(creates).toHaveLength(totalJobs());
    expect(creates.filter((c) => c._count !== 1)).toEqual([]);
    expect(
      await db.objectChange.count({
        where: { changedObjectType: "proxbox.replication", action: { not: "create" } },
      }),
    ).toBe(0);
  });

  it("a second wave with nothing changed runs once per endpoint again and writes no change-log rows", async () => {
    const before = await db.objectChange.count();
    const secondWave = await requestWave();
    for (const [endpoint, id] of secondWave) expect(id).not.toBe(firstWave.get(endpoint));
    expect(await db.syncRun.count()).toBe(2 * ENDPOINTS);
    const runs = await waitAllFinal([...secondWave.values()]);
    expect(runs.map((r) => r.state)).toEqual(runs.map(() => "succeeded"));
    for (const r of runs) expect(r.counts).toMatchObject({ created: 0, updated: 0, stale: 0 });
    expect(await db.objectChange.count()).toBe(before);
    expect(await db.replication.count()).toBe(totalJobs());
  });

  it("20 concurrent Sync Now requests on one endpoint, split across both web processes, make one run", async () => {
    const slow = h.endpoints.find((e) => e.profile === "slow");
    if (!slow) throw new Error("no slow endpoint");
    const before = await db.syncRun.count({ where: { endpointId: slow.id } });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => h.syncNow(web[i % 2], slow.id, i % 3 ? "full" : "replications")),
    );
    expect(new Set(answers.map((a) => a.runId)).size).toBe(1);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
    expect(await db.syncRun.count({ where: { endpointId: slow.id } })).toBe(before + 1);
    const [run] = await waitAllFinal([answers[0].runId], 60_000);
    expect(run.state).toBe("succeeded");
  });

  // The shutdown contract (src/server/runtime.ts): on SIGTERM a process stops picking up runs at once; a
  // run it holds finishes if it can within PROXBOX_SHUTDOWN_GRACE_MS (default 15 s), else is handed back
  // (state queued, enqueued again) at the next stage boundary; the process exits within grace + 10 s.
  let spare: ProxboxProcess | undefined;

  /** A web process with a worker (one run at a time) holding a full sync of `endpoint`, mid-stage. */
  async function holdRun(endpoint: HarnessEndpoint, grace?: number) {
    const serving = await h.startWeb({
      worker: true,
      env: {
        PROXBOX_WORKER_CONCURRENCY: "1",
        ...(grace === undefined ? {} : { PROXBOX_SHUTDOWN_GRACE_MS: String(grace) }),
      },
    });
    const servingId = ProcessHarness.workerIdOf(serving);
    const { runId } = await h.syncNow(web[0], endpoint.id, "full");
    await waitFor("the run is running in the web process", async () => {
      const r = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
      return r.state === "running" && r.workerId === servingId && r.stage === "replication jobs";
    });
    return { serving, servingId, runId };
  }

  it("SIGTERM to a web process running a worker mid-sync: it takes no new run, finishes its run within the grace period, exits in time", async () => {
    // Only the web process with a worker may take runs: the standalone workers stop first (idle).
    for (const p of h.processes.filter((p) => p.kind === "worker")) {
      const stopped = await h.stop(p, "SIGTERM", 30_000);
      expect(stopped.status, p.output().slice(-2000)).not.toBe("timeout");
    }
    const [target, other] = h.endpoints.filter((e) => e.profile === "healthy");
    // The run takes a few seconds (the replication list answers after 2 s): well within the default grace.
    const fault = await h.sim.addFault({
      cluster: target.cluster,
      path: "/cluster/replication",
      delayMs: 2000,
    });
    try {
      const { serving, servingId, runId } = await holdRun(target);
      const exit = h.stop(serving, "SIGTERM", 30_000);
      // It stops taking work at once: a run queued right after the signal is left for others.
      await new Promise((r) => setTimeout(r, 300));
      const { runId: laterId } = await h.syncNow(web[1], other.id, "replications");
      const stopped = await exit;
      expect(stopped.status, serving.output().slice(-3000)).not.toBe("timeout");
      expect(stopped.ms).toBeLessThanOrEqual(25_000); // default grace 15 s + 10 s
      console.info(
        `web process with a worker exited ${stopped.ms} ms after SIGTERM (status ${stopped.status})`,
      );

      const held = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
      expect({ state: held.state, workerId: held.workerId }, held.error ?? "").toEqual({
        state: "succeeded",
        workerId: servingId,
      });
      const later = await db.syncRun.findUniqueOrThrow({ where: { id: laterId } });
      expect(later.state).toBe("queued");
      // Another worker takes the run the stopping process left alone.
      spare = await h.startWorker();
      const [laterFinal] = await waitAllFinal([laterId], 60_000);
      expect(laterFinal.state).toBe("succeeded");
      expect(laterFinal.workerId).toBe(ProcessHarness.workerIdOf(spare));
    } finally {
      await h.sim.removeFault(fault);
    }
  });

  it("SIGTERM to a web process whose run cannot finish within the grace period: the run is handed back and finished by another worker", async () => {
    if (spare) expect((await h.stop(spare, "SIGTERM", 30_000)).status).not.toBe("timeout");
    const target = h.endpoints.filter((e) => e.profile === "healthy")[2];
    // The replication list takes 6 s; the grace period is 1 s.
    const fault = await h.sim.addFault({
      cluster: target.cluster,
      path: "/cluster/replication",
      delayMs: 6000,
    });
    try {
      const { serving, servingId, runId } = await holdRun(target, 1000);
      const stopped = await h.stop(serving, "SIGTERM", 30_000);
      expect(stopped.status, serving.output().slice(-3000)).not.toBe("timeout");
      expect(stopped.ms).toBeLessThanOrEqual(11_000); // grace 1 s + 10 s
      console.info(`web process handing back its run exited ${stopped.ms} ms after SIGTERM`);
      const held = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
      expect({ state: held.state, error: held.error }).toMatchObject({ state: "queued" });
      const worker = await h.startWorker();
      const [final] = await waitAllFinal([runId], 60_000);
      expect(final.state, final.error ?? "").toBe("succeeded");
      expect(final.workerId).toBe(ProcessHarness.workerIdOf(worker));
      expect(final.workerId).not.toBe(servingId);
      // Nothing lost, nothing marked stale, nothing logged twice by the interrupted attempt.
      expect(await db.replication.count({ where: { status: "stale" } })).toBe(0);
      expect(await db.replication.count()).toBe(totalJobs());
      expect(
        await db.objectChange.count({
          where: { changedObjectType: "proxbox.replication", action: "create" },
        }),
      ).toBe(totalJobs());
    } finally {
      await h.sim.removeFault(fault);
    }
  });
});
