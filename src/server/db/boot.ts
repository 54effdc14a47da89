import "server-only";
import pg from "pg";
import { ConfigError, type Env } from "@/server/env";
import { disconnectDb } from "./client";
import { type ProcessRole, startEmbedded } from "./embedded";
import { migrate } from "./migrate";
import { closePools } from "./pools";

export interface BootedDatabase {
  url: string;
  embedded: boolean;
  owner: boolean;
  stop(): Promise<void>;
}

/** Starts (or attaches to) the database, applies migrations, and points the Prisma client at it. */
export async function bootDatabase(
  env: Env,
  role: ProcessRole,
  log: (msg: string) => void = () => undefined,
): Promise<BootedDatabase> {
  let booted: BootedDatabase;
  if (env.DATABASE_URL) {
    await checkExternal(env.DATABASE_URL);
    booted = { url: env.DATABASE_URL, embedded: false, owner: false, stop: async () => undefined };
  } else {
    const handle = await startEmbedded(env.dataDir, role, log);
    booted = { url: handle.url, embedded: true, owner: handle.owner, stop: handle.stop };
  }
  try {
    const result = await migrate(booted.url);
    if (result.applied.length) log(`applied migrations: ${result.applied.join(", ")}`);
  } catch (err) {
    await booted.stop();
    throw err;
  }
  process.env.PROXBOX_RUNTIME_DATABASE_URL = booted.url;
  process.env.PROXBOX_DATABASE_KIND = booted.embedded ? "embedded" : "external";
  // The CLI is the operator's own process: its queries (an inline sync, a big export) are not held to
  // the statement timeout that guards the web server against its callers (see ./client.ts).
  if (role === "cli") process.env.PROXBOX_DB_PURPOSE = "background";
  const stop = booted.stop;
  booted.stop = async () => {
    await disconnectDb();
    await closePools();
    await stop();
  };
  return booted;
}

/**
 * DATABASE_URL is used as given. It should name a role that owns the app database but is not a
 * superuser (CREATE ROLE proxbox LOGIN PASSWORD '…'; CREATE DATABASE proxbox OWNER proxbox): the app
 * needs no more, and a superuser could read files and run programs on the database host.
 */
async function checkExternal(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (err) {
    const safe = url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
    throw new ConfigError(`DATABASE_URL (${safe}): cannot connect: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
