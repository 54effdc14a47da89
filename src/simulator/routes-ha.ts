import { createHash } from "node:crypto";
import { type ApiReply, type ApiRequest, checkParams, requirePrivilege } from "./api";
import { type HaResource, haResourceType } from "./scenario";
import type { ClusterRuntime, SimulatorState } from "./state";

// HA resources (spec §1.12, pve-ha-manager PVE/API2/HA/Resources.pm `index`): which guests the HA stack
// manages. The coverage report reads them to find HA guests without a replication job.

/** PVE::HA::Resources->lookup_types(): the registered resource plugins, sorted. */
const HA_TYPES = ["ct", "vm"] as const;

function digest(state: SimulatorState, c: ClusterRuntime): string {
  // PVE sends the SHA-1 of resources.cfg; any stable hash of the whole file's content serves the same
  // purpose (it changes exactly when a resource changes).
  return state.cached(c, "ha-digest", () =>
    createHash("sha1")
      .update(JSON.stringify(state.sortedHaResources(c)))
      .digest("hex"),
  );
}

/** One item: the section's keys as written, plus `sid`, `type` (from the section header) and `digest`. */
function haItem(r: HaResource, fileDigest: string, groups: Set<string> | null): Record<string, unknown> {
  const item: Record<string, unknown> = { sid: r.sid, type: haResourceType(r.sid), digest: fileDigest };
  if (r.state !== undefined) item.state = r.state;
  if (r.group !== undefined) {
    item.group = r.group;
    if (groups && !groups.has(r.group)) item.errors = { group: `group '${r.group}' does not exist` };
  }
  if (r.max_restart !== undefined) item.max_restart = r.max_restart;
  if (r.max_relocate !== undefined) item.max_relocate = r.max_relocate;
  if (r.comment !== undefined) item.comment = r.comment;
  return item;
}

/**
 * GET /cluster/ha/resources[?type=vm|ct]: needs Sys.Audit on `/` (no per-guest filtering, unlike the
 * replication list: without it the whole call is a 403). An empty configuration answers `[]`.
 */
export function clusterHaResources(req: ApiRequest): ApiReply {
  checkParams(req.params, { type: { type: "string", optional: true, enum: HA_TYPES } });
  requirePrivilege(req, "/", "Sys.Audit");
  const { state, cluster: c } = req;
  const type = req.params.type;
  const fileDigest = digest(state, c);
  const data = state
    .sortedHaResources(c)
    .filter((r) => !type || haResourceType(r.sid) === type)
    .map((r) => haItem(r, fileDigest, c.haGroups));
  return { data };
}
