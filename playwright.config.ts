import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { browserEnv, findBrowser } from "./scripts/find-browser.mjs";

// Browser tests run a Chromium found by scripts/find-browser.mjs (never downloaded by a test tool)
// against the built app — the compiled server, dist/server.js — which runs with its own embedded
// PostgreSQL in a scratch data dir.
const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `proxbox-e2e-${process.pid}`);
// Workers and global setup inherit this: they read the app's database through it (e2e/world.ts).
process.env.E2E_DATA_DIR = dataDir;
// `npm test` finds the browser before its first stage and passes it down; a bare `npx playwright test`
// searches here. Workers inherit the answer.
if (!process.env.PROXBOX_BROWSER_PATH) Object.assign(process.env, browserEnv(await findBrowser()));
const browserArgs: string[] = JSON.parse(process.env.PROXBOX_BROWSER_ARGS ?? "[]");

export default defineConfig({
  testDir: "e2e",
  // Seeds the app through the simulator and real syncs once the webServer is up (it starts first).
  globalSetup: "./e2e/global-setup.ts",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  // A test.only left in by mistake fails CI instead of silently skipping the rest of the suite.
  forbidOnly: !!process.env.CI,
  workers: 1,
  reporter: [["list"], ["json"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: "only-on-failure",
    // A failing test leaves its trace (npx playwright show-trace test-results/…/trace.zip).
    trace: "retain-on-failure",
    launchOptions: { executablePath: process.env.PROXBOX_BROWSER_PATH, args: browserArgs },
  },
  webServer: {
    // The compiled server (scripts/bundle.mjs), as `npm start` runs it; built here when stale.
    command: "node e2e/server.mjs",
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
