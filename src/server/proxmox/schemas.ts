import { z } from "zod";

// One schema per endpoint, written against what pve-manager really sends (spec §1): Perl booleans arrive as
// 0/1 numbers (newer code may send true/false), optional fields are simply absent, and unknown fields are
// kept (looseObject) so a newer PVE does not break the sync.

/** 0/1 (or true/false) → boolean. */
export const pveBoolean = z
  .union([z.boolean(), z.literal(0), z.literal(1)])
  .transform((v) => v === true || v === 1);

const int = z.number().int();

type WithRaw<S extends z.ZodType> = z.ZodType<z.output<S> & { raw: Record<string, unknown> }>;

/** Adds `raw`: the item exactly as received, a plain object the sync stores as raw_config. */
function withRaw<S extends z.ZodObject>(schema: S): WithRaw<S> {
  const carrier = schema.extend({ __raw: z.record(z.string(), z.unknown()) });
  const parser = z
    .preprocess(
      (value) =>
        value !== null && typeof value === "object" && !Array.isArray(value)
          ? // raw is the received item itself: zod never mutates its input, and one copy fewer per
            // item matters for 100,000-job lists (issue 11).
            { ...(value as Record<string, unknown>), __raw: value as Record<string, unknown> }
          : value,
      carrier,
    )
    .transform(({ __raw, ...rest }) => ({ ...rest, raw: __raw }));
  // zod cannot infer through the generic `extend`; the runtime shape is exactly the declared one.
  return parser as unknown as WithRaw<S>;
}

const replicationConfigShape = {
  id: z.string(),
  type: z.string(),
  guest: int,
  jobnum: int,
  target: z.string(),
  source: z.string().optional(),
  // Absent means the default "*/15"; the sync layer applies it, so keep undefined here.
  schedule: z.string().optional(),
  rate: z.number().optional(),
  comment: z.string().optional(),
  disable: pveBoolean.optional(),
  remove_job: z.enum(["local", "full"]).optional(),
};

const replicationConfigItem = withRaw(z.looseObject(replicationConfigShape));
const replicationJobItem = withRaw(
  z.looseObject({ ...replicationConfigShape, digest: z.string().optional() }),
);
const nodeReplicationItem = withRaw(
  z.looseObject({
    ...replicationConfigShape,
    vmtype: z.string(),
    next_sync: int,
    last_sync: int,
    last_try: int,
    fail_count: int,
    duration: z.number().optional(),
    error: z.string().optional(),
    pid: int.optional(),
  }),
);

const versionSchema = z.looseObject({
  version: z.string(),
  release: z.string(),
  repoid: z.string(),
  console: z.string().optional(),
});

const clusterStatusEntry = z.looseObject({
  type: z.enum(["cluster", "node"]),
  id: z.string(),
  name: z.string(),
  nodes: int.optional(),
  version: int.optional(),
  quorate: pveBoolean.optional(),
  nodeid: int.optional(),
  local: pveBoolean.optional(),
  online: pveBoolean.optional(),
  ip: z.string().optional(),
  level: z.string().optional(),
});

const nodeEntry = z.looseObject({
  node: z.string(),
  status: z.string(),
  id: z.string().optional(),
  type: z.string().optional(),
  ssl_fingerprint: z.string().optional(),
  level: z.string().optional(),
  uptime: z.number().optional(),
  cpu: z.number().optional(),
  maxcpu: z.number().optional(),
  mem: z.number().optional(),
  maxmem: z.number().optional(),
  disk: z.number().optional(),
  maxdisk: z.number().optional(),
});

const nodeTimeSchema = z.looseObject({ timezone: z.string(), time: int, localtime: int });

const resourceVm = z.looseObject({
  id: z.string(),
  type: z.enum(["qemu", "lxc"]),
  vmid: int,
  node: z.string(),
  // Only present when the node has RRD data for the guest (e.g. not while its node is offline).
  name: z.string().optional(),
  status: z.string().optional(),
  template: pveBoolean.optional(),
  tags: z.string().optional(),
  pool: z.string().optional(),
  lock: z.string().optional(),
  hastate: z.string().optional(),
  uptime: z.number().optional(),
  maxcpu: z.number().optional(),
  maxmem: z.number().optional(),
  maxdisk: z.number().optional(),
});

const resourceStorage = z.looseObject({
  id: z.string(),
  type: z.literal("storage"),
  storage: z.string(),
  node: z.string(),
  plugintype: z.string().optional(),
  shared: pveBoolean.optional(),
  content: z.string().optional(),
  status: z.string().optional(),
  disk: z.number().optional(),
  maxdisk: z.number().optional(),
});

const resourceNode = z.looseObject({
  id: z.string(),
  type: z.literal("node"),
  node: z.string(),
  status: z.string().optional(),
  level: z.string().optional(),
  uptime: z.number().optional(),
  maxcpu: z.number().optional(),
  maxmem: z.number().optional(),
  maxdisk: z.number().optional(),
});

/** `vm:100` / `ct:101` → 100 / 101; null for a sid of some other (future) resource type. */
function haResourceVmid(sid: string): number | null {
  const m = /^(?:vm|ct):(\d+)$/.exec(sid);
  return m ? Number(m[1]) : null;
}

// GET /cluster/ha/resources (spec §1.12). PVE's return schema types only `sid`; the rest is the section
// of /etc/pve/ha/resources.cfg as written, so every other key is optional here. An absent `state` means
// "started" and absent max_restart/max_relocate mean 1 (pve-ha-manager's defaults); they are left
// undefined here, like a replication job's default schedule, for the caller to apply.
const haResourceItem = z
  .looseObject({
    sid: z.string(),
    type: z.string().optional(),
    // A string, not an enum: an unknown state from a newer PVE must not fail the sync.
    state: z.string().optional(),
    group: z.string().optional(),
    max_restart: int.optional(),
    max_relocate: int.optional(),
    comment: z.string().optional(),
    digest: z.string().optional(),
    // e.g. { group: "group 'x' does not exist" }
    errors: z.record(z.string(), z.string()).optional(),
  })
  .transform((r) => ({ ...r, vmid: haResourceVmid(r.sid) }));

const logLine = z.looseObject({ n: int, t: z.string() });

const privilegeMap = z.record(z.string(), z.record(z.string(), pveBoolean));

/** Envelope schemas, keyed by endpoint. Issue paths therefore start with `data`, e.g. `data[3].guest`. */
export const endpointSchemas = {
  version: z.looseObject({ data: versionSchema }),
  clusterStatus: z.looseObject({ data: z.array(clusterStatusEntry) }),
  nodes: z.looseObject({ data: z.array(nodeEntry) }),
  nodeTime: z.looseObject({ data: nodeTimeSchema }),
  resourcesVm: z.looseObject({ data: z.array(resourceVm) }),
  resourcesStorage: z.looseObject({ data: z.array(resourceStorage) }),
  resourcesNode: z.looseObject({ data: z.array(resourceNode) }),
  clusterReplication: z.looseObject({ data: z.array(replicationConfigItem) }),
  clusterHaResources: z.looseObject({ data: z.array(haResourceItem) }),
  clusterReplicationJob: z.looseObject({ data: replicationJobItem }),
  nodeReplication: z.looseObject({ data: z.array(nodeReplicationItem) }),
  nodeReplicationStatus: z.looseObject({ data: nodeReplicationItem }),
  nodeReplicationLog: z.looseObject({ data: z.array(logLine), total: int.optional() }),
  permissions: z.looseObject({ data: privilegeMap }),
  ticket: z.looseObject({
    data: z.looseObject({ username: z.string(), ticket: z.string(), CSRFPreventionToken: z.string() }),
  }),
  any: z.looseObject({ data: z.unknown() }),
} as const;

export type PveVersion = z.output<typeof versionSchema>;
export type ClusterStatusEntry = z.output<typeof clusterStatusEntry>;
export type PveNode = z.output<typeof nodeEntry>;
export type NodeTime = z.output<typeof nodeTimeSchema>;
export type ClusterResourceVm = z.output<typeof resourceVm>;
export type ClusterResourceStorage = z.output<typeof resourceStorage>;
export type ClusterResourceNode = z.output<typeof resourceNode>;
export type ReplicationJobConfig = z.output<typeof replicationConfigItem>;
export type ReplicationJob = z.output<typeof replicationJobItem>;
export type NodeReplicationStatus = z.output<typeof nodeReplicationItem>;
export type HaResource = z.output<typeof haResourceItem>;
export type ReplicationLogLine = z.output<typeof logLine>;
export type ReplicationLog = { lines: ReplicationLogLine[]; total: number };
export type PvePermissions = z.output<typeof privilegeMap>;

/** `data[3].guest: expected number` style text for the first few zod issues. */
export function describeIssues(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((issue) => {
    const path = issue.path.reduce<string>(
      (acc, key) =>
        typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key),
      "",
    );
    return `${path || "(root)"}: ${issue.message}`;
  });
  const more = error.issues.length > max ? ` (+${error.issues.length - max} more)` : "";
  return parts.join("; ") + more;
}
