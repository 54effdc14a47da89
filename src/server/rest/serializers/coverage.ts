import { z } from "zod";
import type { Coverage, CoverageCounts, CoverageGuest } from "@/server/coverage/service";
import type { UrlBuilder } from "../urls";

// GET /api/plugins/proxbox/coverage/: the coverage report (src/server/coverage/service.ts) in the API's
// snake_case, each guest with its object URL. Not a list resource: one report, no pagination.

const counts = z.object({
  guests: z.int().meta({ description: "Non-template guests" }),
  protected: z.int().meta({ description: "With an active, enabled job not scheduled for removal" }),
  ha: z.int().meta({ description: "HA-managed and not protected (the highest risk)" }),
  none: z.int().meta({ description: "Not HA-managed, no replication job" }),
  inactive: z.int().meta({ description: "Not HA-managed, only disabled, stale or removal-scheduled jobs" }),
});

const guest = z.object({
  id: z.int(),
  url: z.url(),
  vmid: z.int(),
  name: z.string().nullable(),
  type: z.string(),
  node_name: z.string().nullable(),
  endpoint: z.object({ id: z.int(), url: z.url(), name: z.string() }),
  ha_state: z.string().nullable(),
  ha_group: z.string().nullable(),
  risk: z.enum(["ha", "none", "inactive"]),
  replication_count: z.int(),
});

const list = z.object({ count: z.int(), results: z.array(guest) });

export const coverageSchema = z.object({
  totals: counts,
  ha_unknown_endpoints: z.int().meta({ description: "Endpoints whose HA state could not be read" }),
  endpoints: z.array(
    z.object({
      id: z.int(),
      url: z.url(),
      name: z.string(),
      cluster_name: z.string().nullable(),
      ha_readable: z
        .boolean()
        .nullable()
        .meta({ description: "false: the token lacks Sys.Audit on / (HA unknown); null: not read yet" }),
      counts,
      nodes: z.array(z.object({ name: z.string(), online: z.boolean().nullable(), counts })),
    }),
  ),
  ha: list,
  none: list,
  inactive: list,
});

const countsOut = (c: CoverageCounts) => ({ ...c });

function guestOut(g: CoverageGuest, url: UrlBuilder): z.output<typeof guest> {
  return {
    id: g.id,
    url: url("virtual-machines", g.id),
    vmid: g.vmid,
    name: g.name,
    type: g.type,
    node_name: g.node,
    endpoint: { id: g.endpointId, url: url("endpoints", g.endpointId), name: g.endpointName },
    ha_state: g.haState,
    ha_group: g.haGroup,
    risk: g.risk,
    replication_count: g.jobs,
  };
}

export function serializeCoverage(c: Coverage, url: UrlBuilder): z.output<typeof coverageSchema> {
  const listOut = (l: Coverage["lists"]["ha"]) => ({
    count: l.count,
    results: l.guests.map((g) => guestOut(g, url)),
  });
  return {
    totals: countsOut(c.totals),
    ha_unknown_endpoints: c.haUnknownEndpoints,
    endpoints: c.endpoints.map((e) => ({
      id: e.id,
      url: url("endpoints", e.id),
      name: e.name,
      cluster_name: e.clusterName,
      ha_readable: e.haReadable,
      counts: countsOut(e.counts),
      nodes: e.nodes.map((n) => ({ name: n.name, online: n.online, counts: countsOut(n.counts) })),
    })),
    ha: listOut(c.lists.ha),
    none: listOut(c.lists.none),
    inactive: listOut(c.lists.inactive),
  };
}
