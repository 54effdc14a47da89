import { randomUUID } from "node:crypto";
import { dispatchAlertEvents } from "@/server/alerts/dispatch";
import { db } from "@/server/db/client";
import { clientForEndpoint } from "@/server/endpoints/service";
import { logger } from "@/server/log";
import { type ProxmoxClient, ProxmoxError } from "@/server/proxmox";
import { healthStage } from "./health-stage";
import { withPrefetch } from "./prefetch";
import { enqueueRun } from "./queue";
import { type LogLine, RunReporter } from "./reporter";
import type { SyncScope } from "./scope";
import { refreshOneReplication } from "./single";
import { clusterStage, nodesStage, replicationJobsStage, storageStage, vmsStage } from "./stages";

// One run, start to end: which stages a kind has, what a failure of each means for the run's state.
// A failed or partial fetch never marks anything stale and never loses a row.

// The database's SyncKind also holds `endpoint`, a retired kind kept only so old run rows still read.
export const STAGES = {
  full: ["cluster", "nodes", "storage", "virtual machines", "replication jobs", "replication health"],
  replications: ["cluster", "nodes", "virtual machines", "replication jobs", "replication health"],
  replication: ["replication job", "replication health"],
} as const;

export type SyncKindName = keyof typeof STAGES;

const isSyncKind = (kind: string): kind is SyncKindName => Object.hasOwn(STAGES, kind);

/** Why a run stopped before its end: the worker is shutting down and gives the run back to the queue. */
export class RunHandedBack extends Error {
  constructor(message = "the worker is shutting down") {
    super(message);
    this.name = "RunHandedBack";
  }
}

type StageFn = RunReporter["stage"];

/** The database went away under a stage (a PostgreSQL restart or outage): the run stops there. */
export class DatabaseLost extends Error {
  constructor(stage: string, cause: unknown) {
    super(
      `the database connection was lost during stage ${stage} (${databaseErrorLine(cause)}); that stage's writes were rolled back and nothing was marked stale — run the sync again`,
    );
    this.name = "DatabaseLost";
  }
}

const DB_OUTAGE_CODES = new Set([
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, connection_exception family.
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  // Prisma: can't reach / timed out reaching / server closed the connection / pool timeout.
  "P1001",
  "P1002",
  "P1017",
  "P2024",
  // Sockets to PostgreSQL.
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
]);
const DB_OUTAGE_MESSAGE =
  /Connection terminated|Can't reach database server|Server has closed the connection|terminating connection due to administrator command|the database system is (shutting down|starting up|in recovery mode)|Client has encountered a connection error|Connection ended unexpectedly/i;

/** True when `err` says PostgreSQL is unreachable or went away (never for a Proxmox error). */
export function isDatabaseOutage(err: unknown): boolean {
  if (!(err instanceof Error) || err instanceof ProxmoxError) return false;
  const code = (err as { code?: unknown }).code;
  return (typeof code === "string" && DB_OUTAGE_CODES.has(code)) || DB_OUTAGE_MESSAGE.test(err.message);
}

/** The telling line of a database error (Prisma's messages start with the call site). */
export function databaseErrorLine(err: unknown): string {
  const lines = String((err as Error)?.message ?? err)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.at(-1) ?? "unknown error";
}

/** Retries a write while the database is unreachable (a restart takes seconds), up to `ms`. */
export async function whileDatabaseDown<T>(write: () => Promise<T>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (!isDatabaseOutage(err) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
    }
  }
}

/**
 * Executes a claimed run. `signal`, when aborted (the shutdown grace expired), abandons the Proxmox
 * call in flight and hands the run back at the next stage boundary: queued again, stages pending, a
 * new pg-boss job, so another worker runs it from the start. Re-running is safe: every stage
 * reconciles what Proxmox says now, in one transaction, so a stage that already ran changes nothing
 * the second time.
 */
export async function executeRun(runId: number, workerId: string, signal?: AbortSignal): Promise<void> {
  const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
  const kind = isSyncKind(run.kind) ? run.kind : null;
  const report = new RunReporter(runId, kind ? [...STAGES[kind]] : []);
  // A run handed back by a worker that shut down keeps that attempt's log (its note says why).
  if (Array.isArray(run.log)) report.log.push(...(run.log as unknown as LogLine[]));
  await report.start(workerId);
  let client: ProxmoxClient | undefined;
  const stage: StageFn = async (name, fn) => {
    if (signal?.aborted) throw new RunHandedBack();
    const result = await report.stage(name, fn);
    // The stage's transaction was rolled back; later stages would only fail the same way.
    if (!result.ok && isDatabaseOutage(result.error)) throw new DatabaseLost(name, result.error);
    return result;
  };
  try {
    if (!kind) throw new Error(`the ${run.kind} sync kind is no longer run`);
    if (!run.endpointId) throw new Error("the run has no endpoint");
    client = await clientForEndpoint(run.endpointId);
    if (signal) client = abortable(client, signal);
    const scope: SyncScope = {
      endpointId: run.endpointId,
      client,
      report,
      fullVisibility: true,
      actor: { userId: null, userName: "sync", requestId: randomUUID() },
    };
    const outcome =
      kind === "replication"
        ? await runSingle(scope, stage, run.target ?? "")
        : await runEndpoint(scope, stage, kind);
    // Aborted after the last stage began: unless everything still went through, run it again elsewhere.
    if (signal?.aborted && outcome !== "succeeded") throw new RunHandedBack();
    report.counts = { ...report.counts, errors: report.errors.length, warnings: report.warnings.length };
    await db.proxmoxEndpoint.update({
      where: { id: run.endpointId },
      data: { warnings: report.warnings, ...(outcome !== "failed" ? { lastSyncAt: new Date() } : {}) },
    });
    await report.finish(outcome, outcome === "succeeded" ? undefined : report.errors[0]);
    // The run's alert events are committed: match and queue them now rather than at the next tick.
    await dispatchAlertEvents().catch((err) =>
      logger.warn({ err, runId }, "alert dispatch after the run failed"),
    );
  } catch (err) {
    if (err instanceof RunHandedBack && kind) {
      await handBack(runId, kind, workerId, report);
      return;
    }
    const message =
      err instanceof DatabaseLost || !isDatabaseOutage(err)
        ? (err as Error).message
        : `the database connection was lost (${databaseErrorLine(err)}); nothing was marked stale — run the sync again`;
    report.error(message);
    if (err instanceof DatabaseLost)
      for (const s of report.stages)
        if (s.state === "pending") report.skip(s.name, "the database connection was lost");
    report.counts = { ...report.counts, errors: report.errors.length, warnings: report.warnings.length };
    // Recorded once the database is back (a restart), with the stages as far as they got.
    await whileDatabaseDown(() => report.finish("failed", message));
  } finally {
    // An abandoned request may still be waiting on Proxmox: closing waits for it, so do not wait then.
    const closing = client?.close().catch(() => undefined);
    if (!signal?.aborted) await closing;
  }
}

/** Puts a run this worker holds back in the queue, as if never started, with a note in its log. */
async function handBack(runId: number, kind: SyncKindName, workerId: string, report: RunReporter) {
  await report.close();
  const during = report.stages.find((s) => s.state === "running" || s.state === "failed")?.name;
  const before = report.stages.find((s) => s.state === "pending")?.name;
  const at = during ? ` during stage ${during}` : before ? ` before stage ${before}` : "";
  const note = `handed back by worker ${workerId}${at}: it is shutting down; the run starts again from the first stage on another worker`;
  logger.warn({ runId }, note);
  const reset = await db.syncRun.updateMany({
    where: { id: runId, state: "running", workerId },
    data: {
      state: "queued",
      stage: null,
      progress: 0,
      stages: STAGES[kind].map((name) => ({ name, state: "pending" })),
      counts: {},
      warnings: [],
      errors: [],
      log: [...report.log, { t: new Date().toISOString(), level: "warn", msg: note }],
      error: null,
      startedAt: null,
      workerId: null,
      heartbeatAt: null,
    },
  });
  if (reset.count === 0) return; // reaped or taken meanwhile: no longer ours to give back
  try {
    const jobId = await enqueueRun(runId);
    await db.syncRun.update({ where: { id: runId }, data: { jobId } });
  } catch (err) {
    // Queued without a job nobody would ever run it: say so instead.
    await db.syncRun.update({
      where: { id: runId },
      data: {
        state: "failed",
        error: `handed back at shutdown but could not be queued again: ${(err as Error).message}`,
        finishedAt: new Date(),
      },
    });
  }
}

/**
 * The client with every call racing the signal: when it aborts, the call in flight rejects at once
 * (its socket is left to the request timeout or the process exit), so a stage waiting on a slow
 * Proxmox does not hold the shutdown.
 */
function abortable(client: ProxmoxClient, signal: AbortSignal): ProxmoxClient {
  const aborted = () =>
    new RunHandedBack("the worker is shutting down: the Proxmox call in flight was abandoned");
  return new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function" || prop === "close") return value;
      return (...args: unknown[]) => {
        if (signal.aborted) return Promise.reject(aborted());
        const call = Promise.resolve(value.apply(target, args));
        return new Promise((resolve, reject) => {
          const onAbort = () => reject(aborted());
          signal.addEventListener("abort", onAbort, { once: true });
          call.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
        });
      };
    },
  });
}

async function runEndpoint(
  scope: SyncScope,
  stage: StageFn,
  kind: "full" | "replications",
): Promise<"succeeded" | "failed" | "partial"> {
  const { report } = scope;
  const cluster = await stage("cluster", async () => ({ value: await clusterStage(scope) }));
  if (!cluster.ok) {
    for (const s of report.stages) if (s.state === "pending") report.skip(s.name, "cluster not reachable");
    return "failed";
  }
  const prefetch = withPrefetch(scope.client);
  scope = {
    ...scope,
    client: prefetch.client,
    requestedNodeHealth: prefetch.requestedNodeHealth,
    nodeStatuses: prefetch.nodeStatuses,
  };
  const firstOnline = cluster.value.onlineNodes ? [...cluster.value.onlineNodes][0] : undefined;
  prefetch.lists(kind, firstOnline);
  if (cluster.value.onlineNodes) prefetch.nodeHealth([...cluster.value.onlineNodes]);
  let partial = false;
  const nodes = await stage("nodes", () => nodesStage(scope, cluster.value.onlineNodes));
  partial ||= !nodes.ok;
  if (kind !== "replications") {
    const storage = await stage("storage", () => storageStage(scope));
    partial ||= !storage.ok;
  }
  const vms = await stage("virtual machines", () => vmsStage(scope));
  partial ||= !vms.ok;

  const jobs = await stage("replication jobs", async () => {
    const list = await scope.client.clusterReplication();
    // Only a complete, successful list with full visibility may mark vanished jobs stale.
    return replicationJobsStage(scope, list, scope.fullVisibility ? "stale" : "keep");
  });
  if (jobs.ok) {
    const r = jobs.value.result;
    report.counts = {
      created: r.created,
      updated: r.updated,
      unchanged: r.unchanged,
      stale: r.removed,
      unlinked: jobs.value.unlinked.length,
      unlinkedIds: jobs.value.unlinked.slice(0, 100),
    };
  }
  const health = await stage("replication health", () => healthStage(scope));
  if (health.ok) report.counts = { ...report.counts, health: health.value.states };
  partial ||= !health.ok || (health.ok && health.value.failedNodes.length > 0);
  if (!jobs.ok) return "failed";
  return partial ? "partial" : "succeeded";
}

async function runSingle(
  scope: SyncScope,
  stage: StageFn,
  replicationId: string,
): Promise<"succeeded" | "failed" | "partial"> {
  const job = await stage("replication job", async () => {
    const refreshed = await refreshOneReplication(scope, replicationId);
    return { value: refreshed, counts: refreshed.counts };
  });
  if (!job.ok) {
    scope.report.skip("replication health", "the job could not be read");
    return "failed";
  }
  report(scope, job.value.counts);
  if (!job.value.exists) {
    scope.report.skip("replication health", "the job no longer exists in Proxmox");
    return "succeeded";
  }
  const health = await stage("replication health", async () => ({
    value: await job.value.refreshHealth(),
    counts: { jobs: 1 },
  }));
  return health.ok ? "succeeded" : "partial";
}

function report(scope: SyncScope, counts: Record<string, number>) {
  scope.report.counts = { ...scope.report.counts, ...counts };
}
