// `npm test`: every check in order — type-check, lint, unit + integration (vitest), e2e (Playwright) —
// then one closing line with the totals. Stops at the first failing stage.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const stages = [
  ["type-check", "npx", ["tsc", "--noEmit"]],
  ["lint", "npx", ["biome", "check", "."]],
  [
    "unit + integration",
    "npx",
    ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json"],
  ],
  ["build", "npx", ["next", "build"]],
  ["e2e", "npx", ["playwright", "test"]],
];
const only = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;

for (const [name, cmd, args] of stages) {
  if (only && !name.includes(only)) continue;
  console.log(`\n=== ${name}: ${cmd} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, {
    stdio: "inherit",
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: "test-results/playwright.json" },
  });
  console.log(
    `=== ${name}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (name === "unit + integration" && fs.existsSync("test-results/vitest.json")) {
    const report = JSON.parse(fs.readFileSync("test-results/vitest.json", "utf8"));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  }
  if (name === "e2e" && fs.existsSync("test-results/playwright.json")) {
    const stats = JSON.parse(fs.readFileSync("test-results/playwright.json", "utf8")).stats;
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
    skipped += stats.skipped;
  }
  if (result.status !== 0) {
    console.log(`\ntests: ${passed} passed, ${Math.max(failed, 1)} failed, ${skipped} skipped`);
    process.exit(result.status ?? 1);
  }
}
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
