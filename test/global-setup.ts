import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbedded } from "@/server/db/embedded";

// One real PostgreSQL for the whole run (embedded, in a scratch dir; or TEST_DATABASE_URL's server).
// Each test file then creates its own fresh database on it (test/helpers/db.ts).
declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide("pgServerUrl", external);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-test-pg-"));
  fs.chmodSync(dir, 0o755);
  const handle = await startEmbedded(dir, "server");
  // The superuser: test files create and drop their own databases (the app itself connects as an
  // unprivileged role, see src/server/db/embedded.ts).
  project.provide("pgServerUrl", handle.adminUrl);
  return async () => {
    await handle.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
