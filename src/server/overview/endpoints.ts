import type { SyncRun } from "@/generated/prisma/client";
import { db } from "@/server/db/client";
import { type EndpointView, getEndpoint, listEndpoints } from "@/server/endpoints/service";
import { endpointNodes } from "@/server/topology/service";

// Endpoints as the UI lists them: the endpoint service's public view plus what the inventory knows
// about each (jobs, stale, unlinked) and its latest sync run.

export interface EndpointInventory {
  replications: number;
  stale: number;
  unlinked: number;
}

export type EndpointSummary = EndpointView &
  EndpointInventory & {
    lastRun: Pick<SyncRun, "id" | "kind" | "state" | "progress" | "created" | "finishedAt" | "error"> | null;
  };

const lastRunSelect = {
  id: true,
  kind: true,
  state: true,
  progress: true,
  created: true,
  finishedAt: true,
  error: true,
} as const;

async function inventoryByEndpoint(endpointId?: number): Promise<Map<number, EndpointInventory>> {
  const rows = await db.$queryRaw<({ endpoint_id: number } & EndpointInventory)[]>`
    SELECT endpoint_id, count(*)::int AS replications,
           (count(*) FILTER (WHERE status = 'stale'))::int AS stale,
           (count(*) FILTER (WHERE virtual_machine_id IS NULL))::int AS unlinked
    FROM replication
    WHERE ${endpointId ?? null}::int IS NULL OR endpoint_id = ${endpointId ?? null}::int
    GROUP BY endpoint_id`;
  return new Map(rows.map(({ endpoint_id, ...inv }) => [endpoint_id, inv]));
}

const NONE: EndpointInventory = { replications: 0, stale: 0, unlinked: 0 };

export async function listEndpointSummaries(): Promise<EndpointSummary[]> {
  const [endpoints, inventory, runs] = await Promise.all([
    listEndpoints(),
    inventoryByEndpoint(),
    db.syncRun.findMany({
      where: { endpointId: { not: null } },
      distinct: ["endpointId"],
      orderBy: [{ endpointId: "asc" }, { id: "desc" }],
      select: { ...lastRunSelect, endpointId: true },
    }),
  ]);
  const lastRun = new Map(runs.map(({ endpointId, ...run }) => [endpointId, run]));
  return endpoints.map((e) => ({
    ...e,
    ...(inventory.get(e.id) ?? NONE),
    lastRun: lastRun.get(e.id) ?? null,
  }));
}

/** One endpoint with its inventory counts, its nodes and its latest run. */
export async function getEndpointSummary(id: number) {
  const [endpoint, inventory, nodes, lastRun] = await Promise.all([
    getEndpoint(id),
    inventoryByEndpoint(id),
    endpointNodes(id),
    db.syncRun.findFirst({ where: { endpointId: id }, orderBy: { id: "desc" }, select: lastRunSelect }),
  ]);
  return { ...endpoint, ...(inventory.get(id) ?? NONE), nodes, lastRun };
}
