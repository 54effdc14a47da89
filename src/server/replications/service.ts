import { z } from "zod";
import { db } from "@/server/db/client";

// The replication service: every reader (UI via tRPC, REST, CLI) goes through here.

export const listInput = z.object({
  limit: z.number().int().min(1).max(1000).default(50),
  offset: z.number().int().min(0).default(0),
});
export type ListInput = z.input<typeof listInput>;

const listSelect = {
  id: true,
  replicationId: true,
  guest: true,
  jobnum: true,
  target: true,
  source: true,
  schedule: true,
  rate: true,
  disable: true,
  comment: true,
  removeJob: true,
  status: true,
  health: true,
  lastSync: true,
  nextSync: true,
  duration: true,
  failCount: true,
  error: true,
  endpoint: { select: { id: true, name: true } },
  virtualMachine: { select: { id: true, name: true, vmid: true } },
  proxmoxNode: { select: { id: true, name: true } },
} as const;

export async function listReplications(input: ListInput) {
  const { limit, offset } = listInput.parse(input);
  const [count, rows] = await Promise.all([
    db.replication.count(),
    db.replication.findMany({
      select: listSelect,
      orderBy: [{ endpointId: "asc" }, { replicationId: "asc" }],
      take: limit,
      skip: offset,
    }),
  ]);
  return { count, rows };
}
export type ReplicationRow = Awaited<ReturnType<typeof listReplications>>["rows"][number];
