import { z } from "zod";
import { db } from "@/server/db/client";

// The sync-run list: the columns the table shows, without the (up to 1000-line) log of every run.

export const runListInput = z.object({
  endpointId: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
});

export async function listRunSummaries(input: z.input<typeof runListInput>) {
  const { endpointId, limit, offset } = runListInput.parse(input);
  const where = endpointId ? { endpointId } : {};
  const [count, rows] = await Promise.all([
    db.syncRun.count({ where }),
    db.syncRun.findMany({
      where,
      orderBy: { id: "desc" },
      take: limit,
      skip: offset,
      select: {
        id: true,
        kind: true,
        target: true,
        trigger: true,
        state: true,
        stage: true,
        progress: true,
        counts: true,
        error: true,
        requestedBy: true,
        created: true,
        startedAt: true,
        finishedAt: true,
        endpoint: { select: { id: true, name: true } },
      },
    }),
  ]);
  return { count, rows };
}
export type RunSummary = Awaited<ReturnType<typeof listRunSummaries>>["rows"][number];
