import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname, "src"),
      // Tests are server code: the `server-only` mark resolves to nothing here (see src/server/server-only.ts).
      "server-only": path.resolve(import.meta.dirname, "src/server/server-only.ts"),
    },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Needs the build and starts many processes: its own stage (vitest.processes.config.ts).
    exclude: [...configDefaults.exclude, "test/processes/**"],
    // One embedded PostgreSQL server for the whole run; each test file gets a fresh database.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { PROXBOX_LOG_LEVEL: process.env.PROXBOX_LOG_LEVEL ?? "fatal" },
  },
});
