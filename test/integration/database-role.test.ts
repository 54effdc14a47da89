import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import PgBoss from "pg-boss";
import { afterAll, describe, expect, it } from "vitest";
import { bootDatabase } from "@/server/db/boot";
import { APP_ROLE, startEmbedded } from "@/server/db/embedded";
import { parseEnv } from "@/server/env";

// The embedded database is not used as its superuser: the app connects as an unprivileged role that
// owns the app database and everything in it — in a new data dir and in one created before this rule
// (every object then belonged to the superuser).

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-role-"));
// PostgreSQL runs as the "postgres" user when tests run as root: it must be able to enter the dir.
fs.chmodSync(scratch, 0o755);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const PRIVILEGES = `select current_user as user, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls
  from pg_roles where rolname = current_user`;

/** Objects in the app database's own schemas that the app role does not own. */
const FOREIGN_OWNED = `
  select 'relation ' || c.oid::regclass::text as obj from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('public', 'pgboss', 'legacy') and c.relowner <> current_user::regrole
  union all select 'type ' || t.oid::regtype::text from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where n.nspname in ('public', 'pgboss', 'legacy') and t.typowner <> current_user::regrole
  union all select 'routine ' || p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('public', 'pgboss', 'legacy') and p.proowner <> current_user::regrole
  union all select 'schema ' || nspname from pg_namespace
    where nspname in ('pgboss', 'legacy') and nspowner <> current_user::regrole
  union all select 'database ' || datname from pg_database
    where datname = current_database() and datdba <> current_user::regrole`;

/** pg-boss as the app runs it (src/server/sync/queue.ts): creates its schema on first start. */
async function exerciseBoss(url: string): Promise<string | null> {
  const boss = new PgBoss({ connectionString: url, schema: "pgboss", max: 2 });
  boss.on("error", () => undefined);
  await boss.start();
  try {
    await boss.createQueue("role-test").catch(() => undefined);
    return await boss.send("role-test", { n: 1 });
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

describe("the embedded database's app role", () => {
  it("a new data dir: the app connects as an unprivileged owner; migrations, writes and pg-boss work", async () => {
    const dataDir = path.join(scratch, "new");
    const booted = await bootDatabase(parseEnv({ PROXBOX_DATA_DIR: dataDir }), "server");
    try {
      expect(await query(booted.url, PRIVILEGES)).toEqual([
        {
          user: APP_ROLE,
          rolsuper: false,
          rolcreatedb: false,
          rolcreaterole: false,
          rolreplication: false,
          rolbypassrls: false,
        },
      ]);
      const [{ n }] = await query<{ n: number }>(
        booted.url,
        "select count(*)::int as n from _prisma_migrations where finished_at is not null",
      );
      expect(n).toBeGreaterThan(0);
      await query(booted.url, "insert into \"user\" (username, role) values ('alice', 'admin')");
      expect(await exerciseBoss(booted.url)).toBeTruthy();
      expect(await query(booted.url, FOREIGN_OWNED)).toEqual([]);
      // The Prisma client of this process (PROXBOX_RUNTIME_DATABASE_URL) is the app role too.
      expect(process.env.PROXBOX_RUNTIME_DATABASE_URL).toBe(booted.url);
      // The role cannot do what only a superuser can (read server files, create roles or databases).
      await expect(query(booted.url, "select pg_read_file('postgresql.conf')")).rejects.toThrow(
        /permission denied/,
      );
      await expect(query(booted.url, "create role intruder")).rejects.toThrow(/permission denied/);
      await expect(query(booted.url, "create database other")).rejects.toThrow(/permission denied/);
      // Its password sits in the data dir, readable by this OS user only.
      const file = path.join(dataDir, "app-credentials.json");
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(fs.readFileSync(file, "utf8")).user).toBe(APP_ROLE);
      expect(fs.statSync(path.join(dataDir, "postgres-credentials.json")).mode & 0o777).toBe(0o600);
    } finally {
      await booted.stop();
    }
  });

  it("an existing data dir whose objects the superuser owns is taken over at start, data intact", async () => {
    const dataDir = path.join(scratch, "old");
    const env = parseEnv({ PROXBOX_DATA_DIR: dataDir });
    // Make the data dir as the app used to: migrations, data and pg-boss's schema all created by the
    // superuser, no app role. (Booting once, then handing everything back and dropping the role, gives
    // exactly that catalog.) Plus objects of every kind the sweep handles, created by the superuser.
    const first = await bootDatabase(env, "server");
    await first.stop();
    const server = await startEmbedded(dataDir, "server");
    try {
      await query(
        server.adminUrl,
        `reassign owned by ${APP_ROLE} to current_user; drop owned by ${APP_ROLE}; drop role ${APP_ROLE};
         alter database proxbox owner to current_user`,
      );
      fs.rmSync(path.join(dataDir, "app-credentials.json"));
      await exerciseBoss(server.adminUrl);
      await query(
        server.adminUrl,
        `insert into "user" (username, role) values ('bob', 'viewer');
         create schema legacy;
         create type legacy.mood as enum ('ok', 'bad');
         create domain legacy.positive as int check (value > 0);
         create table legacy.note (id serial primary key, mood legacy.mood, n legacy.positive,
           k int generated always as identity);
         create sequence legacy.counter;
         create view legacy.notes as select * from legacy.note;
         create function legacy.twice(int) returns int language sql as 'select $1 * 2';`,
      );
      // The old state: no app role at all, every object the superuser's.
      expect(await query(server.adminUrl, "select 1 from pg_roles where rolname = $1", [APP_ROLE])).toEqual(
        [],
      );
    } finally {
      await server.stop();
    }

    const upgraded = await bootDatabase(env, "server");
    try {
      expect((await query<{ rolsuper: boolean }>(upgraded.url, PRIVILEGES))[0]).toMatchObject({
        user: APP_ROLE,
        rolsuper: false,
      });
      expect(await query(upgraded.url, FOREIGN_OWNED)).toEqual([]);
      expect(await query(upgraded.url, 'select username from "user" order by 1')).toEqual([
        { username: "bob" },
      ]);
      // The app can write everywhere it could before, and pg-boss keeps working on its old schema.
      await query(upgraded.url, "insert into \"user\" (username, role) values ('carol', 'viewer')");
      await query(upgraded.url, "insert into legacy.note (mood, n) values ('ok', 1)");
      expect(
        await query(
          upgraded.url,
          "select legacy.twice(n) as t, nextval('legacy.counter')::int as c from legacy.notes",
        ),
      ).toEqual([{ t: 2, c: 1 }]);
      expect(await exerciseBoss(upgraded.url)).toBeTruthy();
      // A later migration (run as the app role) can alter the taken-over tables.
      await query(
        upgraded.url,
        'alter table "user" add column role_test_probe int; alter table "user" drop column role_test_probe',
      );
    } finally {
      await upgraded.stop();
    }
    // And the next start is a no-op sweep that still succeeds.
    const again = await bootDatabase(env, "server");
    expect(await query(again.url, FOREIGN_OWNED)).toEqual([]);
    await again.stop();
  });
});
