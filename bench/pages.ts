// Page benchmark: tsx bench/pages.ts [rows=100000] [runs=10] [json=<file>]
// Seeds <rows> replications, starts the compiled server (bench/app-server.ts) and fetches each page a
// browser opens first — /replications, /, /topology, /virtual-machines — with a signed-in viewer's
// session cookie, timing from the request to the last byte of the server-rendered HTML (one at a time,
// so the figure is the server's time, not queueing), then the tRPC queries the page starts on load, in
// parallel as the browser does (the overview and the topology load their data that way): server time =
// HTML + the slowest of those. The first round of each page is a warm-up.
// Target: ≤ 300 ms each. `json=` writes per page median/max ms. CI-sized: rows=10000 runs=3.
import fs from "node:fs";
import { startBenchServer } from "./app-server";
import { benchArgs } from "./seed";

const args = benchArgs();
const ROWS = Number(args.get("rows") ?? 100_000);
const RUNS = Number(args.get("runs") ?? 10);
const JSON_OUT = args.get("json");
const TARGET_MS = 300;
/** Each page and the tRPC queries (no input) its client components start on first load. */
const PAGES: { path: string; queries: string[] }[] = [
  { path: "/replications", queries: ["endpoints.list"] },
  { path: "/", queries: ["overview.get"] },
  { path: "/topology", queries: ["topology.get"] },
  { path: "/virtual-machines", queries: ["endpoints.list"] },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timedFetch(url: string, cookie: string, html: boolean): Promise<number> {
  const start = performance.now();
  const response = await fetch(url, { headers: { Cookie: cookie }, redirect: "manual" });
  const body = await response.text();
  const ms = performance.now() - start;
  // A redirect (to sign-in) or an error page would time the wrong thing.
  if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
  if (html && !body.includes("</html>")) throw new Error(`${url}: incomplete page`);
  return ms;
}

/** [HTML ms, HTML + slowest data query ms]. */
async function firstLoad(
  base: string,
  page: (typeof PAGES)[number],
  cookie: string,
): Promise<[number, number]> {
  const htmlMs = await timedFetch(base + page.path, cookie, true);
  const data = await Promise.all(page.queries.map((q) => timedFetch(`${base}/api/trpc/${q}`, cookie, false)));
  return [htmlMs, htmlMs + Math.max(0, ...data)];
}

const server = await startBenchServer(ROWS);
try {
  console.log(`seeded ${server.rows} replications; server at ${server.url}\n`);
  console.log("page".padEnd(20), "median ms".padEnd(10), "max ms".padEnd(8), "HTML alone (median)");
  const pages: { path: string; medianMs: number; maxMs: number; htmlMedianMs: number; runs: number }[] = [];
  for (const page of PAGES) {
    await firstLoad(server.url, page, server.cookie);
    const totals: number[] = [];
    const htmls: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const [html, total] = await firstLoad(server.url, page, server.cookie);
      htmls.push(html);
      totals.push(total);
    }
    const result = {
      path: page.path,
      medianMs: median(totals),
      maxMs: Math.max(...totals),
      htmlMedianMs: median(htmls),
      runs: RUNS,
    };
    pages.push(result);
    console.log(
      page.path.padEnd(20),
      result.medianMs.toFixed(0).padEnd(10),
      result.maxMs.toFixed(0).padEnd(8),
      result.htmlMedianMs.toFixed(0),
    );
  }
  const worst = Math.max(...pages.map((p) => p.medianMs));
  console.log(
    `\nslowest median: ${worst.toFixed(0)} ms — ${worst <= TARGET_MS ? "within" : "OVER"} the ${TARGET_MS} ms target`,
  );
  if (JSON_OUT) {
    fs.writeFileSync(
      JSON_OUT,
      `${JSON.stringify({ rows: server.rows, targetMs: TARGET_MS, pages }, null, 2)}\n`,
    );
  }
} finally {
  await server.stop();
}
