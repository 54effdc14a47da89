// The Proxmox API paths a full sync reads. The flapping fault profiles (test/sync/faults.test.ts and the
// multi-process harness) put a fault on each, so that every call the sync makes meets it: when a stage
// adds a call, add its path here.

const CLUSTER_PATHS = [
  "/version",
  "/cluster/status",
  "/access/permissions",
  "/nodes",
  "/cluster/resources",
  "/cluster/replication",
  "/cluster/ha/resources",
];

/** Every path a full sync of a cluster with these nodes reads. */
export function fullSyncPaths(nodes: string[]): string[] {
  return [...CLUSTER_PATHS, ...nodes.flatMap((n) => [`/nodes/${n}/time`, `/nodes/${n}/replication`])];
}
