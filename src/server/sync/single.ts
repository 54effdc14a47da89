import { db } from "@/server/db/client";
import { sqlTransaction } from "@/server/db/sql";
import { ProxmoxHttpError } from "@/server/proxmox";
import { writeChangesBulk } from "./change-log";
import { healthFromStatus } from "./health";
import {
  healthChange,
  loadLeanJobs,
  recoverySettings,
  unknownChange,
  writeHealthChanges,
} from "./health-stage";
import { reconcileTable } from "./reconcile";
import type { SyncScope } from "./scope";
import { guestAndJobnum, replicationTable } from "./tables";

// Individual sync of one replication job: its config from /cluster/replication/{id}, its health from
// its source node's /nodes/{node}/replication/{id}/status.

interface SingleRefresh {
  exists: boolean;
  counts: Record<string, number>;
  refreshHealth(): Promise<string>;
}

export async function refreshOneReplication(scope: SyncScope, replicationId: string): Promise<SingleRefresh> {
  const { client, endpointId } = scope;
  let job: Awaited<ReturnType<typeof client.clusterReplicationJob>>;
  try {
    job = await client.clusterReplicationJob(replicationId);
  } catch (err) {
    // A definite "no such job" from a reachable cluster is proof of deletion; anything else is not.
    if (err instanceof ProxmoxHttpError && /no such (replication )?job/.test(err.message)) {
      const stale = await markStale(scope, replicationId);
      scope.report.info(`${replicationId} no longer exists in Proxmox${stale ? ": marked stale" : ""}`);
      return { exists: false, counts: { stale }, refreshHealth: async () => "unknown" };
    }
    throw err;
  }
  const [guest] = guestAndJobnum(job);
  const [vm, node] = await Promise.all([
    db.virtualMachine.findUnique({
      where: { endpointId_vmid: { endpointId, vmid: guest } },
      select: { id: true },
    }),
    db.proxmoxNode.findUnique({
      where: { endpointId_name: { endpointId, name: job.target } },
      select: { id: true },
    }),
  ]);
  const result = await sqlTransaction(async (tx) => {
    const r = await reconcileTable(
      tx,
      replicationTable,
      endpointId,
      [{ job, virtualMachineId: vm?.id ?? null, proxmoxNodeId: node?.id ?? null }],
      { kind: "keep" },
      scope.actor,
    );
    return r;
  });
  return {
    exists: true,
    counts: {
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
      unlinked: vm ? 0 : 1,
    },
    async refreshHealth() {
      // The same reading, comparison and write as the health stage, for one job.
      const [[row], settings] = await Promise.all([
        loadLeanJobs(endpointId, [replicationId]),
        recoverySettings(endpointId),
      ]);
      if (!row?.node) throw new Error(`no source node known for ${replicationId}`);
      try {
        const status = await client.nodeReplicationStatus(row.node, replicationId);
        const values = healthFromStatus(row, status);
        const change = healthChange(row, values, settings);
        await writeHealthChanges(change ? [change] : []);
        return values.health;
      } catch (err) {
        const change = unknownChange(row, settings);
        await writeHealthChanges(change ? [change] : []);
        throw err;
      }
    },
  };
}

async function markStale(scope: SyncScope, replicationId: string): Promise<number> {
  const row = await db.replication.findUnique({
    where: { endpointId_replicationId: { endpointId: scope.endpointId, replicationId } },
  });
  if (!row || row.status === "stale") return 0;
  await sqlTransaction(async (tx) => {
    await tx.execute(
      "update replication set status = 'stale', stale_since = now(), last_updated = now() where id = $1",
      row.id,
    );
    await writeChangesBulk(tx, scope.actor, [
      {
        action: "update",
        objectType: "proxbox.replication",
        objectId: row.id,
        objectRepr: replicationId,
        pre: { status: "active" },
        post: { status: "stale" },
        message: "no longer in Proxmox",
      },
    ]);
  });
  return 1;
}
