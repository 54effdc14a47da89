// `npm test`: every check in order — type-check, lint, unused code, unit + integration (vitest), build,
// multi-process (vitest, test/processes: web and worker processes from the build), e2e (Playwright) —
// then a scan of everything the run printed for known secrets, and one closing line with the totals. Stops at the first failing stage. `node scripts/test.mjs build e2e` runs only the
// stages whose names contain one of the words given.
//
// Before any stage, when the e2e stage will run, it finds the Chromium Playwright will drive
// (scripts/find-browser.mjs): a machine without one learns it, and the fix, in the first seconds
// rather than after the five minutes of the other stages.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { browserEnv, findBrowser, NoBrowserError } from "./find-browser.mjs";

const stages = [
  ["type-check", "npx", ["tsc", "--noEmit"]],
  ["lint", "npx", ["biome", "check", "."]],
  // Unused files, exports and dependencies (knip.json names the entry points).
  ["unused code", "npx", ["knip", "--no-progress"]],
  [
    "unit + integration",
    "npx",
    ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json"],
  ],
  // The Next app and the compiled server and CLI (dist/), as `npm start` runs them.
  ["build", "npm", ["run", "-s", "build"]],
  // Several web processes (from the build) and `proxbox worker` processes on one PostgreSQL (test/processes).
  [
    "multi-process",
    "npx",
    [
      "vitest",
      "run",
      "--config",
      "vitest.processes.config.ts",
      "--reporter=default",
      "--reporter=json",
      "--outputFile.json=test-results/vitest-processes.json",
    ],
  ],
  ["e2e", "npx", ["playwright", "test"]],
];
const only = process.argv.slice(2);
const selected = stages.filter(([name]) => only.length === 0 || only.some((word) => name.includes(word)));
const totals = { passed: 0, failed: 0, skipped: 0 };
// Outside test-results/, which Playwright empties when it starts.
fs.mkdirSync(".test-output", { recursive: true });
const transcript = fs.createWriteStream(".test-output/transcript.log");

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...browser, PLAYWRIGHT_JSON_OUTPUT_NAME: "test-results/playwright.json" },
    });
    child.stdout.on("data", (d) => {
      process.stdout.write(d);
      transcript.write(d);
    });
    child.stderr.on("data", (d) => {
      process.stderr.write(d);
      transcript.write(d);
    });
    child.on("close", (code) => resolve(code ?? 1));
  });
}

const vitestReports = {
  "unit + integration": "test-results/vitest.json",
  "multi-process": "test-results/vitest-processes.json",
};

function count(name) {
  const vitestReport = vitestReports[name];
  if (vitestReport && fs.existsSync(vitestReport)) {
    const report = JSON.parse(fs.readFileSync(vitestReport, "utf8"));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  }
  if (name === "e2e" && fs.existsSync("test-results/playwright.json")) {
    const stats = JSON.parse(fs.readFileSync("test-results/playwright.json", "utf8")).stats;
    totals.passed += stats.expected + stats.flaky;
    totals.failed += stats.unexpected;
    totals.skipped += stats.skipped;
  }
}

/** Every Proxmox secret and password the tests use must be absent from all output (logs included). */
function secretsInTranscript() {
  const demo = JSON.parse(fs.readFileSync("src/simulator/scenarios/demo.json", "utf8"));
  const secrets = demo.clusters.flatMap((c) => [
    ...(c.tokens ?? []).map((t) => t.secret),
    ...(c.users ?? []).map((u) => u.password),
  ]);
  const text = fs.readFileSync(".test-output/transcript.log", "utf8");
  return secrets.filter((s) => s && text.includes(s));
}

function finish(code) {
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(code);
}

let browser = {};
if (selected.some(([name]) => name === "e2e")) {
  try {
    const found = await findBrowser();
    browser = browserEnv(found);
    console.log(`browser for e2e: ${found.executablePath} (${found.source})`);
  } catch (err) {
    if (!(err instanceof NoBrowserError)) throw err;
    console.error(`\nnpm test cannot run the browser tests: ${err.message}`);
    totals.failed = 1;
    finish(1);
  }
}

for (const [name, cmd, args] of selected) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(" ")}`);
  const started = Date.now();
  const status = await run(cmd, args);
  console.log(
    `=== ${name}: ${status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  count(name);
  if (status !== 0) {
    totals.failed = Math.max(totals.failed, 1);
    finish(status);
  }
}
await new Promise((r) => transcript.end(r));
const leaked = secretsInTranscript();
console.log(
  `\n=== secrets scan: ${leaked.length === 0 ? "no known secret in the test output" : `LEAKED ${leaked.length} secret(s)`}`,
);
if (leaked.length) {
  totals.failed += 1;
  finish(1);
}
finish(0);
