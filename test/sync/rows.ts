import { db } from "@/server/db/client";
import { syncScenario } from "./scenario";

// What the crash and fault tests compare before and after: every synced row of an endpoint, and
// how many are marked stale. "0 rows lost, 0 marked stale" is these two being unchanged.

export async function rowCounts(endpointId: number) {
  const where = { endpointId };
  const [nodes, storages, vms, replications, stale] = await Promise.all([
    db.proxmoxNode.count({ where }),
    db.storage.count({ where }),
    db.virtualMachine.count({ where }),
    db.replication.count({ where }),
    db.replication.count({ where: { endpointId, status: "stale" } }),
  ]);
  return { nodes, storages, vms, replications, stale };
}

/** The demo scenario with every node online, so a healthy sync ends `succeeded` (not partial). */
export function healthyScenario() {
  const scenario = syncScenario();
  for (const c of scenario.clusters) for (const n of c.nodes) n.online = true;
  return scenario;
}
