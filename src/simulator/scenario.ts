import { z } from "zod";
import { isValidTimeZone } from "./time-zone";

// A scenario describes what the simulated Proxmox clusters contain. Timestamps in job state are epoch
// seconds; a negative value is relative to the simulator clock at start (-600 = ten minutes before start),
// so a shipped demo keeps looking current. 0 means "never".

export const JOB_ID_PATTERN = /^[1-9][0-9]{2,8}-\d{1,9}$/;

/** Path → privilege names, e.g. { "/": ["Sys.Audit"], "/vms": ["VM.Audit"], "/vms/105": [] }. "*" = all. */
export const privilegesSchema = z.record(
  z.string().regex(/^\//, "ACL paths start with /"),
  z.array(z.string()),
);

const timestamp = z.number().int();

export const jobStateSchema = z.strictObject({
  last_sync: timestamp.default(0),
  last_try: timestamp.default(0),
  fail_count: z.number().int().min(0).default(0),
  duration: z.number().min(0).optional(),
  error: z.string().optional(),
  pid: z.number().int().positive().optional(),
});

export const jobSchema = z.strictObject({
  id: z.string().regex(JOB_ID_PATTERN, "job ids look like <vmid>-<jobnum>"),
  target: z.string(),
  source: z.string().optional(),
  schedule: z.string().max(128).optional(),
  rate: z.number().min(1).optional(),
  comment: z.string().max(4096).optional(),
  disable: z.boolean().optional(),
  remove_job: z.enum(["local", "full"]).optional(),
  state: jobStateSchema.optional(),
  /** Log messages of the last run; a "YYYY-MM-DD HH:MM:SS" prefix is added unless present. */
  log: z.array(z.string()).optional(),
});

export const nodeSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/),
  online: z.boolean().default(true),
  ip: z.string(),
  /** IANA zone; schedules are evaluated in it (PVE uses the node's local time). */
  timezone: z.string().default("UTC"),
  nodeid: z.number().int().min(0),
  level: z.string().default(""),
});

export const guestSchema = z.strictObject({
  vmid: z.number().int().min(100).max(999_999_999),
  type: z.enum(["qemu", "lxc"]),
  node: z.string(),
  name: z.string().optional(),
  status: z.enum(["running", "stopped", "paused", "suspended", "prelaunch"]).default("running"),
  template: z.boolean().optional(),
  tags: z.string().optional(),
});

export const storageSchema = z.strictObject({
  storage: z.string(),
  node: z.string(),
  /** Storage plugin type (zfspool, dir, lvmthin, nfs, rbd, ...). */
  type: z.string(),
  shared: z.boolean().default(false),
  content: z.string().default("images,rootdir"),
  status: z.enum(["available", "unknown"]).default("available"),
});

/** `vm:<vmid>` or `ct:<vmid>`: the section id in /etc/pve/ha/resources.cfg. */
export const HA_SID_PATTERN = /^(vm|ct):([1-9][0-9]{2,8})$/;

/** PVE's requested states (pve-ha-manager); absent means `started`. */
export const HA_STATES = ["started", "stopped", "enabled", "disabled", "ignored"] as const;

/**
 * One HA resource as written in resources.cfg (spec §1.12). Optional settings are served only when given,
 * like the config file's keys (absent state means `started`; absent max_restart/max_relocate mean 1).
 */
export const haResourceSchema = z.strictObject({
  sid: z.string().regex(HA_SID_PATTERN, "HA resource ids look like vm:<vmid> or ct:<vmid>"),
  state: z.enum(HA_STATES).optional(),
  /** PVE 8 HA group (PVE 9 migrates groups to rules and drops the key); format pve-configid. */
  group: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_-]+$/, "HA group ids look like pve-configid")
    .optional(),
  max_restart: z.number().int().min(0).optional(),
  max_relocate: z.number().int().min(0).optional(),
  comment: z.string().max(4096).optional(),
});

export const principalSchema = {
  privileges: privilegesSchema.default({}),
};

export const tokenSchema = z.strictObject({
  tokenId: z.string().regex(/^[^@!\s]+@[^@!\s]+![^@!\s=]+$/, "token ids look like user@realm!name"),
  secret: z.string().min(1),
  ...principalSchema,
});

export const userSchema = z.strictObject({
  username: z.string().regex(/^[^@\s]+@[^@\s]+$/, "user names look like user@realm"),
  password: z.string().min(1),
  ...principalSchema,
});

export const clusterSchema = z.strictObject({
  name: z.string().min(1),
  /** A single node without a cluster: /cluster/status has no "cluster" entry. */
  standalone: z.boolean().default(false),
  version: z
    .strictObject({ version: z.string(), release: z.string(), repoid: z.string() })
    .default({ version: "9.1.3", release: "9.1", repoid: "e5010dce" }),
  nodes: z.array(nodeSchema).min(1),
  guests: z.array(guestSchema).default([]),
  storages: z.array(storageSchema).default([]),
  jobs: z.array(jobSchema).default([]),
  /** HA-managed guests (GET /cluster/ha/resources). */
  ha: z.array(haResourceSchema).default([]),
  /**
   * HA groups that exist (PVE 8 /etc/pve/ha/groups.cfg). Omitted: every group a resource names exists.
   * A resource naming a group not listed here is served with `errors.group`, as PVE does.
   */
  haGroups: z.array(z.string()).optional(),
  tokens: z.array(tokenSchema).default([]),
  users: z.array(userSchema).default([]),
});

export const scenarioSchema = z.strictObject({
  clusters: z.array(clusterSchema).min(1),
});

export type Privileges = z.output<typeof privilegesSchema>;
export type JobState = z.output<typeof jobStateSchema>;
export type JobStateInput = z.input<typeof jobStateSchema>;
export type Job = z.output<typeof jobSchema>;
export type JobInput = z.input<typeof jobSchema>;
export type SimNode = z.output<typeof nodeSchema>;
export type Guest = z.output<typeof guestSchema>;
export type GuestInput = z.input<typeof guestSchema>;
export type Storage = z.output<typeof storageSchema>;
export type HaResource = z.output<typeof haResourceSchema>;
export type HaResourceInput = z.input<typeof haResourceSchema>;
export type Token = z.output<typeof tokenSchema>;
export type User = z.output<typeof userSchema>;
export type ClusterScenario = z.output<typeof clusterSchema>;
export type ClusterScenarioInput = z.input<typeof clusterSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** Parses and cross-checks a scenario; messages name the offending cluster/job. */
export function parseScenario(input: unknown): Scenario {
  const scenario = scenarioSchema.parse(input);
  const clusterNames = new Set<string>();
  for (const cluster of scenario.clusters) {
    if (clusterNames.has(cluster.name)) throw new Error(`duplicate cluster name '${cluster.name}'`);
    clusterNames.add(cluster.name);
    const nodes = new Set(cluster.nodes.map((n) => n.name));
    if (nodes.size !== cluster.nodes.length) throw new Error(`cluster ${cluster.name}: duplicate node names`);
    for (const node of cluster.nodes) {
      if (!isValidTimeZone(node.timezone))
        throw new Error(`node ${node.name}: unknown time zone '${node.timezone}'`);
    }
    if (cluster.standalone && cluster.nodes.length !== 1) {
      throw new Error(`cluster ${cluster.name}: a standalone node has exactly one node`);
    }
    const vmids = new Set<number>();
    for (const guest of cluster.guests) {
      if (vmids.has(guest.vmid)) throw new Error(`cluster ${cluster.name}: duplicate guest ${guest.vmid}`);
      if (!nodes.has(guest.node))
        throw new Error(`cluster ${cluster.name}: guest ${guest.vmid} on unknown node`);
      vmids.add(guest.vmid);
    }
    const ids = new Set<string>();
    const pairs = new Set<string>();
    for (const job of cluster.jobs) {
      const normalized = normalizeJobId(job.id);
      if (ids.has(normalized)) throw new Error(`cluster ${cluster.name}: duplicate job ${job.id}`);
      ids.add(normalized);
      job.id = normalized;
      const pair = `${jobGuest(job.id)}/${job.target}`;
      // pve-guest-common refuses a second job for the same guest and target.
      if (pairs.has(pair)) throw new Error(`cluster ${cluster.name}: second job for guest/target ${pair}`);
      pairs.add(pair);
    }
    const haVmids = new Set<number>();
    for (const resource of cluster.ha) {
      const vmid = haResourceVmid(resource.sid);
      if (haVmids.has(vmid)) throw new Error(`cluster ${cluster.name}: second HA resource for guest ${vmid}`);
      haVmids.add(vmid);
      checkHaGuestType(
        cluster.name,
        resource.sid,
        cluster.guests.find((g) => g.vmid === vmid),
      );
    }
  }
  return scenario;
}

/** Section headers are normalised with int(), so "100-01" is "100-1". */
export function normalizeJobId(id: string): string {
  const [guest, jobnum] = id.split("-");
  return `${Number(guest)}-${Number(jobnum)}`;
}

export function jobGuest(id: string): number {
  return Number(id.slice(0, id.indexOf("-")));
}

export function jobNum(id: string): number {
  return Number(id.slice(id.indexOf("-") + 1));
}

export function haResourceVmid(sid: string): number {
  return Number(sid.slice(sid.indexOf(":") + 1));
}

/** `vm` or `ct`, the resource type PVE reports (the part of the sid before the colon). */
export function haResourceType(sid: string): "vm" | "ct" {
  return sid.startsWith("ct:") ? "ct" : "vm";
}

/**
 * PVE refuses `ha-manager add vm:101` when 101 is a container (the plugin checks the guest's config), so
 * an existing guest must have the matching type. A resource whose guest does not exist is allowed (a
 * guest destroyed without purge leaves its HA entry behind).
 */
export function checkHaGuestType(cluster: string, sid: string, guest: Pick<Guest, "type"> | undefined): void {
  if (!guest) return;
  const expected = guest.type === "lxc" ? "ct" : "vm";
  if (haResourceType(sid) !== expected) {
    throw new Error(
      `cluster ${cluster}: HA resource ${sid} but guest ${haResourceVmid(sid)} is ${guest.type}`,
    );
  }
}
