import { cache } from "react";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db/client";

// What the replication detail pages read: every column of the job (nothing secret lives on it) with its
// endpoint, VM and target node, and its change log. Cached per request (layout-less tabs share it).

const detailSelect = {
  id: true,
  replicationId: true,
  guest: true,
  jobnum: true,
  target: true,
  source: true,
  jobType: true,
  schedule: true,
  rate: true,
  disable: true,
  comment: true,
  removeJob: true,
  status: true,
  staleSince: true,
  rawConfig: true,
  firstSeen: true,
  lastSeen: true,
  lastSync: true,
  lastTry: true,
  nextSync: true,
  duration: true,
  failCount: true,
  error: true,
  syncingPid: true,
  health: true,
  healthCheckedAt: true,
  created: true,
  lastUpdated: true,
  endpoint: {
    select: { id: true, name: true, clusterName: true, timezone: true, pveVersion: true, enabled: true },
  },
  virtualMachine: { select: { id: true, name: true, vmid: true, type: true, status: true, nodeName: true } },
  proxmoxNode: { select: { id: true, name: true, online: true, status: true, timezone: true } },
} satisfies Prisma.ReplicationSelect;

export type ReplicationPageData = Prisma.ReplicationGetPayload<{ select: typeof detailSelect }>;

export const loadReplication = cache(async (rawId: string): Promise<ReplicationPageData | null> => {
  if (!/^\d{1,10}$/.test(rawId)) return null;
  const id = Number(rawId);
  if (id < 1 || id > 2_147_483_647) return null;
  return db.replication.findUnique({ where: { id }, select: detailSelect });
});

export const loadChanges = cache(async (id: number, limit = 200) => {
  const where = { changedObjectType: "proxbox.replication", changedObjectId: id };
  const [count, rows] = await Promise.all([
    db.objectChange.count({ where }),
    db.objectChange.findMany({
      where,
      orderBy: [{ time: "desc" }, { id: "desc" }],
      take: limit,
      select: {
        id: true,
        time: true,
        userName: true,
        requestId: true,
        action: true,
        message: true,
        objectRepr: true,
        prechangeData: true,
        postchangeData: true,
      },
    }),
  ]);
  return { count, rows };
});

export type ChangeRow = Awaited<ReturnType<typeof loadChanges>>["rows"][number];

/** Proxbox's __str__: "<vm> - <replication_id>". */
export function replicationTitle(r: Pick<ReplicationPageData, "replicationId" | "virtualMachine">): string {
  return r.virtualMachine?.name ? `${r.virtualMachine.name} - ${r.replicationId}` : r.replicationId;
}
