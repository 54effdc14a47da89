import "server-only";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

// Applies the committed prisma/migrations/*/migration.sql files in order, recording them in Prisma's
// own _prisma_migrations table (same columns and checksums), so `prisma migrate status` agrees.
// A small runner over pg instead of `prisma migrate deploy`: the CLI's wasm engine lingers ~10 s and
// needs an OID workaround (see ../shared/spec/stack.md). An advisory lock serialises concurrent starts.

const LOCK_KEY = 72_707_369; // arbitrary, constant: "proxbox migrations"

export function migrationsDir(): string {
  return process.env.PROXBOX_MIGRATIONS_DIR ?? path.resolve(process.cwd(), "prisma", "migrations");
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(url: string, dir = migrationsDir()): Promise<MigrationResult> {
  const names = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(`create table if not exists _prisma_migrations (
      id varchar(36) primary key, checksum varchar(64) not null, finished_at timestamptz,
      migration_name varchar(255) not null, logs text, rolled_back_at timestamptz,
      started_at timestamptz not null default now(), applied_steps_count integer not null default 0)`);
    const done = await client.query<{ migration_name: string; checksum: string }>(
      "select migration_name, checksum from _prisma_migrations where finished_at is not null and rolled_back_at is null",
    );
    const doneByName = new Map(done.rows.map((r) => [r.migration_name, r.checksum]));
    const applied: string[] = [];
    for (const name of names) {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const previous = doneByName.get(name);
      if (previous) {
        if (previous !== checksum) throw new Error(`migration ${name} was modified after it was applied`);
        continue;
      }
      await client.query("begin");
      try {
        await client.query(sql);
        await client.query(
          "insert into _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) values ($1, $2, now(), $3, 1)",
          [randomUUID(), checksum, name],
        );
        await client.query("commit");
      } catch (err) {
        await client.query("rollback");
        throw new Error(`migration ${name} failed: ${(err as Error).message}`);
      }
      applied.push(name);
    }
    return { applied, alreadyApplied: doneByName.size };
  } finally {
    await client.query("select pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
