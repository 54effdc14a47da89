import { createHash } from "node:crypto";
import {
  type ApiReply,
  type ApiRequest,
  checkParams,
  JOB_ID_PARAM,
  NODE_PARAM,
  PveError,
  requirePrivilege,
} from "./api";
import { hasPrivilege } from "./permissions";
import { configItem, jobsOnNode, logLines, statusItem } from "./replication-view";
import { type Job, jobGuest, normalizeJobId } from "./scenario";

// Replication endpoints (spec §1.1, §1.2, §1.6–§1.10).

function noSuchJob(id: string): PveError {
  return new PveError(500, `no such replication job '${id}'`);
}

function canAudit(req: ApiRequest, job: Job): boolean {
  return req.principal !== undefined && hasPrivilege(req.principal, `/vms/${jobGuest(job.id)}`, "VM.Audit");
}

/** GET /cluster/replication: config only, sorted by id; jobs without VM.Audit are silently skipped. */
export function clusterReplication(req: ApiRequest): ApiReply {
  checkParams(req.params, {});
  const { state, cluster: c, principal } = req;
  // Large clusters answer this often: the serialised body is kept per caller until the next change.
  const body = state.cached(c, `cluster-replication:${principal?.kind}:${principal?.id}`, () => {
    const items = state
      .sortedJobs(c)
      .filter((job) => canAudit(req, job))
      .map(configItem);
    return JSON.stringify({ data: items });
  });
  return { body };
}

function digest(req: ApiRequest): string {
  // PVE uses the SHA-1 of replication.cfg; any stable hash of the whole config serves the same purpose.
  return req.state.cached(req.cluster, "digest", () =>
    createHash("sha1")
      .update(JSON.stringify(req.state.sortedJobs(req.cluster).map(configItem)))
      .digest("hex"),
  );
}

/** GET /cluster/replication/{id}: one config plus the file digest. */
export function clusterReplicationJob(req: ApiRequest, id: string): ApiReply {
  checkParams(req.params, { id: JOB_ID_PARAM });
  const job = req.cluster.jobs.get(normalizeJobId(id));
  if (!job) throw noSuchJob(id);
  requirePrivilege(req, `/vms/${jobGuest(job.id)}`, "VM.Audit");
  return { data: { ...configItem(job), digest: digest(req) } };
}

/**
 * Side effect of the status call on a real node: a job without `source` gets the local node written into
 * replication.cfg, so the cluster list shows it from then on.
 */
function fillSources(req: ApiRequest, jobs: Job[], node: string): void {
  const missing = jobs.filter((job) => job.source === undefined);
  if (missing.length === 0) return;
  for (const job of missing) job.source = node;
  req.state.touch(req.cluster);
}

function visibleJobs(req: ApiRequest, node: string): Job[] {
  return jobsOnNode(req.state.sortedJobs(req.cluster), req.cluster, node);
}

/** Schedules are evaluated in the local time zone of the node that answers. */
function nodeZone(req: ApiRequest, node: string): string {
  return req.state.node(req.cluster, node).timezone;
}

/** GET /nodes/{node}/replication[?guest=]: status of the jobs whose guest runs on this node. */
export function nodeReplication(req: ApiRequest, node: string): ApiReply {
  checkParams(req.params, {
    node: NODE_PARAM,
    guest: { type: "integer", optional: true, format: "pve-vmid", minimum: 100, maximum: 999_999_999 },
  });
  const guest = req.params.guest === undefined ? undefined : Number(req.params.guest);
  const jobs = visibleJobs(req, node).filter(
    (job) => (guest === undefined || jobGuest(job.id) === guest) && canAudit(req, job),
  );
  fillSources(req, jobs, node);
  const zone = nodeZone(req, node);
  return { data: jobs.map((job) => statusItem(req.cluster, job, zone)) };
}

/** GET /nodes/{node}/replication/{id}: directory index. */
export function nodeReplicationIndex(req: ApiRequest): ApiReply {
  checkParams(req.params, { node: NODE_PARAM, id: JOB_ID_PARAM });
  return { data: [{ name: "schedule_now" }, { name: "log" }, { name: "status" }] };
}

function jobOnNode(req: ApiRequest, node: string, id: string): Job {
  const wanted = normalizeJobId(id);
  const job = visibleJobs(req, node).find((j) => j.id === wanted);
  if (!job) throw noSuchJob(id);
  return job;
}

/** GET /nodes/{node}/replication/{id}/status: one §1.6 item; unknown on this node → 500. */
export function nodeReplicationStatus(req: ApiRequest, node: string, id: string): ApiReply {
  checkParams(req.params, { node: NODE_PARAM, id: JOB_ID_PARAM });
  const job = jobOnNode(req, node, id);
  requirePrivilege(req, `/vms/${jobGuest(job.id)}`, "VM.Audit");
  fillSources(req, [job], node);
  return { data: statusItem(req.cluster, job, nodeZone(req, node)) };
}

/** GET /nodes/{node}/replication/{id}/log: `{data:[{n,t}], total}` like dump_logfile. */
export function nodeReplicationLog(req: ApiRequest, node: string, id: string): ApiReply {
  const count = { type: "integer", optional: true, minimum: 0 } as const;
  checkParams(req.params, { node: NODE_PARAM, id: JOB_ID_PARAM, start: count, limit: count });
  const job = req.cluster.jobs.get(normalizeJobId(id));
  if (!job) throw noSuchJob(id);
  const principal = req.principal;
  const allowed =
    principal !== undefined &&
    (hasPrivilege(principal, `/vms/${jobGuest(job.id)}`, "VM.Audit") ||
      hasPrivilege(principal, `/nodes/${node}`, "Sys.Audit"));
  if (!allowed) throw new PveError(403, `Permission check failed (/vms/${jobGuest(job.id)}, VM.Audit)`);
  // The log file lives on the node that ran the job; other nodes have none.
  const guest = req.cluster.guests.get(jobGuest(job.id));
  const lines = guest?.node === node ? logLines(req.cluster, job, nodeZone(req, node)) : null;
  if (lines === null)
    return { data: [{ n: 1, t: "unable to open file - No such file or directory" }], total: 1 };
  if (lines.length === 0) return { data: [{ n: 1, t: "no content" }], total: 1 };
  const start = Number(req.params.start ?? 0);
  const limit = Number(req.params.limit ?? 50);
  const data: { n: number; t: string }[] = [];
  lines.forEach((t, i) => {
    const n = i + 1;
    if (n > start && (limit === 0 || n <= start + limit)) data.push({ n, t });
  });
  return { data, total: lines.length };
}

/** POST /nodes/{node}/replication/{id}/schedule_now: resets last_try if the job has state. */
export function scheduleNow(req: ApiRequest, node: string, id: string): ApiReply {
  checkParams(req.params, { node: NODE_PARAM, id: JOB_ID_PARAM });
  const job = jobOnNode(req, node, id);
  // PVE 9.0+: VM.Replicate on the guest (Datastore.Allocate on /storage before).
  requirePrivilege(req, `/vms/${jobGuest(job.id)}`, "VM.Replicate");
  if (job.state) {
    job.state = { ...job.state, last_try: 0 };
    req.state.touch(req.cluster);
  }
  return { data: null };
}
