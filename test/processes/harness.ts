import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { createApiToken, createSession, createUser } from "@/server/auth/service";
import { freePort } from "@/server/db/embedded";
import type { FaultSpecJson } from "@/simulator/faults";
import type { ScenarioInput } from "@/simulator/scenario";
import { startTestSimulator, type TestEndpoint } from "@/simulator/test-helper";
import { endpointForCluster } from "../sync/helpers";
import { fullSyncPaths } from "../sync/sync-paths";

// Several real Proxbox processes on one PostgreSQL, as an operator scales out: web processes started
// from the build (dist/server.js + .next, as `npm start` runs them) and `proxbox worker` processes
// (the compiled CLI), plus one in-process Proxmox simulator with K small clusters. Each child runs in
// its own process group so a stop reaches everything it started. No vitest import here: the
// benchmarks (bench/scale-out.ts, bench/many-endpoints.ts) drive the same harness.

const root = path.resolve(import.meta.dirname, "..", "..");

export type FaultProfile = "healthy" | "slow" | "flapping";

export interface HarnessEndpoint {
  id: number;
  name: string;
  cluster: string;
  profile: FaultProfile;
  /** Jobs, guests and nodes the simulator serves for this cluster (what one full sync must store). */
  jobs: number;
  guests: number;
  nodes: number;
}

export interface ProxboxProcess {
  kind: "web" | "worker";
  child: ChildProcess;
  pid: number;
  /** web only: http://127.0.0.1:<port> */
  url?: string;
  /** Last 64 KiB of stderr + stdout, for failure messages. */
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
}

/** The simulator, in this process or in a child process: faults and request counts, asynchronously. */
export interface SimControl {
  endpointFor(cluster: string): TestEndpoint;
  addFault(spec: FaultSpecJson): Promise<number>;
  removeFault(id: number): Promise<void>;
  countRequests(filter: { cluster?: string; status?: number; path?: string }): Promise<number>;
  close(): Promise<void>;
}

async function inProcessSimulator(scenario: ScenarioInput): Promise<SimControl> {
  const sim = await startTestSimulator(scenario);
  return {
    endpointFor: (cluster) => sim.endpointFor(cluster),
    addFault: async (spec) => sim.faults.addJson(spec),
    removeFault: async (id) => sim.faults.remove(id),
    countRequests: async (filter) => sim.countRequests(filter),
    close: () => sim.close(),
  };
}

/**
 * The simulator as its own process at the lowest CPU priority (nice 19): it stands for Proxmox hosts
 * elsewhere, so its TLS handshakes and JSON must not take this machine's two cores from the processes
 * measured (benchmarks). Driven through its admin API (POST /__sim/, src/simulator/README.md).
 */
async function childSimulator(scenario: ScenarioInput, dir: string): Promise<SimControl> {
  const file = path.join(dir, "scenario.json");
  fs.writeFileSync(file, JSON.stringify(scenario));
  const child = spawn(
    "nice",
    [
      "-n",
      "19",
      process.execPath,
      "--import",
      "tsx",
      "src/simulator/main.ts",
      "--scenario",
      file,
      "--auth-delay-ms",
      "0",
      "--host",
      "127.0.0.1",
    ],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let out = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  child.stderr?.on("data", (d) => {
    out += String(d);
  });
  const deadline = Date.now() + 60_000;
  while (!out.includes("Admin API:")) {
    if (child.exitCode !== null) throw new Error(`simulator exited (${child.exitCode}):\n${out}`);
    if (Date.now() > deadline) throw new Error(`simulator not ready in 60 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const endpoints = new Map<string, TestEndpoint>();
  for (const block of out.split("\n\n").slice(1)) {
    const name = block.split("\n")[0].trim();
    const field = (key: string) => new RegExp(`^\\s+${key}\\s+(\\S+)`, "m").exec(block)?.[1];
    const url = field("url");
    const fingerprint = field("fingerprint");
    const tokenId = field("token");
    const secret = field("secret");
    if (url && fingerprint && tokenId && secret) endpoints.set(name, { url, fingerprint, tokenId, secret });
  }
  const adminUrl = new URL("/__sim/", [...endpoints.values()][0].url);
  const op = (name: string, ...args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      const body = JSON.stringify({ op: name, args });
      // The simulator's self-signed certificate, on loopback: a test tool's control channel.
      const req = https.request(
        adminUrl,
        { method: "POST", rejectUnauthorized: false, headers: { "Content-Type": "application/json" } },
        (res) => {
          let text = "";
          res.on("data", (d) => {
            text += String(d);
          });
          res.on("end", () => {
            const answer = JSON.parse(text) as { ok?: boolean; result?: unknown; error?: string };
            if (answer.ok) resolve(answer.result);
            else reject(new Error(`simulator ${name}: ${answer.error ?? text}`));
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  return {
    endpointFor(cluster) {
      const e = endpoints.get(cluster);
      if (!e) throw new Error(`the simulator serves no cluster ${cluster}`);
      return e;
    },
    addFault: async (spec) => (await op("addFault", spec)) as number,
    removeFault: async (id) => {
      await op("removeFault", id);
    },
    countRequests: async (filter) => (await op("countRequests", filter)) as number,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-(child.pid ?? 0), "SIGTERM");
      await exited;
    },
  };
}

export interface HarnessOptions {
  /** An empty or migrated database the children share (DATABASE_URL). */
  databaseUrl: string;
  /** Per-call latency of the "slow" profile. */
  slowDelayMs?: number;
  /** Profile of endpoint i (default: healthy, slow, flapping in turn). */
  profileOf?: (i: number) => FaultProfile;
  /** Jobs per simulated cluster (default 4). */
  jobsPerCluster?: number;
  /** Latency of every call to a healthy or flapping cluster (benchmarks: an I/O-bound sync). */
  baseDelayMs?: number;
  /** "child": the simulator in its own low-priority process (benchmarks); default in this process. */
  simulator?: "in-process" | "child";
}

/** The same key in every process: endpoints are encrypted by one and decrypted by another. */
const secretKey = randomBytes(32).toString("hex");

/**
 * The build the children run: .next must exist (`npm run build`; the "multi-process" stage of `npm test`
 * runs after "build"); dist/server.js and dist/cli.js are recompiled here when older than their sources
 * (esbuild, well under a second), as `npm start` and `proxbox` do.
 */
export function ensureBuilt(): void {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new Error("the Next app is not built: run `npm run build` first");
  }
  const bundled = spawnSync(
    process.execPath,
    ["-e", "import('./scripts/bundle.mjs').then((m) => m.bundleIfStale(['server', 'cli']))"],
    { cwd: root, stdio: "inherit" },
  );
  if (bundled.status !== 0) throw new Error("could not compile dist/server.js and dist/cli.js");
}

/** K small clusters: two online nodes, a guest per job, every job's source set (no config side effect). */
export function smallClusters(k: number, jobsPerCluster = 4): ScenarioInput {
  return {
    clusters: Array.from({ length: k }, (_, c) => ({
      name: `pve-${String(c + 1).padStart(2, "0")}`,
      nodes: [
        { name: "pve1", ip: "10.0.0.1", nodeid: 1 },
        { name: "pve2", ip: "10.0.0.2", nodeid: 2 },
      ],
      guests: Array.from({ length: jobsPerCluster }, (_, g) => ({
        vmid: 100 + g,
        type: g % 2 ? ("lxc" as const) : ("qemu" as const),
        node: g % 2 ? "pve2" : "pve1",
        name: `guest-${g}`,
      })),
      storages: [
        { storage: "local-zfs", node: "pve1", type: "zfspool" },
        { storage: "local-zfs", node: "pve2", type: "zfspool" },
      ],
      jobs: Array.from({ length: jobsPerCluster }, (_, g) => ({
        id: `${100 + g}-0`,
        source: g % 2 ? "pve2" : "pve1",
        target: g % 2 ? "pve1" : "pve2",
        schedule: "*/15",
        state: { last_sync: -600, last_try: -600, fail_count: 0, duration: 2.5 },
      })),
      tokens: [{ tokenId: "root@pam!proxbox", secret: randomUUID(), privileges: { "/": ["*"] } }],
    })),
  };
}

const PROFILES: FaultProfile[] = ["healthy", "slow", "flapping"];

export class ProcessHarness {
  readonly processes: ProxboxProcess[] = [];
  endpoints: HarnessEndpoint[] = [];
  /** `Authorization` header value of an admin's write token. */
  authorization = "";
  private adminId = 0;
  private dirs: string[] = [];

  private constructor(
    readonly sim: SimControl,
    private readonly opts: HarnessOptions,
  ) {}

  /**
   * Starts the simulator with `clusters` clusters and registers one endpoint per cluster, each with its
   * fault profile applied in the simulator. The caller's Prisma client must already point at
   * opts.databaseUrl (PROXBOX_RUNTIME_DATABASE_URL), migrated.
   */
  static async start(clusters: number, opts: HarnessOptions): Promise<ProcessHarness> {
    process.env.PROXBOX_SECRET_KEY = secretKey; // this process encrypts the endpoints' secrets
    const scenario = smallClusters(clusters, opts.jobsPerCluster);
    const simDir = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-sim-"));
    const sim =
      opts.simulator === "child"
        ? await childSimulator(scenario, simDir)
        : await inProcessSimulator(scenario);
    const h = new ProcessHarness(sim, opts);
    h.dirs.push(simDir);
    const profileOf = opts.profileOf ?? ((i: number) => PROFILES[i % PROFILES.length]);
    for (const [i, c] of scenario.clusters.entries()) {
      const view = await endpointForCluster(sim, c.name, { name: c.name, requestTimeoutMs: 10_000 });
      const profile = profileOf(i);
      h.endpoints.push({
        id: view.id,
        name: c.name,
        cluster: c.name,
        profile,
        jobs: c.jobs?.length ?? 0,
        guests: c.guests?.length ?? 0,
        nodes: c.nodes.length,
      });
      await h.applyProfile(c.name, profile);
    }
    const admin = await createUser({ username: `admin-${randomUUID().slice(0, 8)}`, role: "admin" });
    h.adminId = admin.id;
    h.authorization = `Bearer ${(await createApiToken({ userId: admin.id, write: true })).plaintext}`;
    return h;
  }

  /**
   * slow: every call waits. flapping: every other call to each API path answers 500, the first one
   * included (a one-off rule, then `every: 2`), so each GET's retry lands on a good answer.
   * Counted per path, not per cluster: with one counter for all of a cluster's calls, the sync's
   * concurrent prefetches fail and retry in step and some call meets a 500 on all three attempts
   * (runs end partial or failed depending on the interleaving; see the report of issue 12).
   */
  async applyProfile(cluster: string, profile: FaultProfile): Promise<void> {
    if (profile === "slow")
      await this.sim.addFault({ cluster, path: "/*", delayMs: this.opts.slowDelayMs ?? 300 });
    if (profile === "flapping") await this.addFlapping(cluster);
    // After the flapping rules: the first applicable rule wins, so a call they pass over gets the delay.
    if (profile !== "slow" && this.opts.baseDelayMs) {
      await this.sim.addFault({ cluster, path: "/*", delayMs: this.opts.baseDelayMs });
    }
  }

  private async addFlapping(cluster: string): Promise<void> {
    const paths = fullSyncPaths(["pve1", "pve2"]);
    for (const path of paths) {
      await this.sim.addFault({ cluster, path, status: 500, times: 1 });
      await this.sim.addFault({ cluster, path, status: 500, every: 2 });
    }
  }

  private env(extra: Record<string, string>): NodeJS.ProcessEnv {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-proc-"));
    this.dirs.push(dataDir);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: this.opts.databaseUrl,
      PROXBOX_DATA_DIR: dataDir,
      PROXBOX_SECRET_KEY: secretKey,
      PROXBOX_LOG_LEVEL: "info",
      PROXBOX_LOG_FORMAT: "json",
      ...extra,
    };
    // Handed over by the test's own database setup; a child finds its database through DATABASE_URL.
    delete env.PROXBOX_RUNTIME_DATABASE_URL;
    delete env.PROXBOX_DATABASE_KIND;
    delete env.PROXBOX_DB_PURPOSE;
    return env;
  }

  private spawn(kind: "web" | "worker", args: string[], env: NodeJS.ProcessEnv): ProxboxProcess {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group: stop() reaches everything it started
    });
    let out = "";
    const keep = (d: Buffer) => {
      out = (out + String(d)).slice(-65_536);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const exited = new Promise<number | string>((resolve) =>
      child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
    );
    const p: ProxboxProcess = { kind, child, pid: child.pid ?? -1, output: () => out, exited };
    this.processes.push(p);
    return p;
  }

  /** A web process from the build; no sync worker unless `worker: true`. Ready when /api/health is 200. */
  async startWeb(opts: { worker?: boolean; env?: Record<string, string> } = {}): Promise<ProxboxProcess> {
    const port = await freePort();
    const env = this.env({
      PORT: String(port),
      HOST: "127.0.0.1",
      PROXBOX_WORKER: opts.worker ? "on" : "off",
      ...opts.env,
    });
    const p = this.spawn("web", ["--enable-source-maps", "dist/server.js"], env);
    p.url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (p.child.exitCode !== null)
        throw new Error(`web process exited (${p.child.exitCode}):\n${p.output()}`);
      try {
        if ((await fetch(`${p.url}/api/health`)).ok) return p;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`web process not healthy in 90 s:\n${p.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** `proxbox worker` (the compiled CLI); ready at its "proxbox worker ready" log line. */
  async startWorker(env: Record<string, string> = {}): Promise<ProxboxProcess> {
    const p = this.spawn("worker", ["scripts/proxbox.mjs", "worker"], this.env(env));
    const deadline = Date.now() + 60_000;
    while (!p.output().includes("proxbox worker ready")) {
      if (p.child.exitCode !== null) throw new Error(`worker exited (${p.child.exitCode}):\n${p.output()}`);
      if (Date.now() > deadline) throw new Error(`worker not ready in 60 s:\n${p.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return p;
  }

  /** The worker id its runs carry (src/server/sync/queue.ts workerId). */
  static workerIdOf(p: ProxboxProcess): string {
    return `${os.hostname()}:${p.pid}`;
  }

  /** `Cookie` header value of a signed-in session of the admin (for the UI pages). */
  async sessionCookie(): Promise<string> {
    return `proxbox_session=${(await createSession(this.adminId)).cookieValue}`;
  }

  /** A REST call to a web process as the admin. */
  async api(web: ProxboxProcess, method: string, apiPath: string, body?: unknown): Promise<Response> {
    return fetch(`${web.url}${apiPath}`, {
      method,
      headers: {
        Authorization: this.authorization,
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** POST …/endpoints/{id}/sync/: the run's id and whether this request created it (202) or joined it (200). */
  async syncNow(
    web: ProxboxProcess,
    endpointId: number,
    kind: "full" | "replications" = "full",
  ): Promise<{ runId: number; status: number }> {
    const res = await this.api(web, "POST", `/api/plugins/proxbox/endpoints/${endpointId}/sync/`, { kind });
    const text = await res.text();
    if (res.status !== 200 && res.status !== 202)
      throw new Error(`sync of ${endpointId}: ${res.status} ${text}`);
    return { runId: (JSON.parse(text) as { id: number }).id, status: res.status };
  }

  /** Sends `signal` to the process group; resolves with the exit status and the ms it took (or throws). */
  async stop(p: ProxboxProcess, signal: NodeJS.Signals = "SIGTERM", boundMs = 30_000) {
    const t0 = Date.now();
    signalGroup(p, signal);
    const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), boundMs).unref());
    const status = await Promise.race([p.exited, timeout]);
    return { status, ms: Date.now() - t0 };
  }

  /** Ends every child's whole process group (SIGKILL after 5 s) and the simulator. */
  async close(): Promise<void> {
    await Promise.all(
      this.processes.map(async (p) => {
        if (p.child.exitCode !== null || p.child.signalCode !== null) return;
        signalGroup(p, "SIGTERM");
        const late = setTimeout(() => signalGroup(p, "SIGKILL"), 5000);
        await p.exited;
        clearTimeout(late);
        signalGroup(p, "SIGKILL"); // anything left in the group
      }),
    );
    await this.sim.close();
    for (const d of this.dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

function signalGroup(p: ProxboxProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-p.pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err; // already gone
  }
}

/** Polls `check` every `everyMs` until it returns a truthy value; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
