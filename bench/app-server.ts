import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type EmbeddedHandle, startEmbedded } from "@/server/db/embedded";
import { migrate } from "@/server/db/migrate";
import { seedReplications } from "./seed";

// The compiled server (dist/server.js, as `npm start` runs it) over a scratch embedded PostgreSQL seeded
// with <rows> replications, plus a viewer's API token and session: what bench/load.ts and bench/pages.ts drive.

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A viewer with a read-only v2 API token and a signed-in session, written as the app stores them. */
async function credentials(client: pg.Client): Promise<{ token: string; cookie: string }> {
  const user = await client.query<{ id: number }>(
    `INSERT INTO "user" (username, role) VALUES ('bench', 'viewer') RETURNING id`,
  );
  const userId = user.rows[0].id;
  const key = randomBytes(6).toString("hex");
  const secret = randomBytes(20).toString("hex");
  await client.query(`INSERT INTO api_token (user_id, key, token_hash) VALUES ($1, $2, $3)`, [
    userId,
    key,
    sha256(secret),
  ]);
  const session = randomBytes(32).toString("base64url");
  await client.query(`INSERT INTO session (id, user_id, expires) VALUES ($1, $2, now() + interval '1 day')`, [
    sha256(session),
    userId,
  ]);
  return { token: `Bearer nbt_${key}.${secret}`, cookie: `proxbox_session=${session}` };
}

/** Builds the app and the compiled server when stale, serialized with other heavy work on this machine. */
function buildIfNeeded(): void {
  const lock = spawnSync("flock", ["--version"]).status === 0;
  const command = lock
    ? ["flock", "/tmp/proxbox-heavy.lock", process.execPath, "scripts/build-if-needed.mjs"]
    : [process.execPath, "scripts/build-if-needed.mjs"];
  const build = spawnSync(command[0], command.slice(1), { stdio: "inherit" });
  if (build.status !== 0) throw new Error("build failed");
}

async function startServer(
  databaseUrl: string,
  dataDir: string,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server itself:
  // Node refuses --cpu-prof in NODE_OPTIONS.
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...extra, "--enable-source-maps", "dist/server.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      PROXBOX_DATA_DIR: dataDir,
      PROXBOX_LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, child };
    } catch {}
    if (Date.now() > deadline) throw new Error("server did not become healthy");
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface BenchServer {
  url: string;
  rows: number;
  /** `Authorization` header value of a read-only viewer token. */
  token: string;
  /** `Cookie` header value of the same viewer's session. */
  cookie: string;
  stop(): Promise<void>;
}

export async function startBenchServer(rows: number): Promise<BenchServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-bench-server-"));
  fs.chmodSync(dir, 0o755); // PostgreSQL (run as its own user) must traverse it to reach dir/db
  buildIfNeeded();
  let pgHandle: EmbeddedHandle | undefined;
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    await pgHandle?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    pgHandle = await startEmbedded(path.join(dir, "db"), "server");
    await migrate(pgHandle.url);
    const client = new pg.Client({ connectionString: pgHandle.url });
    await client.connect();
    const seeded = await seedReplications(client, rows);
    const { token, cookie } = await credentials(client);
    await client.end();
    const started = await startServer(pgHandle.url, path.join(dir, "app"));
    child = started.child;
    return { url: started.url, rows: seeded, token, cookie, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
