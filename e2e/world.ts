// What every e2e file shares: where the app's data dir is, a direct SQL connection to the app's
// embedded PostgreSQL (tests compare the UI with the database), and the seeded users.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export function dataDir(): string {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error("E2E_DATA_DIR is not set (playwright.config.ts sets it)");
  return dir;
}

export function databaseUrl(): string {
  const dir = dataDir();
  const server = JSON.parse(fs.readFileSync(path.join(dir, "postgres-server.json"), "utf8")) as {
    port: number;
  };
  const creds = JSON.parse(fs.readFileSync(path.join(dir, "postgres-credentials.json"), "utf8")) as {
    user: string;
    password: string;
  };
  return `postgresql://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${server.port}/proxbox`;
}

let pool: pg.Pool | null = null;

/** A query against the app's own database. */
export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  pool ??= new pg.Pool({ connectionString: databaseUrl(), max: 2 });
  return (await pool.query<T>(text, params)).rows;
}

export async function closeSql(): Promise<void> {
  await pool?.end();
  pool = null;
}

export type Role = "admin" | "operator" | "viewer";

/** Users created by global setup (`proxbox user create`), one per role. */
export const USERS: Record<Role, { username: string; password: string }> = {
  admin: { username: "e2e-admin", password: "e2e-admin-password-1" },
  operator: { username: "e2e-operator", password: "e2e-operator-password-1" },
  viewer: { username: "e2e-viewer", password: "e2e-viewer-password-1" },
};

export const SEED_FILE = () => path.join(dataDir(), "e2e-seed.json");

export interface SeedInfo {
  /** Endpoint ids by name, as the CLI created them. */
  endpoints: Record<string, number>;
}

export function seedInfo(): SeedInfo {
  return JSON.parse(fs.readFileSync(SEED_FILE(), "utf8")) as SeedInfo;
}
