// What the multi-process benchmarks (scale-out, many-endpoints) share: a scratch embedded PostgreSQL,
// migrated, and the multi-process harness of test/processes on it, all stopped and removed afterwards.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { disconnectDb } from "@/server/db/client";
import { startEmbedded } from "@/server/db/embedded";
import { migrate } from "@/server/db/migrate";
import { closePools } from "@/server/db/pools";
import { stopBoss } from "@/server/sync/queue";
import { type HarnessOptions, ProcessHarness } from "../test/processes/harness";

/** Runs `body` with `endpoints` simulated endpoints on a fresh database; cleans up whatever happens. */
export async function withBenchHarness(
  endpoints: number,
  opts: Omit<HarnessOptions, "databaseUrl">,
  body: (h: ProcessHarness) => Promise<void>,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-bench-procs-"));
  fs.chmodSync(dir, 0o755); // PostgreSQL (run as its own user) must traverse it
  const pgHandle = await startEmbedded(path.join(dir, "db"), "server");
  let h: ProcessHarness | undefined;
  try {
    await migrate(pgHandle.url);
    process.env.PROXBOX_RUNTIME_DATABASE_URL = pgHandle.url;
    h = await ProcessHarness.start(endpoints, { ...opts, databaseUrl: pgHandle.url });
    await body(h);
  } finally {
    await h?.close();
    await stopBoss();
    await disconnectDb();
    await closePools();
    await pgHandle.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
