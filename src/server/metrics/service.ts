import "server-only";
import { collectDefaultMetrics, Gauge, Registry } from "prom-client";
import { Prisma } from "@/generated/prisma/client";
import { HEALTH_STATES } from "@/lib/vocabulary";
import { readRows, readRowsText } from "@/server/db/reader";

// GET /metrics: the Prometheus text exposition (format 0.0.4) of the estate, built at scrape time.
//
// Three parts, in this order:
// - the process (prom-client's collectDefaultMetrics: CPU, memory, heap, event loop lag, GC), names as
//   every Node.js dashboard expects them (process_*, nodejs_*);
// - per endpoint (a few dozen at most): the last finished sync run and the jobs per health state, through
//   prom-client Gauges in a registry made for this scrape (two scrapes at once never share values);
// - per replication job: written here line by line from ONE query's rows. prom-client keeps one object
//   per label set per metric and formats each through Object.entries; with 100,000 jobs × 8 families
//   that is 800,000 objects and label formattings per scrape. Here each job's label set is
//   formatted once and reused by every family, and the text goes out in chunks (the route streams
//   them), so a scrape never holds the whole exposition as one string. Measured (bench/metrics.ts,
//   95,652 active jobs, 8 families, 2 cores shared): 1.07 s per scrape (median; p95 1.47 s), 96 MB
//   (5.3 MB gzipped); the same families through prom-client Gauges took 8.1 s (bench/RESULTS.md).
//
// Job labels: endpoint, replication_id, guest, source, target — identifiers only, each bounded by the
// inventory: endpoint names (unique, a handful), Proxmox job ids (<guest>-<jobnum>, one per job, which
// is the series identity anyway), guest ids and node names (bounded by the clusters' size). Free text
// (comment, error message, schedule) never becomes a label: every distinct error message would start a
// new series. So the series count is (jobs × families) and does not grow with time; a job's state
// moving from ok to error replaces one series by another (Prometheus marks the old one stale at the next
// scrape) rather than adding one per message. Stale jobs (gone from Proxmox, kept by Proxbox for the
// record) are not exported: an alert on a job that no longer exists would never clear.

const registryForProcess = globalThis as unknown as { proxboxProcessMetrics?: Registry };

/** The process registry, once per process (Next's bundle and tsx code may load this module twice). */
function processRegistry(): Registry {
  if (!registryForProcess.proxboxProcessMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    registryForProcess.proxboxProcessMetrics = registry;
  }
  return registryForProcess.proxboxProcessMetrics;
}

/** "text/plain; version=0.0.4; charset=utf-8" */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

export interface JobRow {
  endpoint: string;
  replication_id: string;
  guest: number;
  source: string | null;
  target: string;
  health: string;
  /** Seconds since the epoch (float), computed by PostgreSQL: no Date object per row. */
  last_sync: number | null;
  duration: number | null;
  fail_count: number | null;
  expected_interval_s: number | null;
  overdue_at: number | null;
  stuck_at: number | null;
}

// `timestamp` columns hold UTC; extract(epoch) of a timestamp without time zone is its nominal UTC
// seconds. The order is the list's index order (replication_endpoint_order_idx): a stable output.
// overdue_at is null for disabled jobs and jobs scheduled for removal, as the filter `overdue` reads
// them: the sync leaves it null for those, and an edit since the last sync must not leave one overdue.
// Stale jobs are not exported at all.
export const JOBS_QUERY = Prisma.sql`
  SELECT e.name AS endpoint, r.replication_id, r.guest, r.source, r.target, r.health,
    extract(epoch FROM r.last_sync)::float8 AS last_sync, r.duration, r.fail_count,
    r.expected_interval_s::float8 AS expected_interval_s,
    CASE WHEN NOT r.disable AND r.remove_job IS NULL THEN extract(epoch FROM r.overdue_at)::float8 END
      AS overdue_at,
    extract(epoch FROM r.stuck_at)::float8 AS stuck_at
  FROM replication r JOIN proxmox_endpoint e ON e.id = r.endpoint_id
  WHERE r.status = 'active'
  ORDER BY r.endpoint_id, r.guest, r.jobnum, r.replication_id, r.id`;

interface EndpointRow {
  endpoint: string;
  enabled: boolean;
  state: string | null;
  finished_at: number | null;
  duration: number | null;
  counts: Record<string, unknown> | null;
}

// The last finished run per endpoint. Single-job refreshes (kind 'replication') are not the endpoint's
// sync. Runs of one endpoint never overlap (src/server/sync/service.ts), so the highest id is the last.
const ENDPOINTS_QUERY = `
  SELECT e.name AS endpoint, e.enabled, r.state::text AS state,
    extract(epoch FROM r.finished_at)::float8 AS finished_at,
    extract(epoch FROM (r.finished_at - r.started_at))::float8 AS duration, r.counts
  FROM proxmox_endpoint e
  LEFT JOIN LATERAL (
    SELECT s.state, s.started_at, s.finished_at, s.counts FROM sync_run s
    WHERE s.endpoint_id = e.id AND s.kind <> 'replication' AND s.state IN ('succeeded', 'failed', 'partial')
    ORDER BY s.id DESC LIMIT 1
  ) r ON true
  ORDER BY e.name`;

/** The replication-job counts a full or replications sync records (src/server/sync/pipeline.ts). */
const RUN_JOB_RESULTS = ["created", "updated", "unchanged", "stale", "unlinked"] as const;
const RUN_MESSAGE_LEVELS = { errors: "error", warnings: "warning" } as const;

function endpointRegistry(endpoints: EndpointRow[], jobsByState: Map<string, Map<string, number>>): Registry {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[]) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const enabled = gauge("proxbox_endpoint_enabled", "1 when the endpoint is synced, 0 when disabled.", [
    "endpoint",
  ]);
  const runState = gauge(
    "proxbox_endpoint_last_sync_run_state",
    "State of the endpoint's last finished sync run (succeeded, partial or failed): 1 for that state.",
    ["endpoint", "state"],
  );
  const runFinished = gauge(
    "proxbox_endpoint_last_sync_run_timestamp_seconds",
    "When the endpoint's last finished sync run ended, seconds since the epoch.",
    ["endpoint"],
  );
  const runDuration = gauge(
    "proxbox_endpoint_last_sync_run_duration_seconds",
    "How long the endpoint's last finished sync run took.",
    ["endpoint"],
  );
  const runJobs = gauge(
    "proxbox_endpoint_last_sync_run_replications",
    "Replication jobs the endpoint's last finished sync run created, updated, left unchanged, marked stale, or found without a known guest (unlinked).",
    ["endpoint", "result"],
  );
  const runMessages = gauge(
    "proxbox_endpoint_last_sync_run_messages",
    "Errors and warnings the endpoint's last finished sync run reported.",
    ["endpoint", "level"],
  );
  const jobs = gauge(
    "proxbox_endpoint_replications",
    "Active replication jobs of the endpoint per health state (Proxbox's derived state).",
    ["endpoint", "state"],
  );
  for (const e of endpoints) {
    const endpoint = e.endpoint;
    enabled.set({ endpoint }, e.enabled ? 1 : 0);
    // Every known health state, 0 included: `== 0` alerts and sums over states need the zeros.
    const byState = jobsByState.get(endpoint);
    for (const state of HEALTH_STATES) jobs.set({ endpoint, state }, byState?.get(state) ?? 0);
    if (!e.state) continue;
    runState.set({ endpoint, state: e.state }, 1);
    if (e.finished_at !== null) runFinished.set({ endpoint }, e.finished_at);
    if (e.duration !== null) runDuration.set({ endpoint }, e.duration);
    const counts = e.counts ?? {};
    for (const result of RUN_JOB_RESULTS) {
      const n = counts[result];
      if (typeof n === "number") runJobs.set({ endpoint, result }, n);
    }
    for (const [key, level] of Object.entries(RUN_MESSAGE_LEVELS)) {
      const n = counts[key];
      if (typeof n === "number") runMessages.set({ endpoint, level }, n);
    }
  }
  return registry;
}

/** Label value escaping of the text format: backslash, double quote and line feed. */
function escapeLabel(value: string): string {
  return /[\\"\n]/.test(value)
    ? value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")
    : value;
}

/** A sample value: JavaScript's shortest round-trip decimal; the format's spellings for the rest. */
function formatValue(value: number): string {
  if (Number.isFinite(value)) return String(value);
  return Number.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
}

interface JobFamily {
  name: string;
  help: string;
  /** The sample's value, or null for none (e.g. a job that never synced has no last sync time). */
  value(row: JobRow): number | null;
  /** Extra label pairs after the job's own (the state of the state family). */
  extraLabels?(row: JobRow): string;
}

function jobFamilies(nowSeconds: number): JobFamily[] {
  return [
    {
      name: "proxbox_replication_last_sync_timestamp_seconds",
      help: "Time of the job's last successful sync (Proxmox last_sync), seconds since the epoch.",
      value: (r) => r.last_sync,
    },
    {
      name: "proxbox_replication_last_sync_duration_seconds",
      help: "Duration of the job's last sync (Proxmox duration).",
      value: (r) => r.duration,
    },
    {
      name: "proxbox_replication_fail_count",
      help: "Consecutive failed syncs of the job (Proxmox fail_count; 0 after a success).",
      value: (r) => r.fail_count,
    },
    {
      // One series per job, value 1, the state in a label (not a numeric code): alert rules read
      // `{state="error"}` instead of a magic number, `count by (state)` gives the estate's spread, and
      // a state change ends the old series at the next scrape. Not one series per possible state (the
      // kube-state-metrics StateSet): that would be 7 × 100,000 series for one fact per job.
      name: "proxbox_replication_state",
      help: "Health state of the job as Proxbox derives it (ok, syncing, pending, error, disabled, removal_scheduled, unknown): 1 for the job's current state.",
      value: () => 1,
      extraLabels: (r) => `,state="${escapeLabel(r.health)}"`,
    },
    {
      name: "proxbox_replication_recovery_point_age_seconds",
      help: "Age of the job's recovery point at scrape time (now minus the last successful sync).",
      value: (r) => (r.last_sync === null ? null : Math.max(0, round3(nowSeconds - r.last_sync))),
    },
    {
      name: "proxbox_replication_expected_interval_seconds",
      help: "Longest gap between consecutive runs of the job's schedule (its calendar event in the node's time zone).",
      value: (r) => r.expected_interval_s,
    },
    {
      // Strictly after overdue_at, as the REST filter `overdue=true` reads it (overdue_at < now()).
      name: "proxbox_replication_overdue",
      help: "1 when the job's recovery point is older than its expected interval allows (overdue), else 0; disabled jobs and jobs scheduled for removal are never overdue.",
      value: (r) => (r.overdue_at !== null && r.overdue_at < nowSeconds ? 1 : 0),
    },
    {
      name: "proxbox_replication_stuck",
      help: "1 when a sync of the job has been running longer than the endpoint's bound (stuck_after_seconds), else 0.",
      value: (r) => (r.stuck_at !== null && r.stuck_at < nowSeconds ? 1 : 0),
    },
  ];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Lines per chunk handed to the response stream: ~100 KB each at ~150 bytes per line. */
const CHUNK_LINES = 700;

export interface MetricsScrape {
  contentType: string;
  /** How many replication jobs were exported (for the route's log line and the benchmark). */
  jobs: number;
  /** The exposition in order, in pieces of about 100 KB. */
  chunks(): Generator<string>;
}

/** Reads the estate (one query for the jobs, one for the endpoints) and returns its exposition. */
export async function scrapeMetrics(now: Date = new Date()): Promise<MetricsScrape> {
  const [jobs, endpoints, processText] = await Promise.all([
    readRows<JobRow>(JOBS_QUERY),
    readRowsText<EndpointRow>(ENDPOINTS_QUERY),
    processRegistry().metrics(),
  ]);
  const nowSeconds = now.getTime() / 1000;
  // Each job's label set, formatted once and shared by every family (without the closing brace, so the
  // state family can add its label); the health counts per endpoint come from the same pass.
  const labels: string[] = new Array(jobs.length);
  const jobsByState = new Map<string, Map<string, number>>();
  for (let i = 0; i < jobs.length; i++) {
    const r = jobs[i] as JobRow;
    labels[i] =
      `{endpoint="${escapeLabel(r.endpoint)}",replication_id="${escapeLabel(r.replication_id)}",guest="${r.guest}",` +
      `source="${escapeLabel(r.source ?? "")}",target="${escapeLabel(r.target)}"`;
    let byState = jobsByState.get(r.endpoint);
    if (!byState) {
      byState = new Map();
      jobsByState.set(r.endpoint, byState);
    }
    byState.set(r.health, (byState.get(r.health) ?? 0) + 1);
  }
  const endpointText = await endpointRegistry(endpoints, jobsByState).metrics();
  const families = jobFamilies(nowSeconds);
  return {
    contentType: METRICS_CONTENT_TYPE,
    jobs: jobs.length,
    *chunks() {
      yield withNewline(processText);
      yield withNewline(endpointText);
      for (const family of families) {
        let chunk = `# HELP ${family.name} ${family.help}\n# TYPE ${family.name} gauge\n`;
        let lines = 0;
        for (let i = 0; i < jobs.length; i++) {
          const row = jobs[i] as JobRow;
          const value = family.value(row);
          if (value === null) continue;
          chunk += `${family.name}${labels[i]}${family.extraLabels ? family.extraLabels(row) : ""}} ${formatValue(value)}\n`;
          if (++lines === CHUNK_LINES) {
            yield chunk;
            chunk = "";
            lines = 0;
          }
        }
        if (chunk) yield chunk;
      }
    },
  };
}

const withNewline = (text: string) => (text === "" || text.endsWith("\n") ? text : `${text}\n`);

/** The whole exposition as one string (tests, the benchmark); the route streams chunks() instead. */
export async function renderMetrics(now?: Date): Promise<string> {
  const scrape = await scrapeMetrics(now);
  return [...scrape.chunks()].join("");
}
