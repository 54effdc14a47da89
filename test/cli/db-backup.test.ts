import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, createUser } from "@/server/auth/service";
import { seedReplications } from "../../bench/seed";
import { createTestDatabase, setupTestDatabase } from "../helpers/db";
import { runCli } from "./run-cli";

// `proxbox db backup FILE` / `proxbox db restore FILE [--replace]`: a backup taken while the database is
// being written restores into a fresh database as exactly the same rows, table by table; identities
// continue after the restored ids; bad input or a damaged file is a clear error that changes nothing.

const sourceUrl = setupTestDatabase();
let target: Awaited<ReturnType<typeof createTestDatabase>>;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-backup-test-"));
const file = path.join(dir, "proxbox.backup.gz");
const env = (url: string) => ({
  DATABASE_URL: url,
  PROXBOX_SECRET_KEY: "ab".repeat(32),
  PROXBOX_LOG_LEVEL: "warn",
});

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Every public table (but the migrations log) → row count and a digest of its rows, order-independent. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const tables = await query<{ t: string }>(
    url,
    `select relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and relkind = 'r' and relname <> '_prisma_migrations' order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const [r] = await query<{ n: number; h: string }>(
      url,
      `select count(*)::int as n, md5(coalesce(string_agg(x::text, E'\\n' order by x::text), '')) as h from "${t}" x`,
    );
    out[t] = `${r.n}:${r.h}`;
  }
  return out;
}

beforeAll(async () => {
  const client = new pg.Client({ connectionString: sourceUrl() });
  await client.connect();
  await seedReplications(client, 300);
  await client.query(
    `UPDATE replication SET raw_config = '{"a": [1, {"b": null}], "s": "line\\nbreak \\"q\\""}' WHERE id % 7 = 0`,
  );
  await client.end();
  const user = await createUser({ username: "ada", role: "admin", password: "a long enough password" });
  await createApiToken({ userId: user.id, description: "automation", write: true });
  const source = sourceUrl();
  target = await createTestDatabase();
  process.env.PROXBOX_RUNTIME_DATABASE_URL = source; // createTestDatabase pointed the app at the target
}, 120_000);

afterAll(async () => {
  await target?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("proxbox db backup / restore", () => {
  it("restores a backup taken during writes as the same rows, and ids continue after it", async () => {
    // Writes while the backup runs: the backup is one snapshot, so whatever it holds is consistent.
    const writer = new pg.Client({ connectionString: sourceUrl() });
    await writer.connect();
    let writing = true;
    const writes = (async () => {
      for (let i = 0; writing; i++) {
        await writer.query(
          `WITH u AS (INSERT INTO "user" (username, role) VALUES ($1, 'viewer') RETURNING id)
           INSERT INTO session (id, user_id, expires) SELECT $1, id, now() + interval '1 day' FROM u`,
          [`writer-${i}`],
        );
      }
    })();
    const backup = await runCli(["db", "backup", file], { env: env(sourceUrl()) });
    writing = false;
    await writes;
    await writer.end();
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^backed up \d+ rows of \d+ tables to .*proxbox\.backup\.gz \(\d+ bytes\)/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);

    // The snapshot: the source as it was when the backup's transaction began, minus the later writes.
    const lines = gunzipSync(fs.readFileSync(file)).toString("utf8").trim().split("\n");
    const header = JSON.parse(lines[0]) as { format: string; migrations: string[]; tables: string[] };
    expect(header.format).toBe("proxbox-backup");
    expect(header.tables).toContain("replication");
    expect(header.tables.indexOf("proxmox_endpoint")).toBeLessThan(header.tables.indexOf("replication"));
    const usersInBackup = lines.filter(
      (l) => l.startsWith('{"id"') && l.includes('"username":"writer-'),
    ).length;

    const restore = await runCli(["db", "restore", file], { env: env(target.url) });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/^restored \d+ rows of \d+ tables \(backup of \d{4}-/);

    // Same rows as the source, except the users and sessions written after the snapshot.
    const [after] = await query<{ n: number }>(
      target.url,
      `select count(*)::int as n from "user" where username like 'writer-%'`,
    );
    expect(after.n).toBe(usersInBackup);
    const source = await fingerprint(sourceUrl());
    const restored = await fingerprint(target.url);
    delete source.user;
    delete source.session;
    delete restored.user;
    delete restored.session;
    delete source.rate_limit;
    delete restored.rate_limit;
    expect(restored).toEqual(source);
    expect(Number(restored.replication.split(":")[0])).toBe(300);
    const [users] = await query<{ n: number }>(
      target.url,
      `select count(*)::int as n from "user" where username = 'ada'`,
    );
    expect(users.n).toBe(1);

    // Identities continue after the restored ids: a new row does not collide.
    const [maxId] = await query<{ m: number }>(target.url, "select max(id)::int as m from replication");
    const [fresh] = await query<{ id: number }>(
      target.url,
      `insert into replication (endpoint_id, replication_id, guest, jobnum, target)
         select id, '99999-0', 99999, 0, 'pve1' from proxmox_endpoint limit 1 returning id`,
    );
    expect(fresh.id).toBeGreaterThan(maxId.m);
  }, 180_000);

  it("refuses a database that holds data unless --replace, and then replaces it", async () => {
    const before = await fingerprint(target.url);
    const refused = await runCli(["db", "restore", file], { env: env(target.url) });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "error: the database is not empty: restore with --replace to replace its contents",
    );
    expect(await fingerprint(target.url)).toEqual(before);

    const replaced = await runCli(["db", "restore", "--replace", file], { env: env(target.url) });
    expect(replaced.code, replaced.stderr).toBe(0);
    const [extra] = await query<{ n: number }>(
      target.url,
      "select count(*)::int as n from replication where replication_id = '99999-0'",
    );
    expect(extra.n).toBe(0);
  }, 120_000);

  it("a damaged or foreign file is a clear error and changes nothing", async () => {
    const before = await fingerprint(target.url);
    const damaged = path.join(dir, "damaged.gz");
    const whole = gunzipSync(fs.readFileSync(file)).toString("utf8");
    // Cut inside a line: a broken row.
    fs.writeFileSync(damaged, gzipSync(whole.slice(0, Math.floor(whole.length * 0.6))));
    const broken = await runCli(["db", "restore", "--replace", damaged], { env: env(target.url) });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^error: /m);
    expect(await fingerprint(target.url)).toEqual(before);
    // Cut between lines: every line valid, the end missing.
    const lines = whole.trimEnd().split("\n");
    fs.writeFileSync(damaged, gzipSync(`${lines.slice(0, lines.length - 40).join("\n")}\n`));
    const cut = await runCli(["db", "restore", "--replace", damaged], { env: env(target.url) });
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain("damaged.gz: the backup is incomplete (it ends before its last table)");
    expect(await fingerprint(target.url)).toEqual(before);

    const foreign = path.join(dir, "foreign.gz");
    fs.writeFileSync(foreign, gzipSync('{"hello": "world"}\n'));
    const notOurs = await runCli(["db", "restore", "--replace", foreign], { env: env(target.url) });
    expect(notOurs.code).toBe(1);
    expect(notOurs.stderr).toContain("foreign.gz: not a Proxbox backup");
    const missing = await runCli(["db", "restore", path.join(dir, "nope.gz")], { env: env(target.url) });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no such file");
    expect(await fingerprint(target.url)).toEqual(before);
  }, 120_000);
});
