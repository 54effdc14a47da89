import { parseCalendarEvent } from "@/lib/calendar-event";
import {
  type ClusterScenario,
  checkHaGuestType,
  type Guest,
  type GuestInput,
  guestSchema,
  type HaResource,
  type HaResourceInput,
  haResourceSchema,
  haResourceVmid,
  type Job,
  type JobInput,
  type JobState,
  type JobStateInput,
  jobGuest,
  jobSchema,
  jobStateSchema,
  normalizeJobId,
  type Privileges,
  privilegesSchema,
  type Scenario,
  type SimNode,
  type Storage,
  type Token,
  type User,
} from "./scenario";

export interface TicketInfo {
  username: string;
  issuedAt: number;
  csrf: string;
}

/** One simulated cluster as the handlers see it. `revision` changes on every mutation (cache key). */
export interface ClusterRuntime {
  name: string;
  standalone: boolean;
  version: ClusterScenario["version"];
  nodes: SimNode[];
  guests: Map<number, Guest>;
  storages: Storage[];
  jobs: Map<string, Job>;
  /** HA resources by sid (`vm:100`). */
  ha: Map<string, HaResource>;
  /** Existing HA groups; null: every group a resource names exists. */
  haGroups: Set<string> | null;
  tokens: Token[];
  users: User[];
  tickets: Map<string, TicketInfo>;
  revision: number;
  cache: Map<string, unknown>;
}

/** Mutable scenario plus the simulator clock. Every public method is also reachable through POST /__sim/. */
export class SimulatorState {
  private readonly clusters = new Map<string, ClusterRuntime>();
  private fixedNow: number | null;
  private offset = 0;

  constructor(scenario: Scenario, opts: { now?: number } = {}) {
    this.fixedNow = opts.now ?? null;
    const start = this.now();
    for (const c of structuredClone(scenario).clusters) {
      const runtime: ClusterRuntime = {
        name: c.name,
        standalone: c.standalone,
        version: c.version,
        nodes: c.nodes,
        guests: new Map(c.guests.map((g) => [g.vmid, g])),
        storages: c.storages,
        jobs: new Map(),
        ha: new Map(c.ha.map((r) => [r.sid, r])),
        haGroups: c.haGroups ? new Set(c.haGroups) : null,
        tokens: c.tokens,
        users: c.users,
        tickets: new Map(),
        revision: 0,
        cache: new Map(),
      };
      for (const job of c.jobs) runtime.jobs.set(job.id, resolveJob(job, start));
      this.clusters.set(c.name, runtime);
    }
  }

  /** Simulator clock in epoch seconds: real time unless frozen with setNow. */
  now(): number {
    return this.fixedNow ?? Math.floor(Date.now() / 1000) + this.offset;
  }

  /** Freezes the clock at `epochSeconds` (null: back to real time). */
  setNow(epochSeconds: number | null): void {
    this.fixedNow = epochSeconds;
    this.offset = 0;
    for (const c of this.clusters.values()) this.touch(c);
  }

  advance(seconds: number): void {
    if (this.fixedNow !== null) this.fixedNow += seconds;
    else this.offset += seconds;
    for (const c of this.clusters.values()) this.touch(c);
  }

  clusterNames(): string[] {
    return [...this.clusters.keys()];
  }

  cluster(name: string): ClusterRuntime {
    const c = this.clusters.get(name);
    if (!c) throw new Error(`unknown cluster '${name}'`);
    return c;
  }

  /** Invalidates cached responses of a cluster. */
  touch(c: ClusterRuntime): void {
    c.revision += 1;
    c.cache.clear();
  }

  /** Memoises a value for the current revision of the cluster (e.g. a serialised response). */
  cached<T>(c: ClusterRuntime, key: string, build: () => T): T {
    if (c.cache.has(key)) return c.cache.get(key) as T;
    const value = build();
    c.cache.set(key, value);
    return value;
  }

  /** Jobs sorted by id the way Perl's `sort keys` does (plain string order). */
  sortedJobs(c: ClusterRuntime): Job[] {
    return this.cached(c, "sorted-jobs", () =>
      [...c.jobs.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    );
  }

  /** HA resources sorted by sid (PVE lists them in Perl hash order, i.e. any order; this one is stable). */
  sortedHaResources(c: ClusterRuntime): HaResource[] {
    return this.cached(c, "sorted-ha", () =>
      [...c.ha.values()].sort((a, b) => (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0)),
    );
  }

  /** Like `ha-manager add`: one resource per guest; an existing guest must have the sid's type. */
  addHaResource(cluster: string, input: HaResourceInput): HaResource {
    const c = this.cluster(cluster);
    const resource = haResourceSchema.parse(input);
    const vmid = haResourceVmid(resource.sid);
    for (const other of c.ha.values()) {
      if (haResourceVmid(other.sid) === vmid)
        throw new Error(`resource ID '${resource.sid}' already defined`);
    }
    checkHaGuestType(c.name, resource.sid, c.guests.get(vmid));
    c.ha.set(resource.sid, resource);
    this.touch(c);
    return resource;
  }

  /** Shallow patch like `ha-manager set`; a key set to null removes that setting (PUT's `delete`). */
  updateHaResource(cluster: string, sid: string, patch: Record<string, unknown>): HaResource {
    const c = this.cluster(cluster);
    const current = this.haResource(c, sid);
    const next: Record<string, unknown> = { ...current };
    for (const [key, value] of Object.entries(patch)) {
      if (key === "sid") throw new Error("an HA resource id cannot be changed");
      if (value === null || value === undefined) delete next[key];
      else next[key] = value;
    }
    const updated = haResourceSchema.parse(next);
    c.ha.set(sid, updated);
    this.touch(c);
    return updated;
  }

  removeHaResource(cluster: string, sid: string): void {
    const c = this.cluster(cluster);
    this.haResource(c, sid);
    c.ha.delete(sid);
    this.touch(c);
  }

  /** The HA groups that exist (null: any group a resource names); others are reported in `errors.group`. */
  setHaGroups(cluster: string, groups: string[] | null): void {
    const c = this.cluster(cluster);
    c.haGroups = groups ? new Set(groups) : null;
    this.touch(c);
  }

  addJob(cluster: string, input: JobInput): Job {
    const c = this.cluster(cluster);
    const job = resolveJob(checkJob(jobSchema.parse(input)), this.now());
    job.id = normalizeJobId(job.id);
    if (c.jobs.has(job.id)) throw new Error(`replication job '${job.id}' already exists`);
    for (const other of c.jobs.values()) {
      if (jobGuest(other.id) === jobGuest(job.id) && other.target === job.target) {
        throw new Error(
          `replication job for guest '${jobGuest(job.id)}' to target 'local/${job.target}' already exists`,
        );
      }
    }
    c.jobs.set(job.id, job);
    this.touch(c);
    return job;
  }

  /** Shallow patch; a key set to null removes that setting (like PUT's `delete`). */
  updateJob(cluster: string, id: string, patch: Record<string, unknown>): Job {
    const c = this.cluster(cluster);
    const job = this.job(c, id);
    const next: Record<string, unknown> = { ...job };
    for (const [key, value] of Object.entries(patch)) {
      if (key === "id") throw new Error("a job id cannot be changed");
      if (value === null || value === undefined) delete next[key];
      else next[key] = value;
    }
    const updated = resolveJob(checkJob(jobSchema.parse(next)), this.now());
    c.jobs.set(job.id, updated);
    this.touch(c);
    return updated;
  }

  removeJob(cluster: string, id: string): void {
    const c = this.cluster(cluster);
    this.job(c, id);
    c.jobs.delete(normalizeJobId(id));
    this.touch(c);
  }

  /** Replaces the job's run state (null: never ran). Negative timestamps are relative to now. */
  setJobState(cluster: string, id: string, state: JobStateInput | null): void {
    const c = this.cluster(cluster);
    const job = this.job(c, id);
    job.state = state ? resolveState(jobStateSchema.parse(state), this.now()) : undefined;
    this.touch(c);
  }

  addGuest(cluster: string, input: GuestInput): Guest {
    const c = this.cluster(cluster);
    const guest = guestSchema.parse(input);
    if (c.guests.has(guest.vmid)) throw new Error(`guest ${guest.vmid} already exists`);
    this.node(c, guest.node);
    c.guests.set(guest.vmid, guest);
    this.touch(c);
    return guest;
  }

  removeGuest(cluster: string, vmid: number): void {
    const c = this.cluster(cluster);
    if (!c.guests.delete(vmid)) throw new Error(`guest ${vmid} does not exist`);
    this.touch(c);
  }

  /** The guest now lives on `node` (migration or HA recovery); job configs are left as they are. */
  moveGuest(cluster: string, vmid: number, node: string): void {
    const c = this.cluster(cluster);
    const guest = c.guests.get(vmid);
    if (!guest) throw new Error(`guest ${vmid} does not exist`);
    this.node(c, node);
    guest.node = node;
    this.touch(c);
  }

  setNodeOnline(cluster: string, node: string, online: boolean): void {
    const c = this.cluster(cluster);
    this.node(c, node).online = online;
    this.touch(c);
  }

  /** Replaces the ACLs of a token (user@realm!name) or user (user@realm). */
  setPrivileges(cluster: string, principal: string, privileges: Privileges): void {
    const c = this.cluster(cluster);
    const target =
      c.tokens.find((t) => t.tokenId === principal) ?? c.users.find((u) => u.username === principal);
    if (!target) throw new Error(`no token or user '${principal}'`);
    target.privileges = privilegesSchema.parse(privileges);
    this.touch(c);
  }

  node(c: ClusterRuntime, name: string): SimNode {
    const node = c.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`cluster ${c.name} has no node '${name}'`);
    return node;
  }

  private haResource(c: ClusterRuntime, sid: string): HaResource {
    const resource = c.ha.get(sid);
    if (!resource) throw new Error(`no such resource '${sid}'`);
    return resource;
  }

  private job(c: ClusterRuntime, id: string): Job {
    const job = c.jobs.get(normalizeJobId(id));
    if (!job) throw new Error(`no such replication job '${id}'`);
    return job;
  }
}

function checkJob(job: Job): Job {
  if (job.schedule !== undefined) parseCalendarEvent(job.schedule);
  return job;
}

function resolveJob(job: Job, start: number): Job {
  checkJob(job);
  return job.state ? { ...job, state: resolveState(job.state, start) } : job;
}

function resolveState(state: JobState, start: number): JobState {
  const abs = (t: number) => (t < 0 ? start + t : t);
  return { ...state, last_sync: abs(state.last_sync), last_try: abs(state.last_try) };
}
