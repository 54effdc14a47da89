// What the database benchmarks (list-page, metrics, coverage) share: a scratch embedded PostgreSQL,
// migrated, the app's connections pointed at it, and a raw client for seeding; all stopped and removed
// afterwards. Also the summary statistics they print.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { disconnectDb } from "@/server/db/client";
import { startEmbedded } from "@/server/db/embedded";
import { migrate } from "@/server/db/migrate";
import { closePools } from "@/server/db/pools";

export interface BenchDatabase {
  dir: string;
  url: string;
  /** A plain client for seeding and baselines (ended by the helper). */
  raw: pg.Client;
}

/** Runs `body` on a fresh, migrated database; cleans up whatever happens. */
export async function withBenchDatabase(
  name: string,
  body: (db: BenchDatabase) => Promise<void>,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `proxbox-bench-${name}-`));
  const pgHandle = await startEmbedded(dir, "server");
  let raw: pg.Client | undefined;
  try {
    await migrate(pgHandle.url);
    process.env.PROXBOX_RUNTIME_DATABASE_URL = pgHandle.url;
    raw = new pg.Client({ connectionString: pgHandle.url });
    await raw.connect();
    raw.on("error", () => undefined); // the server stops at the end, under this client
    await body({ dir, url: pgHandle.url, raw });
  } finally {
    await raw?.end().catch(() => undefined);
    await disconnectDb();
    await closePools();
    await pgHandle.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
export const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
/** Nearest-rank percentile. */
export const percentile = (xs: number[], p: number) =>
  sorted(xs)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)];
