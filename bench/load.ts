// Load benchmark: tsx bench/load.ts [rows=100000] [duration=20] [connections=50] [json=<file>]
// Seeds <rows> replications (bench/seed.ts) into a scratch embedded PostgreSQL, starts the compiled
// server (dist/server.js, as `npm start` runs it; built first when stale, under the heavy-work lock)
// against it, and drives it with autocannon, one target after another on the same server:
//   - /api/health (anonymous): the server's own ceiling, the baseline every list figure is compared to;
//   - the REST list and the tRPC list query for a filtered, sorted page of 50 (an API token / a session).
// Target: each list ≥ 50% of /api/health's req/s, p99 ≤ 500 ms, 0 errors. `json=` writes per target
// req/s, p50/p99 ms, errors and non-2xx, plus the health req/s. CI-sized: rows=10000 duration=10.
import fs from "node:fs";
import autocannon from "autocannon";
import { startBenchServer } from "./app-server";
import { benchArgs } from "./seed";

const args = benchArgs();
const ROWS = Number(args.get("rows") ?? 100_000);
const DURATION = Number(args.get("duration") ?? 20);
const CONNECTIONS = Number(args.get("connections") ?? 50);
const JSON_OUT = args.get("json");
const LIST_QUERY = "health=error&ordering=-last_sync&limit=50";

interface TargetResult {
  name: string;
  url: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  requests: number;
  ratioToHealth?: number;
}

async function drive(name: string, url: string, headers: Record<string, string>): Promise<TargetResult> {
  // A short warm-up, so the JIT and the connection pools are not part of the figure.
  await autocannon({ url, headers, connections: CONNECTIONS, duration: Math.min(3, DURATION) });
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION });
  return {
    name,
    url,
    reqPerSec: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    requests: r.requests.total,
  };
}

const server = await startBenchServer(ROWS);
try {
  const { url, token, cookie } = server;
  console.log(
    `seeded ${server.rows} replications; server at ${url}; ${CONNECTIONS} connections, ${DURATION} s each\n`,
  );
  const trpcInput = encodeURIComponent(
    JSON.stringify({ json: { query: "health=error&ordering=-last_sync", limit: 50, offset: 0 } }),
  );
  const health = await drive("/api/health", `${url}/api/health`, {});
  const targets = [
    health,
    await drive(`REST list ${LIST_QUERY}`, `${url}/api/plugins/proxbox/replications/?${LIST_QUERY}`, {
      Authorization: token,
    }),
    await drive("tRPC replications.list", `${url}/api/trpc/replications.list?input=${trpcInput}`, {
      Cookie: cookie,
    }),
  ];
  for (const t of targets.slice(1)) t.ratioToHealth = t.reqPerSec / health.reqPerSec;
  console.log(
    "target".padEnd(14),
    "req/s".padEnd(9),
    "p50 ms".padEnd(8),
    "p99 ms".padEnd(8),
    "errors  non2xx  vs health",
  );
  for (const t of targets) {
    console.log(
      t.name.padEnd(14),
      t.reqPerSec.toFixed(0).padEnd(9),
      String(t.p50Ms).padEnd(8),
      String(t.p99Ms).padEnd(8),
      String(t.errors).padEnd(7),
      String(t.non2xx).padEnd(7),
      t.ratioToHealth === undefined ? "" : `${(t.ratioToHealth * 100).toFixed(0)}%`,
    );
  }
  if (JSON_OUT) {
    const report = {
      rows: server.rows,
      connections: CONNECTIONS,
      durationS: DURATION,
      healthReqPerSec: health.reqPerSec,
      targets,
    };
    fs.writeFileSync(JSON_OUT, `${JSON.stringify(report, null, 2)}\n`);
  }
  if (targets.some((t) => t.errors > 0 || t.non2xx > 0)) process.exitCode = 1;
} finally {
  await server.stop();
}
