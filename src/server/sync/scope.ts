import type { Actor } from "@/server/changelog/service";
import type { ProxmoxClient } from "@/server/proxmox";
import type { NodeJobStatus } from "./health";
import type { RunReporter } from "./reporter";

/** What every stage of one run works with: the endpoint, its client, the run's reporter and actor. */
export interface SyncScope {
  endpointId: number;
  client: ProxmoxClient;
  actor: Actor;
  report: RunReporter;
  /** False when the token cannot see every guest: a job missing from a list is then not proof of deletion. */
  fullVisibility: boolean;
  /** False when the token cannot audit every storage (Datastore.Audit on /storage): none is then deleted. */
  storageVisibility?: boolean;
  /** Node job lists already requested in this run, to give new jobs their health as they are created. */
  requestedNodeHealth?: (node: string) => Promise<Map<string, NodeJobStatus>> | undefined;
  /** A node's job list (id → status), read once per run when the run prefetches; else undefined. */
  nodeStatuses?: (node: string) => Promise<Map<string, NodeJobStatus>>;
}
