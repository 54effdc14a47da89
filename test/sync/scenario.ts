import { loadDemoScenario } from "@/simulator/scenario-file";

// The demo scenario with every job's `source` filled in: Proxmox writes a missing source into the
// config the first time the node is asked for status (a real config change), which would make the
// "second sync changes nothing" assertions depend on that side effect.

export interface ScenarioJob {
  id: string;
  target: string;
  source?: string;
  schedule?: string;
  rate?: number;
  comment?: string;
  disable?: boolean;
  remove_job?: "local" | "full";
  state?: {
    last_sync?: number;
    last_try?: number;
    fail_count?: number;
    duration?: number;
    error?: string;
    pid?: number;
  };
}

export interface ScenarioCluster {
  name: string;
  nodes: Array<{ name: string; online: boolean }>;
  guests: Array<{ vmid: number; name?: string; node: string; type: string }>;
  jobs: ScenarioJob[];
}

export function syncScenario(): { clusters: ScenarioCluster[] } {
  const scenario = structuredClone(loadDemoScenario()) as { clusters: ScenarioCluster[] };
  for (const c of scenario.clusters) {
    for (const j of c.jobs) {
      const guest = c.guests.find((g) => String(g.vmid) === j.id.split("-")[0]);
      j.source ??= guest?.node ?? c.nodes[0].name;
    }
  }
  return scenario;
}
