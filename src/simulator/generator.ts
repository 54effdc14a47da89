import { Prng } from "./prng";
import type {
  ClusterScenarioInput,
  GuestInput,
  HaResourceInput,
  JobInput,
  JobStateInput,
  ScenarioInput,
} from "./scenario";

// Deterministic, realistic scenarios for scale tests and benchmarks. Timestamps are negative (relative to
// the simulator start) so a generated scenario always looks current.

export interface GenerateOptions {
  clusters: number;
  nodesPerCluster?: number;
  guestsPerCluster?: number;
  jobsPerCluster: number;
  seed?: number | string;
}

/** GUI presets of CalendarEvent.js plus a few common hand-written schedules. */
export const SCHEDULES = [
  "*/5",
  "*/10",
  "*/30",
  "*/2:00",
  "21:00",
  "2,22:30",
  "mon..fri 00:00",
  "mon..fri */1:00",
  "mon..fri 7..18:00/15",
  "sun 01:00",
  "monthly",
  "sat *-1..7 15:00",
  "yearly",
  "hourly",
  "daily",
] as const;

const TIME_ZONES = [
  "Europe/Berlin",
  "UTC",
  "America/New_York",
  "Asia/Tokyo",
  "Europe/London",
  "Australia/Sydney",
];
const ROLES = [
  "web",
  "db",
  "app",
  "cache",
  "mail",
  "git",
  "ci",
  "dns",
  "proxy",
  "backup",
  "monitor",
  "k8s",
  "files",
];
const COMMENTS = [
  "Sicherung nächtlich – Ω",
  "réplication vers le site B",
  "DR-копия базы",
  "夜間レプリケーション",
  "critical: keep RPO < 15 min",
  "nightly",
  "ticket #4711 – Müller",
];
const RATES = [1.5, 10, 12.5, 25, 50, 100, 250.75];
const VERSIONS = [
  { version: "9.1.3", release: "9.1" },
  { version: "9.0.11", release: "9.0" },
  { version: "8.4.5", release: "8.4" },
];

function errorText(vmid: number, jobId: string, target: string, last: number, prng: Prng): string {
  const volume = `rpool/data/vm-${vmid}-disk-0`;
  return prng.pick([
    `command 'zfs snapshot ${volume}@__replicate_${jobId}_${last}__' failed: exit code 1`,
    `command 'set -o pipefail && pvesm export local-zfs:vm-${vmid}-disk-0 zfs - -with-snapshots 1 -snapshot __replicate_${jobId}_${last}__ | /usr/bin/ssh -e none -o 'BatchMode=yes' -o 'HostKeyAlias=${target}' root@10.0.0.2 -- pvesm import local-zfs:vm-${vmid}-disk-0 zfs - -with-snapshots 1 -allow-rename 0' failed: exit code 255`,
    `no such volid 'local-zfs:vm-${vmid}-disk-1'`,
    `storage 'local-zfs' is not available on node '${target}'`,
    `ssh: connect to host 10.0.0.2 port 22: No route to host`,
    `out of space - cannot create snapshot '${volume}@__replicate_${jobId}_${last}__'`,
  ]);
}

function jobState(prng: Prng, vmid: number, jobId: string, target: string): JobStateInput | undefined {
  const kind = prng.weighted([
    ["never", 10],
    ["ok", 63],
    ["syncing", 5],
    ["error", 11],
    ["retrying", 11],
  ] as const);
  if (kind === "never") return undefined;
  const lastTry = -prng.int(30, 1800);
  const duration = Math.round(prng.next() * 120_000) / 1000 + 0.5;
  if (kind === "ok") return { last_sync: lastTry, last_try: lastTry, fail_count: 0, duration };
  if (kind === "syncing")
    return {
      last_sync: lastTry - 900,
      last_try: lastTry,
      fail_count: 0,
      duration,
      pid: prng.int(1000, 4_000_000),
    };
  const failCount = kind === "error" ? prng.int(1, 3) : prng.int(4, 24);
  const lastSync = prng.chance(0.15) ? 0 : lastTry - prng.int(3600, 7 * 86_400);
  return {
    last_sync: lastSync,
    last_try: lastTry,
    fail_count: failCount,
    duration,
    error: errorText(vmid, jobId, target, Math.abs(lastTry), prng),
  };
}

function generateCluster(ci: number, opts: Required<GenerateOptions>, prng: Prng): ClusterScenarioInput {
  const name = `pve-c${String(ci + 1).padStart(2, "0")}`;
  const timezone = TIME_ZONES[ci % TIME_ZONES.length];
  const nodeCount = opts.nodesPerCluster;
  const nodes = Array.from({ length: nodeCount }, (_, k) => ({
    name: `${name}-n${k + 1}`,
    // Every third cluster with 3+ nodes has its last node down.
    online: !(ci % 3 === 1 && nodeCount >= 3 && k === nodeCount - 1),
    ip: `10.${ci % 250}.${Math.floor(k / 250)}.${(k % 250) + 1}`,
    timezone,
    nodeid: k + 1,
    level: prng.pick(["", "c", "b"]),
  }));
  const offline = new Set(nodes.filter((n) => !n.online).map((n) => n.name));

  const guests: GuestInput[] = [];
  for (let g = 0; g < opts.guestsPerCluster; g++) {
    const vmid = 100 + g;
    const node = nodes[prng.int(0, nodeCount - 1)].name;
    const template = prng.chance(0.03);
    const nameless = offline.has(node) ? prng.chance(0.5) : prng.chance(0.01);
    const guest: GuestInput = {
      vmid,
      type: prng.chance(0.7) ? "qemu" : "lxc",
      node,
      status: template ? "stopped" : prng.chance(0.85) ? "running" : "stopped",
    };
    if (!nameless) guest.name = `${prng.pick(ROLES)}-${String(vmid).padStart(4, "0")}`;
    if (template) guest.template = true;
    if (prng.chance(0.2)) guest.tags = prng.pick(["prod", "prod;zfs", "lab", "dr"]);
    guests.push(guest);
  }

  // Every (guest, target ≠ guest's node) pair may carry at most one job.
  const pairs: [GuestInput, string][] = [];
  for (const guest of guests) for (const n of nodes) if (n.name !== guest.node) pairs.push([guest, n.name]);
  const unknownCount = opts.jobsPerCluster >= 20 ? Math.max(1, Math.floor(opts.jobsPerCluster / 100)) : 0;
  const wanted = opts.jobsPerCluster - unknownCount;
  if (pairs.length < wanted) {
    throw new RangeError(
      `${opts.jobsPerCluster} jobs need more guests or nodes (only ${pairs.length} guest/target pairs)`,
    );
  }
  const chosen = prng.shuffle(pairs).slice(0, wanted);
  // Jobs of guests absent from the resources ("unknown VM"): vmids past the generated range.
  for (let u = 0; u < unknownCount; u++) {
    chosen.push([
      { vmid: 900_000 + ci * 1000 + u, type: "qemu", node: nodes[0].name },
      nodes[nodes.length - 1].name,
    ]);
  }
  const jobnums = new Map<number, number>();
  const jobs: JobInput[] = chosen.map(([guest, target]) => {
    const jobnum = jobnums.get(guest.vmid) ?? 0;
    jobnums.set(guest.vmid, jobnum + 1);
    const id = `${guest.vmid}-${jobnum}`;
    const job: JobInput = { id, target };
    if (prng.chance(0.95)) job.source = guest.node;
    if (prng.chance(0.6)) job.schedule = prng.pick(SCHEDULES);
    if (prng.chance(0.45)) job.rate = prng.pick(RATES);
    if (prng.chance(0.3)) job.comment = prng.pick(COMMENTS);
    if (prng.chance(0.05)) job.disable = true;
    const removal = prng.next();
    if (removal < 0.015) job.remove_job = "local";
    else if (removal < 0.03) job.remove_job = "full";
    const state = jobState(prng, guest.vmid, id, target);
    if (state) job.state = state;
    return job;
  });

  const ha = haResources(guests, jobs);

  const storages = nodes.flatMap((n) => [
    { storage: "local", node: n.name, type: "dir", shared: false, content: "iso,vztmpl,backup" },
    { storage: "local-zfs", node: n.name, type: "zfspool", shared: false, content: "images,rootdir" },
    { storage: "nfs-backup", node: n.name, type: "nfs", shared: true, content: "backup" },
  ]);
  return {
    name,
    version: { ...prng.pick(VERSIONS), repoid: prng.hex(16) },
    nodes,
    guests,
    storages,
    jobs,
    ha,
    tokens: [{ tokenId: "root@pam!proxbox", secret: prng.uuid(), privileges: { "/": ["*"] } }],
    users: [{ username: "root@pam", password: `pw-${prng.hex(12)}`, privileges: { "/": ["*"] } }],
  };
}

/**
 * HA-managed guests (templates excepted): every tenth guest, and every guest that got no replication
 * job (the coverage report's highest-risk case: HA may start it on a node that has no copy). Most are
 * `started`; some have another requested state, no state at all (PVE's default), a group or restart
 * limits. Chosen by position, not by the PRNG, so the rest of a seeded scenario stays what it was
 * before HA resources existed.
 */
function haResources(guests: GuestInput[], jobs: JobInput[]): HaResourceInput[] {
  const withJob = new Set(jobs.map((j) => Number(j.id.slice(0, j.id.indexOf("-")))));
  const states = [undefined, "started", "started", "started", "started", "started", "started"] as const;
  const others = ["disabled", "ignored", "stopped"] as const;
  const out: HaResourceInput[] = [];
  for (const guest of guests) {
    if (guest.template || (guest.vmid % 10 !== 3 && withJob.has(guest.vmid))) continue;
    const k = out.length;
    const resource: HaResourceInput = { sid: `${guest.type === "lxc" ? "ct" : "vm"}:${guest.vmid}` };
    const state = k % 10 < states.length ? states[k % 10] : others[(k % 10) - states.length];
    if (state) resource.state = state;
    if (k % 3 === 0) resource.group = "ha-prod";
    if (k % 4 === 0) Object.assign(resource, { max_restart: 1, max_relocate: 1 });
    out.push(resource);
  }
  return out;
}

export function generateScenario(options: GenerateOptions): ScenarioInput {
  const nodesPerCluster = options.nodesPerCluster ?? 3;
  if (nodesPerCluster < 2 && options.jobsPerCluster > 0) throw new RangeError("replication needs 2+ nodes");
  const guestsPerCluster =
    options.guestsPerCluster ??
    Math.max(10, Math.ceil((options.jobsPerCluster / (nodesPerCluster - 1)) * 1.25));
  const opts: Required<GenerateOptions> = {
    ...options,
    nodesPerCluster,
    guestsPerCluster,
    seed: options.seed ?? 1,
  };
  const prng = new Prng(opts.seed);
  return { clusters: Array.from({ length: opts.clusters }, (_, ci) => generateCluster(ci, opts, prng)) };
}
