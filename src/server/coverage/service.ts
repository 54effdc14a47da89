import { Prisma } from "@/generated/prisma/client";
import { RISK_CLASSES, type RiskClass } from "@/lib/coverage";
import { db } from "@/server/db/client";

// Which guests a node failure would cost data (issue 13, coverage): per endpoint and node, the
// non-template guests without a job that replicates them. A guest is *protected* when it has at least
// one active (still in Proxmox), enabled job not scheduled for removal — the VM filter `replicated`
// uses the very same rule (REPLICATED_SQL). Every other guest falls in exactly one risk class, the
// highest that applies:
//   ha       — HA-managed (ha_state set): HA recovery starts it on another node, from a copy that
//              does not exist there; the highest risk, listed first;
//   none     — no replication job at all;
//   inactive — jobs, but all of them disabled, stale (gone from Proxmox) or scheduled for removal.
// HA state is only as good as the last read of /cluster/ha/resources: an endpoint whose token lacks
// Sys.Audit on / (ha_readable false) or that was never read (null) is reported as "HA unknown".

/** SQL over `virtual_machine vm`: the guest has an active, enabled job not scheduled for removal. */
export const REPLICATED_SQL = `EXISTS (SELECT 1 FROM replication r WHERE r.virtual_machine_id = vm.id
  AND r.status = 'active' AND NOT r.disable AND r.remove_job IS NULL)`;

/** Guests listed per class; the rest are in the counts and in the VM list the page links to. */
export const COVERAGE_LIST_LIMIT = 100;

export interface CoverageCounts {
  /** Non-template guests. */
  guests: number;
  protected: number;
  ha: number;
  none: number;
  inactive: number;
}

export interface CoverageGuest {
  id: number;
  vmid: number;
  name: string | null;
  type: string;
  node: string | null;
  endpointId: number;
  endpointName: string;
  haState: string | null;
  haGroup: string | null;
  risk: RiskClass;
  /** Job rows of the guest (any status): 0 for "none"; for "ha", tells a missing job from inactive ones. */
  jobs: number;
}

export interface CoverageNode {
  name: string;
  /** Null for a node name guests report but the node list does not hold. */
  online: boolean | null;
  counts: CoverageCounts;
}

export interface CoverageEndpoint {
  id: number;
  name: string;
  clusterName: string | null;
  /** true: HA state read; false: the token lacks Sys.Audit on / (HA unknown); null: never read yet. */
  haReadable: boolean | null;
  counts: CoverageCounts;
  nodes: CoverageNode[];
}

export interface Coverage {
  totals: CoverageCounts;
  /** Endpoints whose HA state is unknown (not readable or not read yet). */
  haUnknownEndpoints: number;
  endpoints: CoverageEndpoint[];
  /**
   * Per class: how many, and the first COVERAGE_LIST_LIMIT by endpoint, node and VMID (HA guests that
   * HA would start elsewhere before stopped, disabled and ignored ones).
   */
  lists: Record<RiskClass, { count: number; guests: CoverageGuest[] }>;
}

const emptyCounts = (): CoverageCounts => ({ guests: 0, protected: 0, ha: 0, none: 0, inactive: 0 });

// Each guest's class in one pass: the jobs grouped once per guest (a hash aggregate over all jobs,
// not a subquery per guest), joined to the non-template guests.
const CLASSIFIED = Prisma.raw(`
  WITH j AS (
    SELECT r.virtual_machine_id AS id, count(*)::int AS jobs,
           bool_or(r.status = 'active' AND NOT r.disable AND r.remove_job IS NULL) AS ok
      FROM replication r
     WHERE r.virtual_machine_id IS NOT NULL
     GROUP BY r.virtual_machine_id
  ), c AS (
    SELECT vm.id, vm.vmid, vm.name, vm.type::text AS type, vm.node_name, vm.endpoint_id, vm.ha_state,
           vm.ha_group, coalesce(j.jobs, 0) AS jobs,
           CASE WHEN coalesce(j.ok, false) THEN 'protected'
                WHEN vm.ha_state IS NOT NULL THEN 'ha'
                WHEN j.jobs IS NULL THEN 'none'
                ELSE 'inactive' END AS risk
      FROM virtual_machine vm
      LEFT JOIN j ON j.id = vm.id
     WHERE NOT vm.template
  )`);

// Within the HA class, the guests HA would actually start elsewhere come first: `started` (and PVE 7's
// `enabled`), then `stopped` (still managed, relocated but left off), then `disabled` and `ignored`
// (the HA stack leaves them alone). Other classes have no HA state: all rank the same.
const HA_RANK = Prisma.raw(`CASE c.ha_state WHEN 'started' THEN 0 WHEN 'enabled' THEN 0
  WHEN 'disabled' THEN 2 WHEN 'ignored' THEN 3 ELSE 1 END`);

interface CountRow {
  endpoint_id: number;
  node_name: string | null;
  risk: RiskClass | "protected";
  n: number;
}

interface GuestRow {
  id: number;
  vmid: number;
  name: string | null;
  type: string;
  node_name: string | null;
  endpoint_id: number;
  endpoint_name: string;
  ha_state: string | null;
  ha_group: string | null;
  jobs: number;
  risk: RiskClass;
}

export async function getCoverage(limit = COVERAGE_LIST_LIMIT): Promise<Coverage> {
  const [endpoints, nodes, [{ counts, guests }]] = await db.$transaction([
    db.proxmoxEndpoint.findMany({
      select: { id: true, name: true, clusterName: true, haReadable: true },
      orderBy: { name: "asc" },
    }),
    db.proxmoxNode.findMany({
      select: { endpointId: true, name: true, online: true },
      orderBy: [{ endpointId: "asc" }, { name: "asc" }],
    }),
    // One statement: the classification (the aggregate over every job) runs once, for both the
    // counts and the lists (PostgreSQL materializes a CTE read twice).
    db.$queryRaw<[{ counts: CountRow[]; guests: GuestRow[] }]>`${CLASSIFIED},
      ranked AS (
        SELECT c.*, e.name AS endpoint_name,
               row_number() OVER (PARTITION BY c.risk ORDER BY ${HA_RANK}, e.name, c.node_name, c.vmid) AS rn
          FROM c JOIN proxmox_endpoint e ON e.id = c.endpoint_id
         WHERE c.risk <> 'protected')
      SELECT (SELECT coalesce(json_agg(k), '[]')
                FROM (SELECT endpoint_id, node_name, risk, count(*)::int AS n FROM c GROUP BY 1, 2, 3) k) AS counts,
             (SELECT coalesce(json_agg(g ORDER BY g.rn), '[]')
                FROM (SELECT id, vmid, name, type, node_name, endpoint_id, endpoint_name, ha_state, ha_group,
                             jobs, risk, rn
                        FROM ranked WHERE rn <= ${limit}) g) AS guests`,
  ]);

  const totals = emptyCounts();
  const byEndpoint = new Map<number, CoverageEndpoint>();
  for (const e of endpoints) byEndpoint.set(e.id, { ...e, counts: emptyCounts(), nodes: [] });
  const nodeOf = (e: CoverageEndpoint, name: string, online: boolean | null) => {
    let node = e.nodes.find((n) => n.name === name);
    if (!node) {
      node = { name, online, counts: emptyCounts() };
      e.nodes.push(node);
    }
    return node;
  };
  for (const n of nodes) {
    const e = byEndpoint.get(n.endpointId);
    if (e) nodeOf(e, n.name, n.online);
  }
  for (const row of counts) {
    const e = byEndpoint.get(row.endpoint_id);
    if (!e) continue;
    const node = nodeOf(e, row.node_name ?? "(unknown)", null);
    for (const c of [totals, e.counts, node.counts]) {
      c.guests += row.n;
      c[row.risk] += row.n;
    }
  }
  for (const e of byEndpoint.values()) e.nodes.sort((a, b) => a.name.localeCompare(b.name));

  const lists = Object.fromEntries(
    RISK_CLASSES.map((risk) => [risk, { count: totals[risk], guests: [] as CoverageGuest[] }]),
  ) as Coverage["lists"];
  for (const g of guests) {
    lists[g.risk].guests.push({
      id: g.id,
      vmid: g.vmid,
      name: g.name,
      type: g.type,
      node: g.node_name,
      endpointId: g.endpoint_id,
      endpointName: g.endpoint_name,
      haState: g.ha_state,
      haGroup: g.ha_group,
      risk: g.risk,
      jobs: g.jobs,
    });
  }
  return {
    totals,
    haUnknownEndpoints: endpoints.filter((e) => e.haReadable !== true).length,
    endpoints: [...byEndpoint.values()],
    lists,
  };
}
