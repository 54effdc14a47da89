import { DEFAULT_REPLICATION_SCHEDULE } from "@/lib/vocabulary";
import { db } from "@/server/db/client";
import { type Sql, sqlTransaction } from "@/server/db/sql";
import { type HaResource, ProxmoxError } from "@/server/proxmox";
import { type HealthValues, healthFromStatus, type NodeJobStatus, sourceNodeOf } from "./health";
import {
  type RecoveryColumns,
  type RecoverySettings,
  recoveryColumns,
  recoverySettings,
} from "./health-stage";
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
  rows: Iterable<T>,
  missing: "keep" | "delete" | "stale",
  after?: (tx: Sql, r: ReconcileResult) => Promise<void>,
  beforeInsert?: () => Promise<void>,
): Promise<ReconcileResult> {
  return sqlTransaction(async (tx) => {
    // The change log is written by the reconciler itself, set-based, in this transaction.
    const result = await reconcileTable(
      tx,
      spec,
      scope.endpointId,
      rows,
      { kind: missing },
      scope.actor,
      beforeInsert,
    );
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
    // Likewise storages: /cluster/resources lists only those the token may audit.
    const storage = perms["/storage"] ?? perms["/"] ?? {};
    if (!storage["Datastore.Audit"]) {
      scope.storageVisibility = false;
      report.warn(
        "the token lacks Datastore.Audit on /storage: Proxmox hides storages it may not audit, so none is deleted",
      );
    }
  } catch (err) {
    scope.fullVisibility = false;
    scope.storageVisibility = false;
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
  // A storage missing from a list the token sees only part of may just be hidden from it: keep it.
  const result = await writeStage(
    scope,
    storageTable,
    rows,
    scope.storageVisibility === false ? "keep" : "delete",
  );
  return { value: result, counts: countsOf(result) };
}

export async function vmsStage(scope: SyncScope) {
  const vms = await scope.client.clusterResources("vm");
  const nodes = await nodeIds(scope.endpointId);
  // Rows one at a time as the reconciler reads them, each guest let go of once read (see consume).
  const rows = (function* () {
    for (const vm of consume(vms)) yield { vm, nodeId: nodes.get(vm.node)?.id ?? null };
  })();
  // The HA list is asked together with the guest list (prefetched) but must not fail the stage.
  const ha = await readHaResources(scope);
  // Without full visibility a guest missing from the list may only be hidden from us: keep it.
  const result = await writeStage(scope, vmTable, rows, scope.fullVisibility ? "delete" : "keep", (tx) =>
    writeHaState(tx, scope.endpointId, ha),
  );
  return {
    value: result,
    counts: { ...countsOf(result), ...(ha.readable ? { haManaged: ha.resources.length } : {}) },
  };
}

type HaReading = { readable: true; resources: HaResource[] } | { readable: false | null };

/**
 * GET /cluster/ha/resources. A 403 (the token lacks Sys.Audit on `/`) is an answer: HA state is then
 * unknown, and saying so beats implying that no guest is HA-managed. Any other failure is a warning
 * too (coverage is a report, not worth failing a sync over); either way the stored state is kept.
 */
async function readHaResources(scope: SyncScope): Promise<HaReading> {
  try {
    return { readable: true, resources: await scope.client.clusterHaResources() };
  } catch (err) {
    if (err instanceof ProxmoxError && err.status === 403) {
      scope.report.warn("HA state unknown: the token lacks Sys.Audit on /");
      return { readable: false };
    }
    scope.report.warn(`HA state not read, the last known one is kept: ${(err as Error).message}`);
    return { readable: null };
  }
}

/**
 * Stores each guest's HA state and group (null: not an HA resource), set-based, only where it differs.
 * HA state is state, not configuration (like job health): no change-log row, no last_updated bump.
 * Not read (403 or another failure) changes no guest: a forbidden read must never wipe what is known.
 */
async function writeHaState(tx: Sql, endpointId: number, ha: HaReading): Promise<void> {
  // A failure other than 403 says nothing about the token's rights: ha_readable keeps its value.
  if (ha.readable === null) return;
  await tx.execute("update proxmox_endpoint set ha_readable = $1 where id = $2", ha.readable, endpointId);
  if (!ha.readable) return;
  // VMIDs are unique in a cluster, so the number of `vm:100` / `ct:100` names the guest. An absent
  // state means "started" (pve-ha-manager's default).
  const resources = ha.resources
    .filter((r) => r.vmid !== null)
    .map((r) => ({ vmid: r.vmid, state: r.state ?? "started", grp: r.group ?? null }));
  await tx.execute(
    `update virtual_machine vm set ha_state = h.state, ha_group = h.grp
       from (select g.id, u.state, u.grp
               from virtual_machine g
               left join jsonb_to_recordset($2::jsonb) as u(vmid int4, state text, grp text) on u.vmid = g.vmid
              where g.endpoint_id = $1) h
      where vm.id = h.id and (vm.ha_state is distinct from h.state or vm.ha_group is distinct from h.grp)`,
    endpointId,
    JSON.stringify(resources),
  );
}

/**
 * Iterates a list the stage owns, dropping each item from it once handed out: a large list (62,500
 * guests, 100,000 jobs) then shrinks while its rows are written instead of being held to the end.
 */
function* consume<T>(list: T[]): Generator<T> {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    (list as Array<T | undefined>)[i] = undefined;
    yield item;
  }
  list.length = 0;
}

interface JobsResult {
  result: ReconcileResult;
  unlinked: string[];
}

/** Writes the jobs of /cluster/replication. Consumes `jobs`: the list is empty afterwards. */
export async function replicationJobsStage(
  scope: SyncScope,
  jobs: ReplicationConfig[],
  missing: "keep" | "stale",
): Promise<{ value: JobsResult; counts: Record<string, number> }> {
  // vmid → (id, node) of the endpoint's guests, read as plain rows (62,500 of them at scale).
  const [vms, nodes] = await Promise.all([
    sqlTransaction((tx) =>
      tx.query<{ id: number; vmid: number; node_name: string | null }>(
        "select id, vmid, node_name from virtual_machine where endpoint_id = $1",
        scope.endpointId,
      ),
    ),
    nodeIds(scope.endpointId),
  ]);
  const vmByVmid = new Map<number, { id: number; node: string | null }>();
  for (const v of vms) vmByVmid.set(v.vmid, { id: v.id, node: v.node_name });
  vms.length = 0;
  // The node lists that give new jobs their health are waited for only if some job is new.
  let lists: NodeLists = new Map();
  let settings: RecoverySettings | undefined;
  const beforeInsert = async () => {
    [lists, settings] = await Promise.all([
      nodeListsForNewJobs(scope, nodes),
      recoverySettings(scope.endpointId),
    ]);
  };
  const unlinked: string[] = [];
  // Rows are made one at a time as the reconciler reads them (never 100,000 at once), and a row's
  // initial health only if the row turns out to be new: an unchanged sync derives none.
  function* rows(): Generator<ReplicationRow> {
    for (const job of consume(jobs)) {
      const [guest] = guestAndJobnum(job);
      const vm = vmByVmid.get(guest);
      // Kept even when the guest is unknown to us (Proxbox drops these): listed as unlinked instead.
      if (!vm) unlinked.push(job.id);
      const health = lazyHealth(job, vm, nodes, () => lists);
      const firstSeen = new Date();
      yield {
        job,
        virtualMachineId: vm?.id ?? null,
        proxmoxNodeId: nodes.get(job.target)?.id ?? null,
        health,
        firstSeen,
        recovery: () => (settings ? newJobRecovery(job, health(), firstSeen, settings) : undefined),
      };
    }
  }
  const result = await writeStage(scope, replicationTable, rows(), missing, undefined, beforeInsert);
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

/** A new job's recovery point, the same as the health stage would store for it (health-stage.ts recoveryColumns). */
function newJobRecovery(
  job: ReplicationConfig,
  h: HealthValues | undefined,
  firstSeen: Date,
  settings: RecoverySettings,
): RecoveryColumns {
  const time = (d: Date | null | undefined) => (d ? d.getTime() : null);
  return recoveryColumns(
    {
      schedule: job.schedule ?? DEFAULT_REPLICATION_SCHEDULE,
      time_zone: null,
      disable: job.disable ?? false,
      remove_job: job.remove_job ?? null,
      first_seen: firstSeen.getTime(),
    },
    {
      last_sync: time(h?.last_sync),
      last_try: time(h?.last_try),
      duration: h?.duration ?? null,
      syncing_pid: h?.syncing_pid ?? null,
    },
    settings,
  );
}

type NodeLists = Map<string, Map<string, NodeJobStatus> | null>;

/**
 * The job lists of the online nodes already asked in this run (used only to give a new job its
 * health; never starts a request).
 */
async function nodeListsForNewJobs(
  scope: SyncScope,
  nodes: Map<string, { online: boolean }>,
): Promise<NodeLists> {
  const lists: NodeLists = new Map();
  for (const [node, { online }] of nodes) {
    const pending = online ? scope.requestedNodeHealth?.(node) : undefined;
    if (pending) lists.set(node, await pending.catch(() => null));
  }
  return lists;
}

/**
 * A new job's health when its source node already answered in this run, computed on first use. Same
 * rule as the health stage: only a known guest on an online node that listed the job.
 */
function lazyHealth(
  job: ReplicationConfig,
  vm: { node: string | null } | undefined,
  nodes: Map<string, { online: boolean }>,
  lists: () => NodeLists,
): () => HealthValues | undefined {
  let done = false;
  let health: HealthValues | undefined;
  return () => {
    if (done) return health;
    done = true;
    const node = sourceNodeOf(vm?.node, job.source);
    if (!vm || !node || !nodes.get(node)?.online) return undefined;
    const status = lists().get(node)?.get(job.id);
    if (status)
      health = healthFromStatus(
        { disable: job.disable ?? false, remove_job: job.remove_job ?? null },
        status,
      );
    return health;
  };
}
