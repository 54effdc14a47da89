import type { SyncRun, SyncTrigger } from "@/generated/prisma/client";
import { isFinalSyncState } from "@/lib/vocabulary";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { logger } from "@/server/log";
import {
  databaseErrorLine,
  executeRun,
  isDatabaseOutage,
  STAGES,
  type SyncKindName,
  whileDatabaseDown,
} from "./pipeline";
import { enqueueRun, workerId } from "./queue";

// Asking for a sync only records and enqueues a run; a worker does the work. At most one run per
// endpoint is queued or running at a time, serialised by a PostgreSQL advisory lock, so a second
// request (from any process) gets the run already under way.

const LOCK_NS = 0x5359; // "SY": advisory-lock namespace for per-endpoint sync requests

export interface SyncRequest {
  kind: SyncKindName;
  endpointId: number;
  replicationId?: string;
  trigger?: SyncTrigger;
  requestedBy?: string;
  scheduleId?: number;
}

export async function requestSync(req: SyncRequest): Promise<{ run: SyncRun; created: boolean }> {
  if (req.kind === "replication" && !req.replicationId) {
    throw new AppError("BAD_REQUEST", "a replication sync needs a replication id");
  }
  const endpoint = await db.proxmoxEndpoint.findUnique({
    where: { id: req.endpointId },
    select: { id: true, enabled: true, name: true },
  });
  if (!endpoint) throw new AppError("NOT_FOUND", `endpoint ${req.endpointId} does not exist`);
  if (!endpoint.enabled) throw new AppError("BAD_REQUEST", `endpoint ${endpoint.name} is disabled`);
  const outcome = await db.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(${LOCK_NS}::int4, ${req.endpointId}::int4)`;
    const active = await tx.syncRun.findFirst({
      where: { endpointId: req.endpointId, state: { in: ["queued", "running"] } },
      orderBy: { id: "desc" },
    });
    if (active) return { run: active, created: false };
    const run = await tx.syncRun.create({
      data: {
        kind: req.kind,
        endpointId: req.endpointId,
        target: req.replicationId ?? null,
        trigger: req.trigger ?? "manual",
        requestedBy: req.requestedBy ?? null,
        scheduleId: req.scheduleId ?? null,
        stages: STAGES[req.kind].map((name) => ({ name, state: "pending" })),
      },
    });
    return { run, created: true };
  });
  if (outcome.created) {
    try {
      const jobId = await enqueueRun(outcome.run.id);
      outcome.run = await db.syncRun.update({ where: { id: outcome.run.id }, data: { jobId } });
    } catch (err) {
      await db.syncRun.update({
        where: { id: outcome.run.id },
        data: {
          state: "failed",
          error: `could not enqueue: ${(err as Error).message}`,
          finishedAt: new Date(),
        },
      });
      throw err;
    }
  }
  return outcome;
}

/** One run per enabled endpoint (or per listed endpoint). */
export async function requestSyncAll(
  req: Omit<SyncRequest, "endpointId" | "replicationId"> & { endpointIds?: number[] },
): Promise<Array<{ run: SyncRun; created: boolean }>> {
  const endpoints = await db.proxmoxEndpoint.findMany({
    where: { enabled: true, ...(req.endpointIds?.length ? { id: { in: req.endpointIds } } : {}) },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  const out = [];
  for (const e of endpoints) out.push(await requestSync({ ...req, endpointId: e.id }));
  return out;
}

/** Runs this process executes now, each with the controller that asks it to stop (shutdown). */
const held = new Map<number, { abort: AbortController; done: Promise<void> }>();
let draining = false;

/** The worker's side: claim a queued run (exactly once) and execute it. */
export async function processRun(runId: number): Promise<void> {
  if (draining) {
    // Fetched by pg-boss just as the process began shutting down: leave the run to another worker.
    const run = await db.syncRun.findUnique({ where: { id: runId }, select: { state: true } });
    if (run?.state !== "queued") return;
    const jobId = await enqueueRun(runId);
    await db.syncRun.updateMany({ where: { id: runId, state: "queued" }, data: { jobId } });
    return;
  }
  const abort = new AbortController();
  // Held from before the claim, so a shutdown beginning meanwhile waits for this run too.
  const done = (async () => {
    const claimed = await db.syncRun.updateMany({
      where: { id: runId, state: "queued" },
      data: { state: "running", startedAt: new Date(), workerId: workerId(), heartbeatAt: new Date() },
    });
    if (claimed.count === 0) return; // already taken, finished or reaped
    try {
      await executeRun(runId, workerId(), abort.signal);
    } catch (err) {
      logger.error({ err, runId }, "sync run crashed");
      await recordCrash(
        runId,
        isDatabaseOutage(err)
          ? `the database connection was lost (${databaseErrorLine(err)}); nothing was marked stale — run the sync again`
          : (err as Error).message,
      );
    }
  })();
  held.set(runId, { abort, done });
  try {
    await done;
  } finally {
    held.delete(runId);
  }
}

/**
 * Marks a crashed run failed. The crash is often the database itself going away (a restart): the
 * write waits for it to come back, so the run ends failed with its real cause rather than waiting
 * for the reaper's "no heartbeat".
 */
async function recordCrash(runId: number, message: string): Promise<void> {
  await whileDatabaseDown(() =>
    db.syncRun.updateMany({
      where: { id: runId, state: "running" },
      data: { state: "failed", error: message, finishedAt: new Date() },
    }),
  ).catch((err) => logger.error({ err, runId }, "could not record the failed run; the reaper will"));
}

/**
 * Shutdown (SIGTERM/SIGINT), after the queue stopped handing this process work: runs it holds may
 * finish within `graceMs`; then each is asked to stop, which abandons its Proxmox call in flight and
 * hands it back to the queue at the stage boundary (see executeRun). Resolves when none is held.
 */
export async function drainRuns(graceMs: number): Promise<void> {
  draining = true;
  if (!held.size) return;
  const all = () => Promise.all([...held.values()].map((h) => h.done));
  logger.info({ runs: [...held.keys()], graceMs }, "shutting down: letting held sync runs finish");
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), graceMs);
  });
  const timedOut = await Promise.race([all().then(() => false), expired]);
  clearTimeout(timer);
  if (!timedOut) return;
  logger.warn({ runs: [...held.keys()] }, "shutdown grace expired: handing held sync runs back");
  for (const h of held.values()) h.abort.abort();
  await all();
}

export async function getRun(id: number): Promise<SyncRun> {
  const run = await db.syncRun.findUnique({ where: { id } });
  if (!run) throw new AppError("NOT_FOUND", `sync run ${id} does not exist`);
  return run;
}

export async function waitForRun(
  id: number,
  opts: { timeoutMs?: number; onProgress?: (run: SyncRun) => void } = {},
): Promise<SyncRun> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  for (;;) {
    const run = await getRun(id);
    opts.onProgress?.(run);
    if (isFinalSyncState(run.state)) return run;
    if (Date.now() > deadline) throw new Error(`sync run ${id} did not finish in time (state ${run.state})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs whose worker stopped sending heartbeats died with it: mark them failed, never leave them running. */
export async function reapDeadRuns(heartbeatTimeoutMs = 60_000): Promise<number> {
  const cutoff = new Date(Date.now() - heartbeatTimeoutMs);
  const reaped = await db.syncRun.updateMany({
    where: {
      state: "running",
      OR: [{ heartbeatAt: { lt: cutoff } }, { heartbeatAt: null, startedAt: { lt: cutoff } }],
    },
    data: {
      state: "failed",
      error: "the worker running this sync stopped (no heartbeat); nothing was marked stale",
      finishedAt: new Date(),
    },
  });
  return reaped.count;
}
