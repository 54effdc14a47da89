// Where a REST list request's time goes, in process: tsx bench/request-cost.ts [runs=300]
// Seeds 100,000 replications into a scratch embedded PostgreSQL, then times (wall and this process's
// CPU per call) the whole route handler and its parts: filter + count + page, the row loader, the
// serializer, and the same statement through Prisma's raw API, the reader pool and a bare pg client.
// The load benchmark (bench/load.ts) gives the figures under concurrency; this one says why.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbedded } from "@/server/db/embedded";
import { migrate } from "@/server/db/migrate";
import { seedReplications } from "./seed";

process.env.PROXBOX_LOG_LEVEL ??= "fatal";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-phase-"));
fs.chmodSync(dir, 0o755);
const h = await startEmbedded(dir, "server");
await migrate(h.url);
process.env.PROXBOX_RUNTIME_DATABASE_URL = h.url;
const raw = new pg.Client({ connectionString: h.url });
await raw.connect();
await seedReplications(raw, 100000);
const sha = (t: string) => createHash("sha256").update(t).digest("hex");
const u = await raw.query(`INSERT INTO "user" (username, role) VALUES ('b','viewer') RETURNING id`);
const key = randomBytes(6).toString("hex"),
  secret = randomBytes(20).toString("hex");
await raw.query(`INSERT INTO api_token (user_id, key, token_hash) VALUES ($1,$2,$3)`, [
  u.rows[0].id,
  key,
  sha(secret),
]);
const token = `Bearer nbt_${key}.${secret}`;
const { GET } = await import("@/app/api/plugins/proxbox/replications/route");
const { filterPage } = await import("@/server/filters");
const { db } = await import("@/server/db/client");
const { replicationFilterSet } = await import("@/server/replications/filterset");
const { loadDetails } = await import("@/server/replications/load");
const { serializeReplication } = await import("@/server/rest/serializers/replication");
const { parseQuery } = await import("@/server/filters");
const url =
  "http://127.0.0.1:3000/api/plugins/proxbox/replications/?health=error&ordering=-last_sync&limit=50";
const N = Number(
  new Map(process.argv.slice(2).map((a) => a.split("=") as [string, string])).get("runs") ?? 300,
);
async function phase(name: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 30; i++) await fn();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await fn();
  const c = process.cpuUsage(c0);
  const t = performance.now() - t0;
  console.log(
    `${name.padEnd(28)} wall ${(t / N).toFixed(2)} ms  node cpu ${((c.user + c.system) / 1000 / N).toFixed(2)} ms`,
  );
}
await phase("GET handler (full)", async () => {
  const r = await GET(new Request(url, { headers: { authorization: token, host: "127.0.0.1:3000" } }));
  await r.text();
});
const params = parseQuery("health=error&ordering=-last_sync&limit=50");
let ids: number[] = [];
await phase("filterPage", async () => {
  ids = (await filterPage(db, replicationFilterSet, params, "api", { limit: 50, offset: 0 })).ids;
});
let rows: Awaited<ReturnType<typeof loadDetails>> = [];
await phase("loadDetails", async () => {
  rows = await loadDetails(ids);
});
const urlb = (m: string, id: number) => `http://127.0.0.1:3000/api/plugins/proxbox/${m}/${id}/`;
await phase("serialize+stringify", async () => {
  JSON.stringify(rows.map((r) => serializeReplication(r, urlb as never)));
});
const { readRowsText } = await import("@/server/db/reader");
const SQL = `SELECT r.*, e.name AS e_name FROM replication r JOIN proxmox_endpoint e ON e.id = r.endpoint_id WHERE r.id = ANY($1::int[])`;
await phase("detail sql via prisma raw", async () => {
  await db.$queryRawUnsafe(SQL, ids);
});
await phase("detail sql via reader", async () => {
  await readRowsText(SQL, ids);
});
await phase("detail sql via pg client", async () => {
  await raw.query(SQL, [ids]);
});
await phase("select 1 (prisma)", async () => {
  await db.$queryRawUnsafe("select 1");
});
await phase("select 1 (pg)", async () => {
  await raw.query("select 1");
});
await h.stop();
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
