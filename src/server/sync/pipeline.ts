import { randomUUID } from "node:crypto";
import { db } from "@/server/db/client";
import { clientForEndpoint } from "@/server/endpoints/service";
import type { ProxmoxClient } from "@/server/proxmox";
import { healthStage } from "./health-stage";
import { withPrefetch } from "./prefetch";
import { RunReporter } from "./reporter";
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

export async function executeRun(runId: number, workerId: string): Promise<void> {
  const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
  const kind = isSyncKind(run.kind) ? run.kind : null;
  const report = new RunReporter(runId, kind ? [...STAGES[kind]] : []);
  await report.start(workerId);
  let client: ProxmoxClient | undefined;
  try {
    if (!kind) throw new Error(`the ${run.kind} sync kind is no longer run`);
    if (!run.endpointId) throw new Error("the run has no endpoint");
    client = await clientForEndpoint(run.endpointId);
    const scope: SyncScope = {
      endpointId: run.endpointId,
      client,
      report,
      fullVisibility: true,
      actor: { userId: null, userName: "sync", requestId: randomUUID() },
    };
    const outcome =
      kind === "replication" ? await runSingle(scope, run.target ?? "") : await runEndpoint(scope, kind);
    report.counts = { ...report.counts, errors: report.errors.length, warnings: report.warnings.length };
    await db.proxmoxEndpoint.update({
      where: { id: run.endpointId },
      data: { warnings: report.warnings, ...(outcome !== "failed" ? { lastSyncAt: new Date() } : {}) },
    });
    await report.finish(outcome, outcome === "succeeded" ? undefined : report.errors[0]);
  } catch (err) {
    report.error((err as Error).message);
    report.counts = { ...report.counts, errors: report.errors.length, warnings: report.warnings.length };
    await report.finish("failed", (err as Error).message);
  } finally {
    await client?.close();
  }
}

async function runEndpoint(
  scope: SyncScope,
  kind: "full" | "replications",
): Promise<"succeeded" | "failed" | "partial"> {
  const { report } = scope;
  const cluster = await report.stage("cluster", async () => ({ value: await clusterStage(scope) }));
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
  const nodes = await report.stage("nodes", () => nodesStage(scope, cluster.value.onlineNodes));
  partial ||= !nodes.ok;
  if (kind !== "replications") {
    const storage = await report.stage("storage", () => storageStage(scope));
    partial ||= !storage.ok;
  }
  const vms = await report.stage("virtual machines", () => vmsStage(scope));
  partial ||= !vms.ok;

  const jobs = await report.stage("replication jobs", async () => {
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
  const health = await report.stage("replication health", () => healthStage(scope));
  if (health.ok) report.counts = { ...report.counts, health: health.value.states };
  partial ||= !health.ok || (health.ok && health.value.failedNodes.length > 0);
  if (!jobs.ok) return "failed";
  return partial ? "partial" : "succeeded";
}

async function runSingle(
  scope: SyncScope,
  replicationId: string,
): Promise<"succeeded" | "failed" | "partial"> {
  const job = await scope.report.stage("replication job", async () => {
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
  const health = await scope.report.stage("replication health", async () => ({
    value: await job.value.refreshHealth(),
    counts: { jobs: 1 },
  }));
  return health.ok ? "succeeded" : "partial";
}

function report(scope: SyncScope, counts: Record<string, number>) {
  scope.report.counts = { ...scope.report.counts, ...counts };
}
