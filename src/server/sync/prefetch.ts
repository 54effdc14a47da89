import type { NodeReplicationStatus, ProxmoxClient } from "@/server/proxmox";

// Overlaps waiting on Proxmox with writing to PostgreSQL: once the cluster answers, the lists the
// later stages need are requested at once; each stage then takes its (already running) answer.
// A prefetched request that fails fails the stage that takes it, exactly as an unprefetched one.

const MAX_PREFETCHED_NODES = 8;

interface Prefetcher {
  client: ProxmoxClient;
  lists(kind: "full" | "replications", timeNode?: string): void;
  nodeHealth(nodes: string[]): void;
  /** A node's job list if it was requested already (never starts a request). */
  requestedNodeHealth(node: string): Promise<NodeReplicationStatus[]> | undefined;
}

export function withPrefetch(client: ProxmoxClient): Prefetcher {
  const cache = new Map<string, Promise<unknown>>();
  const start = (key: string, call: () => Promise<unknown>) => {
    if (cache.has(key)) return;
    const pending = call();
    pending.catch(() => undefined); // observed later by the stage that takes it
    cache.set(key, pending);
  };
  // Kept for the whole run: a node's job list read for the jobs stage serves the health stage too.
  function take<T>(key: string, call: () => Promise<T>): Promise<T> {
    const pending = cache.get(key);
    if (pending) return pending as Promise<T>;
    const started = call();
    cache.set(key, started);
    return started;
  }
  // The big cluster-wide lists are taken once per run: not kept after, so the process does not hold
  // 100,000 parsed jobs through the health stage.
  function takeOnce<T>(key: string, call: () => Promise<T>): Promise<T> {
    const pending = cache.get(key);
    cache.delete(key);
    return (pending as Promise<T> | undefined) ?? call();
  }
  const wrapped: ProxmoxClient = Object.assign(Object.create(client) as ProxmoxClient, {
    nodes: () => take("nodes", () => client.nodes()),
    clusterReplication: () => takeOnce("replication", () => client.clusterReplication()),
    clusterResources: ((type: "vm" | "storage" | "node") =>
      takeOnce(`resources:${type}`, () =>
        client.clusterResources(type as "vm"),
      )) as ProxmoxClient["clusterResources"],
    nodeTime: (node: string) => take(`time:${node}`, () => client.nodeTime(node)),
    nodeReplication: (node: string, opts?: { guest?: number }) =>
      opts?.guest
        ? client.nodeReplication(node, opts)
        : take(`health:${node}`, () => client.nodeReplication(node)),
  });
  return {
    client: wrapped,
    lists(kind, timeNode) {
      start("nodes", () => client.nodes());
      // Small answers first: the nodes stage must not queue behind the large lists.
      if (timeNode) start(`time:${timeNode}`, () => client.nodeTime(timeNode));
      if (kind === "full") start("resources:storage", () => client.clusterResources("storage"));
      start("resources:vm", () => client.clusterResources("vm"));
      start("replication", () => client.clusterReplication());
    },
    requestedNodeHealth(node) {
      return cache.get(`health:${node}`) as Promise<NodeReplicationStatus[]> | undefined;
    },
    nodeHealth(nodes) {
      for (const node of nodes.slice(0, MAX_PREFETCHED_NODES))
        start(`health:${node}`, () => client.nodeReplication(node));
    },
  };
}
