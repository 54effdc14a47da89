import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// The multi-process suite (test/processes): real web processes from the build and `proxbox worker`
// processes against one PostgreSQL. Runs after `npm run build` (the "multi-process" stage of
// scripts/test.mjs), one file at a time: each file starts several servers on a 2-core machine.
// Not mergeConfig: it would append to the base config's include and exclude lists.
export default defineConfig({
  resolve: base.resolve,
  test: {
    ...base.test,
    include: ["test/processes/**/*.test.ts"],
    exclude: [],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
