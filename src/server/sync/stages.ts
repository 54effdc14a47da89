import { db } from "@/server/db/client";
import { type Sql, sqlTransaction } from "@/server/db/sql";
import type { NodeReplicationStatus } from "@/server/proxmox";
import { type HealthValues, healthFromStatus, sourceNodeOf } from "./health";
import { type ReconcileResult, reconcileTable, type TableSpec } from "./reconcile";
import type { SyncScope } from "./scope";
import {
  guestAndJobnum,
  nodeTable,
  type ReplicationConfig,
  type ReplicationRow,
  replicationTable,
  storageTable,
  vmTable,
} from "./tables";

// The stages of a sync, each: fetch from Proxmox first (nothing written if that fails), then write
// everything of the stage in one transaction.

async function writeStage<T>(
  scope: SyncScope,
  spec: TableSpec<T>,
  rows: T[],
  missing: "keep" | "delete" | "stale",
  after?: (tx: Sql, r: ReconcileResult) => Promise<void>,
): Promise<ReconcileResult> {
  return sqlTransaction(async (tx) => {
    // The change log is written by the reconciler itself, set-based, in this transaction.
    const result = await reconcileTable(tx, spec, scope.endpointId, rows, { kind: missing }, scope.actor);
    await after?.(tx, result);
    return result;
  });
}

function countsOf(r: ReconcileResult, removedLabel = "deleted") {
  return { created: r.created, updated: r.updated, unchanged: r.unchanged, [removedLabel]: r.removed };
}

interface ClusterInfo {
  version: string;
  clusterName: string | null;
  onlineNodes: Set<string> | null;
}

export async function clusterStage(scope: SyncScope): Promise<ClusterInfo> {
  const { client, report } = scope;
  const version = await client.version();
  report.info(`Proxmox VE ${version.version}`);
  let clusterName: string | null = null;
  let onlineNodes: Set<string> | null = null;
  try {
    const status = await client.clusterStatus();
    clusterName = status.find((s) => s.type === "cluster")?.name ?? null;
    onlineNodes = new Set(status.filter((s) => s.type === "node" && s.online !== false).map((s) => s.name));
  } catch (err) {
    report.warn(`cluster status not readable (needs Sys.Audit on /): ${(err as Error).message}`);
  }
  // Proxmox silently hides jobs of guests the token may not audit: without VM.Audit on /vms, a job
  // missing from the list is not evidence that it was deleted.
  try {
    const perms = await client.permissions();
    const vms = perms["/vms"] ?? perms["/"] ?? {};
    if (!vms["VM.Audit"]) {
      scope.fullVisibility = false;
      report.warn(
        "the token lacks VM.Audit on /vms: Proxmox hides replication jobs and guests it may not audit, so none is marked stale",
      );
    }
  } catch (err) {
    scope.fullVisibility = false;
    report.warn(`permissions not readable, so none is marked stale: ${(err as Error).message}`);
  }
  await db.proxmoxEndpoint.update({
    where: { id: scope.endpointId },
    data: { pveVersion: version.version, clusterName },
  });
  return { version: version.version, clusterName, onlineNodes };
}

export async function nodesStage(scope: SyncScope, onlineHint: Set<string> | null) {
  const nodes = await scope.client.nodes();
  const rows = nodes.map((n) => ({
    name: n.node,
    status: n.status,
    online: n.status === "online" && (onlineHint?.has(n.node) ?? true),
    nodeId: null,
    ip: null,
    sslFingerprint: n.ssl_fingerprint ?? null,
    level: n.level ?? null,
    raw: {},
  }));
  const firstOnline = rows.find((r) => r.online);
  let timezone: string | null = null;
  if (firstOnline) {
    timezone = await scope.client
      .nodeTime(firstOnline.name)
      .then((t) => t.timezone)
      .catch(() => null);
  }
  const result = await writeStage(scope, nodeTable, rows, "delete", async (tx) => {
    if (timezone)
      await tx.execute("update proxmox_endpoint set timezone = $1 where id = $2", timezone, scope.endpointId);
  });
  return { value: result, counts: countsOf(result) };
}

async function nodeIds(endpointId: number): Promise<Map<string, { id: number; online: boolean }>> {
  const rows = await db.proxmoxNode.findMany({
    where: { endpointId },
    select: { id: true, name: true, online: true },
  });
  return new Map(rows.map((r) => [r.name, { id: r.id, online: r.online }]));
}

export async function storageStage(scope: SyncScope) {
  const storages = await scope.client.clusterResources("storage");
  const nodes = await nodeIds(scope.endpointId);
  const rows = storages.map((s) => ({ s, nodeId: nodes.get(s.node)?.id ?? null }));
  const result = await writeStage(scope, storageTable, rows, "delete");
  return { value: result, counts: countsOf(result) };
}

export async function vmsStage(scope: SyncScope) {
  const vms = await scope.client.clusterResources("vm");
  const nodes = await nodeIds(scope.endpointId);
  const rows = vms.map((vm) => ({ vm, nodeId: nodes.get(vm.node)?.id ?? null }));
  // Without full visibility a guest missing from the list may only be hidden from us: keep it.
  const result = await writeStage(scope, vmTable, rows, scope.fullVisibility ? "delete" : "keep");
  return { value: result, counts: countsOf(result) };
}

interface JobsResult {
  result: ReconcileResult;
  unlinked: string[];
}

export async function replicationJobsStage(
  scope: SyncScope,
  jobs: ReplicationConfig[],
  missing: "keep" | "stale",
): Promise<{ value: JobsResult; counts: Record<string, number> }> {
  const [vms, nodes] = await Promise.all([
    db.virtualMachine.findMany({
      where: { endpointId: scope.endpointId },
      select: { id: true, vmid: true, nodeName: true },
    }),
    nodeIds(scope.endpointId),
  ]);
  const vmByVmid = new Map(vms.map((v) => [v.vmid, v.id]));
  const health = await initialHealth(scope, jobs, new Map(vms.map((v) => [v.vmid, v.nodeName])), nodes);
  const unlinked: string[] = [];
  const rows: ReplicationRow[] = jobs.map((job) => {
    const [guest] = guestAndJobnum(job);
    const virtualMachineId = vmByVmid.get(guest) ?? null;
    // Kept even when the guest is unknown to us (Proxbox drops these): listed as unlinked instead.
    if (virtualMachineId === null) unlinked.push(job.id);
    return {
      job,
      virtualMachineId,
      proxmoxNodeId: nodes.get(job.target)?.id ?? null,
      health: health.get(job.id),
    };
  });
  const result = await writeStage(scope, replicationTable, rows, missing);
  if (unlinked.length) {
    scope.report.warn(
      `${unlinked.length} job(s) whose guest is unknown kept without a VM link: ${unlinked.slice(0, 20).join(", ")}${unlinked.length > 20 ? " …" : ""}`,
    );
  }
  return {
    value: { result, unlinked },
    counts: { ...countsOf(result, "stale"), unlinked: unlinked.length },
  };
}

/** Health for jobs whose source node already answered in this run (used only when a job is created). */
async function initialHealth(
  scope: SyncScope,
  jobs: ReplicationConfig[],
  vmNode: Map<number, string | null>,
  nodes: Map<string, { online: boolean }>,
): Promise<Map<string, HealthValues>> {
  const out = new Map<string, HealthValues>();
  if (!scope.requestedNodeHealth) return out;
  const lists = new Map<string, Map<string, NodeReplicationStatus>>();
  for (const job of jobs) {
    const [guest] = guestAndJobnum(job);
    const vmKnown = vmNode.has(guest);
    const node = sourceNodeOf(vmNode.get(guest), job.source);
    // Same rule as the health stage: only a known guest on an online node that listed the job.
    if (!vmKnown || !node || !nodes.get(node)?.online) continue;
    if (!lists.has(node)) {
      const pending = scope.requestedNodeHealth(node);
      const list = pending ? await pending.catch(() => null) : null;
      lists.set(node, new Map((list ?? []).map((s) => [s.id, s])));
    }
    const status = lists.get(node)?.get(job.id);
    if (status)
      out.set(
        job.id,
        healthFromStatus({ disable: job.disable ?? false, remove_job: job.remove_job ?? null }, status),
      );
  }
  return out;
}
