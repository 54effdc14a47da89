import { spawnSync } from "node:child_process";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrate } from "@/server/db/migrate";
import { createTestDatabase } from "../helpers/db";

// Proves the committed migrations produce exactly the schema that schema.prisma describes: one database
// gets the committed migrations, another gets the SQL Prisma generates from schema.prisma today, and
// their catalogs must be identical.

const CATALOG_QUERIES = {
  columns: `select table_name, column_name, data_type, udt_name, is_nullable, column_default
            from information_schema.columns where table_schema = 'public' and table_name <> '_prisma_migrations'
            order by 1, 2`,
  indexes: `select tablename, indexname, indexdef from pg_indexes
            where schemaname = 'public' and tablename <> '_prisma_migrations' order by 1, 2`,
  constraints: `select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def
            from pg_constraint where connamespace = 'public'::regnamespace
            and conrelid::regclass::text <> '_prisma_migrations' order by 1, 2`,
  enums: `select t.typname, e.enumlabel, e.enumsortorder from pg_type t join pg_enum e on e.enumtypid = t.oid
            order by 1, 3`,
};

async function catalog(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, unknown[]> = {};
    for (const [key, sql] of Object.entries(CATALOG_QUERIES)) out[key] = (await client.query(sql)).rows;
    return out;
  } finally {
    await client.end();
  }
}

describe("migrations", () => {
  const dbs: Array<{ drop(): Promise<void> }> = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  it("apply once, then find nothing pending", async () => {
    const migrated = await createTestDatabase({ migrate: false });
    dbs.push(migrated);
    const first = await migrate(migrated.url);
    expect(first.applied.length).toBeGreaterThan(0);
    const second = await migrate(migrated.url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(first.applied.length);
  });

  it("match schema.prisma exactly (no drift)", async () => {
    const fromMigrations = await createTestDatabase();
    dbs.push(fromMigrations);
    const fromSchema = await createTestDatabase({ migrate: false });
    dbs.push(fromSchema);
    const diff = spawnSync(
      process.execPath,
      [
        "scripts/prisma.mjs",
        "migrate",
        "diff",
        "--from-empty",
        "--to-schema-datamodel",
        "prisma/schema.prisma",
        "--script",
      ],
      { encoding: "utf8", env: { ...process.env, PRISMA_CLI_DATABASE_URL: fromSchema.url } },
    );
    expect(diff.status, diff.stderr).toBe(0);
    expect(diff.stdout).toContain("CREATE TABLE");
    const client = new pg.Client({ connectionString: fromSchema.url });
    await client.connect();
    await client.query(diff.stdout);
    await client.end();
    const [a, b] = await Promise.all([catalog(fromMigrations.url), catalog(fromSchema.url)]);
    expect(a.columns.length).toBeGreaterThan(50);
    // pg_trgm GIN indexes (*_trgm) and partial indexes (*_partial) exist only as migration SQL, which
    // schema.prisma cannot express.
    const sqlOnly = (a.indexes as { indexname: string }[]).filter((i) =>
      /_(trgm|partial)$/.test(i.indexname),
    );
    expect(sqlOnly.map((i) => i.indexname)).toEqual(
      expect.arrayContaining(["replication_target_trgm", "alert_delivery_collecting_partial"]),
    );
    a.indexes = a.indexes.filter((i) => !sqlOnly.includes(i as { indexname: string }));
    expect(a).toEqual(b);
  });
});
