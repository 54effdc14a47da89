import { Prisma } from "@/generated/prisma/client";
import { HEALTH_SEVERITY, HEALTH_STATES, type HealthState } from "@/lib/vocabulary";
import { db } from "@/server/db/client";

// Who replicates to whom: one group per endpoint (cluster), its nodes, and one link per
// (source node, target node) with the job count and the worst health on it, computed in SQL.
// Only active jobs count: a stale job no longer exists in Proxmox, so it replicates nothing.

export interface TopologyNode {
  name: string;
  online: boolean;
  /** False for a name that jobs mention but the endpoint's node list does not (yet) contain. */
  known: boolean;
}

export interface TopologyLink {
  source: string;
  target: string;
  jobs: number;
  worst: HealthState;
  health: Partial<Record<HealthState, number>>;
}

export interface TopologyCluster {
  endpointId: number;
  endpointName: string;
  clusterName: string | null;
  nodes: TopologyNode[];
  links: TopologyLink[];
  /** Active jobs whose source node is not known (Proxmox omits it for some jobs). */
  jobsWithoutSource: number;
}

// max(severity) in SQL, then back to the state: "worst" is HEALTH_SEVERITY of the vocabulary.
const severityCase = Prisma.raw(
  `CASE r.health ${HEALTH_STATES.map((s) => `WHEN '${s}' THEN ${HEALTH_SEVERITY[s]}`).join(" ")} ELSE ${HEALTH_SEVERITY.unknown} END`,
);
const stateBySeverity = new Map(HEALTH_STATES.map((s) => [HEALTH_SEVERITY[s], s]));

interface LinkRow {
  endpoint_id: number;
  source: string | null;
  target: string;
  jobs: number;
  worst: number;
  health: Record<string, number>;
}

export async function getTopology(): Promise<TopologyCluster[]> {
  const [endpoints, nodes, rows] = await Promise.all([
    db.proxmoxEndpoint.findMany({
      select: { id: true, name: true, clusterName: true },
      orderBy: { name: "asc" },
    }),
    db.proxmoxNode.findMany({
      select: { endpointId: true, name: true, online: true },
      orderBy: [{ endpointId: "asc" }, { name: "asc" }],
    }),
    db.$queryRaw<LinkRow[]>`
      SELECT h.endpoint_id, h.source, h.target, sum(h.n)::int AS jobs, max(h.severity)::int AS worst,
             jsonb_object_agg(h.health, h.n) AS health
      FROM (
        SELECT r.endpoint_id, r.source, r.target, r.health, count(*)::int AS n, max(${severityCase}) AS severity
        FROM replication r
        WHERE r.status = 'active'
        GROUP BY r.endpoint_id, r.source, r.target, r.health
      ) h
      GROUP BY h.endpoint_id, h.source, h.target
      ORDER BY h.endpoint_id, h.source, h.target`,
  ]);

  return endpoints.map((e) => {
    const known = nodes.filter((n) => n.endpointId === e.id);
    const own = rows.filter((r) => r.endpoint_id === e.id);
    const list: TopologyNode[] = known.map((n) => ({ name: n.name, online: n.online, known: true }));
    const names = new Set(list.map((n) => n.name));
    for (const r of own) {
      for (const name of [r.source, r.target]) {
        if (name && !names.has(name)) {
          names.add(name);
          list.push({ name, online: false, known: false });
        }
      }
    }
    return {
      endpointId: e.id,
      endpointName: e.name,
      clusterName: e.clusterName,
      nodes: list,
      links: own
        .filter((r): r is LinkRow & { source: string } => r.source !== null)
        .map((r) => ({
          source: r.source,
          target: r.target,
          jobs: r.jobs,
          worst: stateBySeverity.get(r.worst) ?? "unknown",
          health: r.health as Partial<Record<HealthState, number>>,
        })),
      jobsWithoutSource: own.filter((r) => r.source === null).reduce((n, r) => n + r.jobs, 0),
    };
  });
}

/** The nodes of one endpoint with their online state, for its detail page. */
export async function endpointNodes(endpointId: number) {
  return db.proxmoxNode.findMany({
    where: { endpointId },
    select: { id: true, name: true, status: true, online: true, level: true, lastUpdated: true },
    orderBy: { name: "asc" },
  });
}
