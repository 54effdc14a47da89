import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { disconnectDb } from "@/server/db/client";
import { migrate } from "@/server/db/migrate";
import { closePools } from "@/server/db/pools";

export function databaseUrl(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for this test file; the Prisma client (`db`) points at it. */
export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<{
  url: string;
  name: string;
  drop(): Promise<void>;
}> {
  const server = inject("pgServerUrl");
  const name = `t_${randomBytes(6).toString("hex")}`;
  await admin(server, `create database ${name}`);
  const url = databaseUrl(server, name);
  if (opts.migrate !== false) await migrate(url);
  process.env.PROXBOX_RUNTIME_DATABASE_URL = url;
  return {
    url,
    name,
    async drop() {
      await disconnectDb();
      await closePools();
      await admin(server, `drop database if exists ${name} with (force)`);
    },
  };
}

/** beforeAll/afterAll wiring for a file that needs a database; returns a getter for its URL. */
export function setupTestDatabase(): () => string {
  let handle: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.drop();
  });
  return () => {
    if (!handle) throw new Error("test database not ready");
    return handle.url;
  };
}
