import type { SyncRun, SyncTrigger } from "@/generated/prisma/client";
import { isFinalSyncState } from "@/lib/vocabulary";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { logger } from "@/server/log";
import { executeRun, STAGES, type SyncKindName } from "./pipeline";
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

/** The worker's side: claim a queued run (exactly once) and execute it. */
export async function processRun(runId: number): Promise<void> {
  const claimed = await db.syncRun.updateMany({
    where: { id: runId, state: "queued" },
    data: { state: "running", startedAt: new Date(), workerId: workerId(), heartbeatAt: new Date() },
  });
  if (claimed.count === 0) return; // already taken, finished or reaped
  try {
    await executeRun(runId, workerId());
  } catch (err) {
    logger.error({ err, runId }, "sync run crashed");
    await db.syncRun.update({
      where: { id: runId },
      data: { state: "failed", error: (err as Error).message, finishedAt: new Date() },
    });
  }
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
