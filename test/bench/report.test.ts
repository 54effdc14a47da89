// bench/report.ts: the benchmark scripts' JSON (fixtures shaped as bench/sync.ts, list-page.ts, load.ts and
// pages.ts write it) → RESULTS.md with every figure and the right met / not met, a well-formed SVG chart, and
// the CI variant's pass/fail rule (errors, or a ratio more than 5× off its target; never absolute times).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  type BenchInput,
  type Check,
  ciFailures,
  evaluate,
  readListPage,
  readLoad,
  readMetrics,
  readPages,
  readSync,
  renderResults,
  renderSyncChart,
} from "../../bench/report";

const fixture = (name: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "fixtures", `${name}.json`), "utf8"));

const machine = {
  cpu: "AMD EPYC",
  cores: 2,
  ramBytes: 24 * 2 ** 30,
  node: "v20.19.0",
  postgres: "PostgreSQL 18.4",
  os: "Linux 6.1 x64",
};

function fullInput(): BenchInput {
  return {
    mode: "full",
    date: "2026-12-03T01:00:00Z",
    machine,
    scripts: [{ name: "sync", command: "tsx bench/sync.ts jobs=1000", ok: true, wallMs: 61_000 }],
    sync: readSync(fixture("sync")),
    listPage: readListPage(fixture("list-page")),
    load: readLoad(fixture("load")),
    pages: readPages(fixture("pages")),
  };
}

const verdictOf = (checks: Check[], what: string | RegExp) => {
  const found = checks.filter((c) => (typeof what === "string" ? c.what === what : what.test(c.what)));
  expect(found, `one check named ${what}`).toHaveLength(1);
  return found[0].verdict;
};

/** Well-formed XML: parsed by Python's xml.etree (Debian's python3, as test/api/pynetbox.test.ts uses). */
function parseXml(xml: string): { ok: boolean; root?: string; error?: string } {
  const python = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const res = spawnSync(
    python,
    ["-c", "import sys, xml.etree.ElementTree as E; print(E.fromstring(sys.stdin.buffer.read()).tag)"],
    { input: xml, encoding: "utf8" },
  );
  return res.status === 0 ? { ok: true, root: res.stdout.trim() } : { ok: false, error: res.stderr };
}

describe("reading the scripts' JSON", () => {
  it("reads every sync size with wall times, stages, memory and baselines", () => {
    const sync = readSync(fixture("sync"));
    expect(sync.map((s) => s.jobs)).toEqual([1000, 10_000, 50_000, 100_000]);
    expect(sync[1]).toMatchObject({
      firstMs: 2100,
      unchangedMs: 700,
      peakRssBytes: 209_715_200,
      fetchParseMs: 420,
      rawInsertMs: 400,
    });
    expect(sync[3].firstStages).toEqual({ nodes: 40, vms: 6000, jobs: 12_000, health: 4900 });
  });

  it("takes other spellings and stage lists, and leaves missing fields undefined", () => {
    const sync = readSync([
      { jobs: 10_000, firstMs: 1000, stages: { first: [{ name: "jobs", ms: 600 }] } },
      { jobs: "junk" },
    ]);
    expect(sync).toHaveLength(1);
    expect(sync[0]).toMatchObject({ jobs: 10_000, firstMs: 1000, firstStages: { jobs: 600 } });
    expect(sync[0].unchangedMs).toBeUndefined();
    expect(sync[0].peakRssBytes).toBeUndefined();
    expect(
      readLoad({
        results: [
          { name: "/api/health", rps: 400 },
          { name: "REST", rps: 300 },
        ],
      }),
    ).toEqual({
      healthReqPerSec: 400,
      targets: [{ name: "REST", reqPerSec: 300 }],
    });
    expect(readSync(null)).toEqual([]);
    expect(readListPage("nonsense")).toEqual([]);
  });
});

describe("RESULTS.md", () => {
  const input = fullInput();
  const checks = evaluate(input);
  const md = renderResults(input);

  it("decides each sync target against the issue's thresholds", () => {
    expect(verdictOf(checks, "10,000 jobs: first sync")).toBe("met"); // 2.1 s ≤ 2.5 s
    expect(verdictOf(checks, "10,000 jobs: first sync / (fetch+parse + raw insert)")).toBe("met"); // 2.56×
    expect(verdictOf(checks, "10,000 jobs: unchanged sync / fetch+parse")).toBe("not met"); // 1.67× > 1.5×
    expect(verdictOf(checks, "100,000 jobs: first sync")).toBe("met"); // 23 s ≤ 25 s
    expect(verdictOf(checks, "100,000 jobs: unchanged sync")).toBe("not met"); // 9.5 s > 8 s
    expect(verdictOf(checks, "100,000 jobs: unchanged sync / fetch+parse")).toBe("not met"); // 3.96×
    expect(verdictOf(checks, "100,000 jobs: peak RSS of the syncing process")).toBe("not met"); // 440 MB
    expect(verdictOf(checks, /^growth/)).toBe("met"); // 1.1× / 1.36× per job
  });

  it("decides the list, load and page targets", () => {
    expect(verdictOf(checks, "list: first load (default order)")).toBe("met"); // p95 30 ms
    expect(verdictOf(checks, "list: q=vm-123")).toBe("not met"); // p95 71.5 ms
    expect(verdictOf(checks, /^REST list.*throughput share/)).toBe("met"); // 260/440 = 59%
    expect(verdictOf(checks, /^REST list.*p99/)).toBe("met");
    expect(verdictOf(checks, /^REST list.*errors/)).toBe("met");
    expect(verdictOf(checks, /^tRPC.*throughput share/)).toBe("not met"); // 27%
    expect(verdictOf(checks, /^tRPC.*p99/)).toBe("not met"); // 900 ms
    expect(verdictOf(checks, /^tRPC.*errors/)).toBe("not met"); // 2
    expect(verdictOf(checks, "page /topology: first load, server time")).toBe("not met"); // 350 ms
    expect(verdictOf(checks, "page /: first load, server time")).toBe("met");
  });

  it("shows the machine, date, every figure beside baseline and target, and the chart", () => {
    for (const text of [
      "AMD EPYC",
      "| cores | 2 |",
      "v20.19.0",
      "PostgreSQL 18.4",
      "2026-12-03T01:00:00Z",
      "![Sync wall time (first and unchanged) and peak RSS against job count](sync-chart.svg)",
      // sync table: 10k row, every column
      "| 10,000 | 2.10 s | 0.70 s | 200 MB | 0.42 s | 0.40 s | 2.56× | 1.67× |",
      "| 100,000 | 23.00 s | 9.50 s | 440 MB | 2.40 s | 5.40 s | 2.95× | 3.96× |",
      // a target row: figure, same-run baseline, issue's before, target, verdict
      "| 100,000 jobs: unchanged sync | 9.50 s | fetch+parse 2.40 s | 22.5 s | ≤ 8 s | ❌ not met |",
      "| list: q=vm-123 | p95 72 ms (median 48 ms, max 80 ms) | raw SQL 40 ms |",
      "260 req/s = 59%",
      "/api/health 440 req/s",
      "median 350 ms (max 420 ms)",
    ]) {
      expect(md).toContain(text);
    }
    const met = checks.filter((c) => c.verdict === "met").length;
    const notMet = checks.filter((c) => c.verdict === "not met").length;
    expect(md).toContain(`**${met} targets met, ${notMet} not met, 0 not measured.**`);
    // A gap names its measured cause: the slowest stages of that sync.
    expect(md).toMatch(
      /- 100,000 jobs: unchanged sync: 9\.50 s against ≤ 8 s — slowest stages: health 4\.90 s/,
    );
    // … and for a list case, the time spent outside the same query in raw SQL.
    expect(md).toContain("raw SQL take 40 ms, so 8.0 ms of the median is spent outside that query");
    const slowSql = renderResults({
      ...input,
      listPage: [{ name: "deep page", medianMs: 117, p95Ms: 170, baselineMs: 206 }],
    });
    expect(slowSql).toContain("raw SQL take 206 ms themselves: the time is in PostgreSQL");
  });

  it("reports what a script did not measure as not measured, never as met", () => {
    const partial: BenchInput = {
      ...input,
      sync: readSync({ sizes: [{ jobs: 10_000, first: { wallMs: 2000 } }] }),
      load: { targets: [] },
      pages: [],
      scripts: [
        { name: "load", command: "tsx bench/load.ts", ok: false, wallMs: 300_000, error: "timed out" },
      ],
    };
    const c = evaluate(partial);
    expect(verdictOf(c, "10,000 jobs: first sync")).toBe("met");
    expect(verdictOf(c, "10,000 jobs: unchanged sync / fetch+parse")).toBe("not measured");
    expect(verdictOf(c, "100,000 jobs: first sync")).toBe("not measured");
    expect(verdictOf(c, "REST list: throughput share of /api/health")).toBe("not measured");
    expect(verdictOf(c, "page /topology: first load, server time")).toBe("not measured");
    const text = renderResults(partial);
    expect(text).toContain("— not measured");
    expect(text).toContain("failed: timed out");
  });
});

describe("Prometheus /metrics section", () => {
  it("reads bench/metrics.ts's JSON and shows every figure, sizes in MB, with the job counts", () => {
    const metrics = readMetrics(fixture("metrics"));
    expect(metrics).toMatchObject({ rows: 100_000, jobs: 95_652, runs: 5, medianMs: 812.4, p95Ms: 1140.2 });
    const md = renderResults({ ...fullInput(), metrics });
    const section = md.slice(
      md.indexOf("## Prometheus /metrics at 100,000 jobs"),
      md.indexOf("## Script runs"),
    );
    expect(section).toContain("95,652 exported");
    expect(section).toContain("| scrape time, median | 812 ms |");
    expect(section).toContain("| scrape time, p95 | 1140 ms |");
    // 104,857,600 B = 100.0 MB; 5,242,880 B = 5.0 MB, 20× smaller.
    expect(section).toContain("| output size, raw | 100.0 MB |");
    expect(section).toContain("| output size, gzip | 5.0 MB (20× smaller) |");
    expect(section).toContain("| peak RSS while writing (before the first scrape) | 655 MB (180 MB) |");
    expect(section).toContain("| same per-job families through prom-client Gauges | 6100 ms |");
  });

  it("is left out when the script did not run or wrote nothing usable", () => {
    expect(readMetrics({})).toBeUndefined();
    expect(renderResults(fullInput())).not.toContain("Prometheus /metrics");
  });
});

describe("SVG chart", () => {
  it("is well-formed SVG with the first, unchanged and RSS lines and a point per size", () => {
    const svg = renderSyncChart(readSync(fixture("sync")));
    const parsed = parseXml(svg);
    expect(parsed.error).toBeUndefined();
    expect(parsed.root).toBe("{http://www.w3.org/2000/svg}svg");
    expect(svg.match(/<path /g)).toHaveLength(4); // first, unchanged, fetch+parse baseline, peak RSS
    expect(svg.match(/<circle /g)).toHaveLength(16); // 4 sizes × 4 series
    for (const label of ["first (all created)", "unchanged", "peak RSS", "100k", "10k", "MB", "seconds"]) {
      expect(svg).toContain(`>${label}<`);
    }
  });

  it("stays well-formed with no data and with text that needs escaping", () => {
    expect(parseXml(renderSyncChart([])).ok).toBe(true);
    const one = renderSyncChart([{ jobs: 10_000, firstMs: 1000 }]);
    expect(parseXml(one).ok).toBe(true);
    expect(parseXml("<svg><g></svg>").ok).toBe(false); // the parser does reject broken XML
  });
});

describe("CI variant", () => {
  const ci = (over: Partial<BenchInput>): BenchInput => ({
    mode: "ci",
    date: "2026-12-03T01:00:00Z",
    machine,
    scripts: [{ name: "sync", command: "tsx bench/sync.ts jobs=10000", ok: true, wallMs: 40_000 }],
    sync: [{ jobs: 10_000, firstMs: 4000, unchangedMs: 1200, fetchParseMs: 400, rawInsertMs: 400 }],
    listPage: readListPage(fixture("list-page")),
    load: { healthReqPerSec: 400, targets: [{ name: "REST list", reqPerSec: 100, p99Ms: 2000, errors: 0 }] },
    pages: [],
    ...over,
  });

  it("passes when ratios are off but within 5× of their targets, whatever the absolute times", () => {
    // first 5× (target 3×), unchanged 3× (target 1.5×), REST 25% (target 50%), p99 2 s, list p95 71 ms.
    expect(ciFailures(ci({}))).toEqual([]);
    expect(evaluate(ci({})).some((c) => c.section === "pages" || c.what.startsWith("100,000"))).toBe(false);
  });

  it("fails on a ratio more than 5× off its target", () => {
    const failures = ciFailures(
      ci({ sync: [{ jobs: 10_000, firstMs: 2000, unchangedMs: 3200, fetchParseMs: 400, rawInsertMs: 400 }] }),
    );
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/unchanged sync \/ fetch\+parse: .*8\.00×.*≤ 1\.5×/);
    const slow = ciFailures(
      ci({ load: { healthReqPerSec: 400, targets: [{ name: "REST list", reqPerSec: 36, errors: 0 }] } }),
    );
    expect(slow).toEqual([expect.stringMatching(/REST list: throughput share.*9%/)]);
  });

  it("fails on load errors and on a failed or timed-out script", () => {
    expect(
      ciFailures(
        ci({ load: { healthReqPerSec: 400, targets: [{ name: "tRPC list", reqPerSec: 300, errors: 3 }] } }),
      ),
    ).toEqual(["load tRPC list: 3 errors"]);
    expect(
      ciFailures(
        ci({
          scripts: [
            {
              name: "load",
              command: "tsx bench/load.ts",
              ok: false,
              wallMs: 65_000,
              error: "timed out after 65 s",
            },
          ],
        }),
      ),
    ).toEqual(["load: timed out after 65 s"]);
  });

  it("fails when a sync run did not succeed, however fast it was", () => {
    const sync = readSync({
      sizes: [
        {
          jobs: 10_000,
          first: { wallMs: 900, state: "failed" },
          unchanged: { wallMs: 300, state: "succeeded" },
        },
      ],
    });
    expect(ciFailures(ci({ sync }))).toEqual(["sync 10000 jobs, first: failed"]);
    const partial = readSync({ sizes: [{ jobs: 10_000, first: { wallMs: 900, state: "partial" } }] });
    expect(ciFailures(ci({ sync: partial }))).toEqual([]);
    expect(renderResults(ci({ sync }))).toContain(
      "- sync 10000 jobs, first: failed: the run did not succeed",
    );
  });
});
