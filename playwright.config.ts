import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// Browser tests run Debian's chromium (never a downloaded browser) against the built app, which runs
// with its own embedded PostgreSQL in a scratch data dir.
const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `proxbox-e2e-${process.pid}`);
// Workers and global setup inherit this: they read the app's database through it (e2e/world.ts).
process.env.E2E_DATA_DIR = dataDir;

export default defineConfig({
  testDir: "e2e",
  // Seeds the app through the simulator and real syncs once the webServer is up (it starts first).
  globalSetup: "./e2e/global-setup.ts",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"], ["json"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "npx tsx e2e/server.ts",
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      PROXBOX_DATA_DIR: dataDir,
      NODE_ENV: "production",
      E2E_DATA_DIR: dataDir,
    },
  },
});
