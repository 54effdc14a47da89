import { type ChildProcess, spawn } from "node:child_process";
import pg from "pg";

// A real `proxbox worker` process for crash tests: node with tsx's loader, no npx/tsx wrapper in
// between, so a signal reaches the worker itself and its exit time is the worker's own.

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Everything written to stderr so far (pino's JSON lines at PROXBOX_LOG_LEVEL). */
  output(): string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

const started: WorkerProcess[] = [];

export function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "worker"], {
    env: {
      ...process.env,
      PROXBOX_RUNTIME_DATABASE_URL: "",
      PROXBOX_LOG_LEVEL: "info",
      PROXBOX_SCHEDULER_INTERVAL_MS: "300",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let out = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const worker: WorkerProcess = { child, pid: child.pid ?? 0, output: () => out, exited };
  started.push(worker);
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (d) => {
      out += String(d);
      if (out.includes("proxbox worker ready")) resolve(worker);
    });
    void exited.then(({ code }) => reject(new Error(`worker exited (${code}): ${out.slice(-800)}`)));
  });
}

/** SIGKILLs every worker still running (afterEach/afterAll). */
export async function killAllWorkers(): Promise<void> {
  for (const w of started.splice(0)) {
    if (w.child.exitCode === null && w.child.signalCode === null) {
      w.child.kill("SIGKILL");
      await w.exited;
    }
  }
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 45_000, what = "condition") {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not reached in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Catches a worker inside the nodes stage's transaction, without racing it: a row lock on one node
 * (taken before the run starts) stops the stage's UPDATE of proxmox_node; `thenHoldEndpoint` swaps it
 * for a lock on the endpoint row, so the stage writes its node rows and stops again at its last
 * statement (the endpoint's time zone), mid-transaction with real writes done.
 */
export async function nodesStageTrap(url: string, endpointId: number, node: string) {
  // Inside a transaction pg_stat_activity is a snapshot taken once: the watcher stays outside one.
  const [nodeHolder, endpointHolder, watcher] = [0, 1, 2].map(() => {
    const c = new pg.Client({ connectionString: url });
    c.on("error", () => undefined); // a restart under test ends these connections
    return c;
  });
  await Promise.all([nodeHolder.connect(), endpointHolder.connect(), watcher.connect()]);
  await nodeHolder.query("begin");
  await nodeHolder.query("select id from proxmox_node where endpoint_id = $1 and name = $2 for update", [
    endpointId,
    node,
  ]);
  const blockedOn = (pattern: string, what: string) =>
    waitUntil(
      async () =>
        (
          await watcher.query(
            `select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'
               and backend_xid is not null and query like $1`,
            [pattern],
          )
        ).rowCount === 1,
      30_000,
      what,
    );
  const preparedId = `proxbox-test-trap-${process.pid}-${Date.now()}`;
  let prepared = false;
  /** Ends the prepared holder over a new connection (the old ones may have gone with a restart). */
  const rollbackPrepared = async () => {
    if (!prepared) return;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`rollback prepared '${preparedId}'`);
      prepared = false;
    } finally {
      await c.end();
    }
  };
  return {
    /** Resolves once the stage waits on the node row (its transaction open, staging written). */
    blockedOnNode: () => blockedOn("%update proxmox_node t set%", "nodes stage blocked on the node row"),
    /**
     * Lets the node rows be written, then stops the stage at the endpoint's time zone update.
     * `acrossRestart` holds the endpoint row from a prepared transaction: a plain holder's backend
     * is ended by a restart like the stage's, and when it happens to go first the stage gets the
     * row, commits and the restart hits a later stage instead. A prepared transaction outlives its
     * session and the restart, so the stage waits until the restart ends it.
     */
    async thenHoldEndpoint({ acrossRestart = false } = {}) {
      await endpointHolder.query("begin");
      await endpointHolder.query("select id from proxmox_endpoint where id = $1 for update", [endpointId]);
      if (acrossRestart) {
        await endpointHolder.query(`prepare transaction '${preparedId}'`);
        prepared = true;
      }
      await nodeHolder.query("rollback");
      await blockedOn("update proxmox_endpoint set timezone%", "nodes stage blocked after writing node rows");
    },
    /** Releases every lock held. */
    async release() {
      await Promise.all([nodeHolder, endpointHolder].map((c) => c.query("rollback").catch(() => undefined)));
      await rollbackPrepared();
    },
    /** True while some other session of this database still has a transaction open. */
    async othersInTransaction() {
      const r = await watcher.query(
        "select 1 from pg_stat_activity where datname = current_database() and backend_xid is not null and pid <> pg_backend_pid()",
      );
      return (r.rowCount ?? 0) > 0;
    },
    async end() {
      await rollbackPrepared();
      await Promise.all([nodeHolder, endpointHolder, watcher].map((c) => c.end().catch(() => undefined)));
    },
  };
}
