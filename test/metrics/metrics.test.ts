import { NextRequest } from "next/server";
import parsePrometheusTextFormat, { type MetricFamily } from "parse-prometheus-text-format";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/metrics/route";
import { proxy } from "@/proxy";
import { createApiToken, createSession } from "@/server/auth/service";
import { SESSION_COOKIE } from "@/server/auth/session-cookie";
import { db } from "@/server/db/client";
import { ConfigError, parseEnv } from "@/server/env";
import { REMOTE_ADDRESS_HEADER } from "@/server/http/forwarded";
import { renderMetrics } from "@/server/metrics/service";
import { freshDatabasePerFile } from "../api/db";
import { type SeededUser, seedEndpoint, seedReplication, seedUser } from "../api/factories";

// GET /metrics (issue 13, deliverable 4): the exposition read back by a real text-format parser
// (parse-prometheus-text-format, ported from the Prometheus Python client's parser), its values
// against the seeded rows (expected numbers computed by hand, written out below), and who may scrape.
// Needs prom-client (dependency) and parse-prometheus-text-format (devDependency) installed.

freshDatabasePerFile();

// Fixed clock times; epoch seconds computed by hand (UTC).
const NOW = new Date("2026-12-03T09:00:00Z"); // 1796288400
const T_0800 = 1796284800; // 2026-12-03T08:00:00Z
const T_0630_250 = 1796279400.25; // 2026-12-03T06:30:00.250Z
const T_2100_PREV = 1796245200; // 2026-12-02T21:00:00Z
const T_RUN_END = 1796288382.5; // 2026-12-03T08:59:42.500Z

// A name with every character the label format escapes: it must come back intact.
const LAB = 'lab "west" \\ eu';
let viewer: SeededUser;

beforeAll(async () => {
  viewer = await seedUser("viewer");
  const lab = await seedEndpoint({ name: LAB });
  const prod = await seedEndpoint({ name: "prod", enabled: false });
  await seedReplication(lab.id, {
    guest: 100,
    jobnum: 0,
    source: "pve1",
    target: "pve2",
    lastSync: new Date("2026-12-03T08:00:00Z"),
    duration: 12.5,
    failCount: 0,
    health: "ok",
  });
  await seedReplication(lab.id, {
    guest: 101,
    jobnum: 1,
    source: "pve1",
    target: "pve3",
    lastSync: new Date("2026-12-03T06:30:00.250Z"),
    duration: 3.25,
    failCount: 3,
    health: "error",
    error: 'command "zfs send" failed\nexit code 1',
  });
  // Never synced: no last sync, duration or fail count yet.
  await seedReplication(lab.id, { guest: 102, jobnum: 0, health: "pending" });
  // Gone from Proxmox (stale): not exported at all.
  await seedReplication(lab.id, {
    guest: 103,
    jobnum: 0,
    status: "stale",
    lastSync: new Date("2026-11-01T00:00:00Z"),
    health: "ok",
  });
  await seedReplication(prod.id, {
    guest: 200,
    jobnum: 0,
    source: null,
    target: "pveb2",
    disable: true,
    lastSync: new Date("2026-12-02T21:00:00Z"),
    duration: 60,
    failCount: 0,
    health: "disabled",
  });
  const run = (data: object) => db.syncRun.create({ data: { kind: "full", endpointId: lab.id, ...data } });
  await run({
    state: "failed",
    startedAt: new Date("2026-12-03T07:00:00Z"),
    finishedAt: new Date("2026-12-03T07:00:05Z"),
  });
  await run({
    state: "partial",
    startedAt: new Date("2026-12-03T08:59:00Z"),
    finishedAt: new Date("2026-12-03T08:59:42.500Z"),
    counts: {
      created: 2,
      updated: 1,
      unchanged: 5,
      stale: 1,
      unlinked: 0,
      unlinkedIds: [],
      errors: 1,
      warnings: 2,
    },
  });
  // A single-job refresh after it is not the endpoint's sync: the partial run stays "the last run".
  await run({
    kind: "replication",
    target: "100-0",
    state: "succeeded",
    finishedAt: new Date("2026-12-03T08:59:50Z"),
  });
});

const SAMPLE_LINE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? ([Nn]a[Nn]|[+-]Inf|-?\d+(\.\d+)?(e[+-]?\d+)?)$/;

/** Parses an exposition and checks what the parser lets through: one block per family, numeric values. */
function parse(text: string): Map<string, MetricFamily> {
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
    expect(line).toMatch(SAMPLE_LINE);
  }
  const families = parsePrometheusTextFormat(text);
  const byName = new Map(families.map((f) => [f.name, f]));
  // A family split in two blocks would come back twice: the format requires one block.
  expect(byName.size).toBe(families.length);
  for (const f of families) expect(f.help, f.name).not.toBe("");
  return byName;
}

/** family → "label=value,…" → value, for the job and endpoint families. */
function samples(families: Map<string, MetricFamily>, name: string): Record<string, number> {
  const family = families.get(name);
  if (!family) throw new Error(`${name} missing`);
  expect(family.type).toBe("GAUGE");
  const out: Record<string, number> = {};
  for (const m of family.metrics) {
    const key = Object.entries(m.labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    expect(out).not.toHaveProperty(key);
    out[key] = Number(m.value);
  }
  return out;
}

const job = (endpoint: string, id: string, guest: number, source: string, target: string) =>
  `endpoint=${endpoint},replication_id=${id},guest=${guest},source=${source},target=${target}`;
const J100 = job(LAB, "100-0", 100, "pve1", "pve2");
const J101 = job(LAB, "101-1", 101, "pve1", "pve3");
const J102 = job(LAB, "102-0", 102, "pve1", "pve2");
const J200 = job("prod", "200-0", 200, "", "pveb2");

describe("the exposition", () => {
  let families: Map<string, MetricFamily>;
  beforeAll(async () => {
    families = parse(await renderMetrics(NOW));
  });

  it("has each job's last sync, duration and fail count; a job that never synced has none", () => {
    expect(samples(families, "proxbox_replication_last_sync_timestamp_seconds")).toEqual({
      [J100]: T_0800,
      [J101]: T_0630_250,
      [J200]: T_2100_PREV,
    });
    expect(samples(families, "proxbox_replication_last_sync_duration_seconds")).toEqual({
      [J100]: 12.5,
      [J101]: 3.25,
      [J200]: 60,
    });
    expect(samples(families, "proxbox_replication_fail_count")).toEqual({ [J100]: 0, [J101]: 3, [J200]: 0 });
  });

  it("has one state series per job, the state in a label, and no stale job anywhere", () => {
    expect(samples(families, "proxbox_replication_state")).toEqual({
      [`${J100},state=ok`]: 1,
      [`${J101},state=error`]: 1,
      [`${J102},state=pending`]: 1,
      [`${J200},state=disabled`]: 1,
    });
    for (const f of families.values())
      for (const m of f.metrics) expect(m.labels?.replication_id, f.name).not.toBe("103-0");
  });

  it("has the recovery point age at the scrape's clock: now − last sync", () => {
    // 09:00 − 08:00 = 3600 s; 09:00 − 06:30:00.250 = 8999.75 s; 09:00 − 21:00 the day before = 43200 s.
    expect(samples(families, "proxbox_replication_recovery_point_age_seconds")).toEqual({
      [J100]: 3600,
      [J101]: 8999.75,
      [J200]: 43200,
    });
  });

  it("has per endpoint the last finished run (not a single-job refresh) and the jobs per state", () => {
    expect(samples(families, "proxbox_endpoint_enabled")).toEqual({
      [`endpoint=${LAB}`]: 1,
      "endpoint=prod": 0,
    });
    // prod never ran: no run series for it.
    expect(samples(families, "proxbox_endpoint_last_sync_run_state")).toEqual({
      [`endpoint=${LAB},state=partial`]: 1,
    });
    expect(samples(families, "proxbox_endpoint_last_sync_run_timestamp_seconds")).toEqual({
      [`endpoint=${LAB}`]: T_RUN_END,
    });
    // 08:59:00 → 08:59:42.500
    expect(samples(families, "proxbox_endpoint_last_sync_run_duration_seconds")).toEqual({
      [`endpoint=${LAB}`]: 42.5,
    });
    expect(samples(families, "proxbox_endpoint_last_sync_run_replications")).toEqual({
      [`endpoint=${LAB},result=created`]: 2,
      [`endpoint=${LAB},result=updated`]: 1,
      [`endpoint=${LAB},result=unchanged`]: 5,
      [`endpoint=${LAB},result=stale`]: 1,
      [`endpoint=${LAB},result=unlinked`]: 0,
    });
    expect(samples(families, "proxbox_endpoint_last_sync_run_messages")).toEqual({
      [`endpoint=${LAB},level=error`]: 1,
      [`endpoint=${LAB},level=warning`]: 2,
    });
    const jobs = samples(families, "proxbox_endpoint_replications");
    expect(jobs[`endpoint=${LAB},state=ok`]).toBe(1);
    expect(jobs[`endpoint=${LAB},state=error`]).toBe(1);
    expect(jobs[`endpoint=${LAB},state=pending`]).toBe(1);
    expect(jobs[`endpoint=${LAB},state=disabled`]).toBe(0);
    expect(jobs["endpoint=prod,state=disabled"]).toBe(1);
    // Every state of both endpoints, zeros included; the stale job counted nowhere.
    expect(Object.keys(jobs)).toHaveLength(2 * 7);
    expect(Object.values(jobs).reduce((a, b) => a + b, 0)).toBe(4);
  });

  it("has the process's runtime metrics", () => {
    expect(families.get("process_cpu_user_seconds_total")?.type).toBe("COUNTER");
    expect(families.get("process_resident_memory_bytes")?.type).toBe("GAUGE");
    expect(Number(families.get("nodejs_heap_size_used_bytes")?.metrics[0]?.value)).toBeGreaterThan(0);
  });
});

describe("recovery point: expected interval, overdue, stuck", () => {
  beforeAll(async () => {
    // What the sync stores (src/lib/recovery-point.ts); the literals carry +00, ignored by a timestamp
    // (UTC) column.
    await db.$executeRawUnsafe(
      `UPDATE replication SET expected_interval_s = 900, overdue_at = '2026-12-03 08:30:00+00',
         syncing_pid = 4242, last_try = '2026-12-03 07:59:59+00', stuck_at = '2026-12-03 08:59:59+00'
       WHERE replication_id = '100-0'`,
    );
    await db.$executeRawUnsafe(
      `UPDATE replication SET expected_interval_s = 86400, overdue_at = '2026-12-03 10:00:00+00',
         syncing_pid = 4243, stuck_at = '2026-12-03 09:00:01+00'
       WHERE replication_id = '101-1'`,
    );
    // Due exactly at the scrape's instant: neither overdue nor stuck yet (both strictly after).
    await db.$executeRawUnsafe(
      `UPDATE replication SET overdue_at = '2026-12-03 09:00:00+00', stuck_at = '2026-12-03 09:00:00+00'
       WHERE replication_id = '102-0'`,
    );
    // Disabled since the last sync computed its overdue_at: never overdue, as the REST filter says.
    await db.$executeRawUnsafe(
      `UPDATE replication SET overdue_at = '2026-12-01 00:00:00+00' WHERE replication_id = '200-0'`,
    );
  });

  it("exports overdue (overdue_at < now), stuck (stuck_at < now) and the expected interval", async () => {
    const families = parse(await renderMetrics(NOW));
    // 100-0 became overdue at 08:30 (before 09:00); 101-1 only at 10:00; 102-0 at 09:00 sharp is not
    // yet; 200-0 is disabled.
    expect(samples(families, "proxbox_replication_overdue")).toEqual({
      [J100]: 1,
      [J101]: 0,
      [J102]: 0,
      [J200]: 0,
    });
    // 100-0's run counts as stuck since 08:59:59; 101-1's only from 09:00:01; 102-0 at 09:00 sharp not yet.
    expect(samples(families, "proxbox_replication_stuck")).toEqual({
      [J100]: 1,
      [J101]: 0,
      [J102]: 0,
      [J200]: 0,
    });
    expect(samples(families, "proxbox_replication_expected_interval_seconds")).toEqual({
      [J100]: 900,
      [J101]: 86400,
    });
  });

  it("tips over with the scrape's clock, the disabled job never", async () => {
    // At 10:00:00.001 every instant above has passed: 101-1's overdue_at (10:00) and stuck_at (09:00:01)
    // and 102-0's 09:00 included; 200-0 stays 0 (disabled).
    const families = parse(await renderMetrics(new Date("2026-12-03T10:00:00.001Z")));
    const all = { [J100]: 1, [J101]: 1, [J102]: 1, [J200]: 0 };
    expect(samples(families, "proxbox_replication_overdue")).toEqual(all);
    expect(samples(families, "proxbox_replication_stuck")).toEqual(all);
  });
});

describe("GET /metrics: who may scrape", () => {
  const saved = { allow: process.env.PROXBOX_METRICS_ALLOW, proxies: process.env.PROXBOX_TRUSTED_PROXIES };
  afterEach(() => {
    for (const [name, value] of [
      ["PROXBOX_METRICS_ALLOW", saved.allow],
      ["PROXBOX_TRUSTED_PROXIES", saved.proxies],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  // The custom server records the TCP peer in REMOTE_ADDRESS_HEADER (src/server/http/forwarded.ts).
  const scrape = (headers: Record<string, string> = {}) =>
    metricsRoute.GET(new Request("http://proxbox.local/metrics", { headers }));

  it("reaches the handler without a session: the proxy does not send a scraper to the sign-in page", () => {
    const request = (path: string) =>
      new NextRequest(`http://proxbox.local${path}`, { headers: { host: "proxbox.local" } });
    const metrics = proxy(request("/metrics"));
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("location")).toBeNull();
    // A page still is.
    expect(proxy(request("/replications")).headers.get("location")).toBe(
      "http://proxbox.local/sign-in?next=%2Freplications",
    );
  });

  it("answers 401 with a challenge to a caller with no credentials", async () => {
    const res = await scrape({ [REMOTE_ADDRESS_HEADER]: "198.51.100.9" });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect(await res.json()).toEqual({ detail: "Authentication credentials were not provided." });
  });

  it("serves a read-only token of a viewer, in the 0.0.4 text format, parseable", async () => {
    const res = await scrape({ authorization: `Bearer ${viewer.readToken}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const families = parse(await res.text());
    expect(samples(families, "proxbox_replication_fail_count")[J101]).toBe(3);
  });

  it("answers 401 to a wrong or revoked token, even from an allowed address", async () => {
    process.env.PROXBOX_METRICS_ALLOW = "192.0.2.0/24";
    const wrong = await scrape({
      authorization: "Token 0000000000000000000000000000000000000000",
      [REMOTE_ADDRESS_HEADER]: "192.0.2.7",
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ detail: "Invalid v1 token" });
    const token = await createApiToken({ userId: viewer.id, write: false });
    await db.apiToken.update({ where: { id: token.id }, data: { revoked: true } });
    const revoked = await scrape({ authorization: `Bearer ${token.v2}` });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({ detail: "Token disabled" });
  });

  it("answers 403 to a browser session without a token", async () => {
    const session = await createSession(viewer.id);
    const res = await scrape({ cookie: `${SESSION_COOKIE}=${session.cookieValue}` });
    expect(res.status).toBe(403);
  });

  it("serves an allow-listed address without credentials, IPv4 and IPv6, and nobody else", async () => {
    process.env.PROXBOX_METRICS_ALLOW = "192.0.2.0/24, 2001:db8::/32";
    expect((await scrape({ [REMOTE_ADDRESS_HEADER]: "192.0.2.7" })).status).toBe(200);
    // The custom server's IPv4-mapped form of the same peer.
    expect((await scrape({ [REMOTE_ADDRESS_HEADER]: "::ffff:192.0.2.200" })).status).toBe(200);
    expect((await scrape({ [REMOTE_ADDRESS_HEADER]: "2001:db8::5" })).status).toBe(200);
    expect((await scrape({ [REMOTE_ADDRESS_HEADER]: "192.0.3.1" })).status).toBe(401);
    // Outside the custom server no peer is known: not allow-listed.
    expect((await scrape()).status).toBe(401);
  });

  it("believes X-Forwarded-For only from a trusted proxy", async () => {
    process.env.PROXBOX_METRICS_ALLOW = "192.0.2.0/24";
    const forged = { [REMOTE_ADDRESS_HEADER]: "198.51.100.9", "x-forwarded-for": "192.0.2.7" };
    expect((await scrape(forged)).status).toBe(401);
    process.env.PROXBOX_TRUSTED_PROXIES = "10.1.1.1";
    const proxied = { [REMOTE_ADDRESS_HEADER]: "10.1.1.1", "x-forwarded-for": "192.0.2.7" };
    expect((await scrape(proxied)).status).toBe(200);
    // The proxy itself is not the client: a client outside the list behind it is refused.
    expect((await scrape({ ...proxied, "x-forwarded-for": "203.0.113.5" })).status).toBe(401);
  });
});

describe("PROXBOX_METRICS_ALLOW", () => {
  it("takes addresses and CIDR ranges, and fails at start naming itself on anything else", () => {
    expect(
      parseEnv({ PROXBOX_METRICS_ALLOW: "127.0.0.1, 10.0.0.0/8, ::1, fd00::/8" }).PROXBOX_METRICS_ALLOW,
    ).toBe("127.0.0.1, 10.0.0.0/8, ::1, fd00::/8");
    for (const bad of ["10.0.0.0/33", "*", "prometheus.internal", "10.0.0.0/8/1", "::1/129"]) {
      expect(() => parseEnv({ PROXBOX_METRICS_ALLOW: bad }), bad).toThrow(ConfigError);
      expect(() => parseEnv({ PROXBOX_METRICS_ALLOW: bad }), bad).toThrow(
        /PROXBOX_METRICS_ALLOW: ".*" is not an IP/,
      );
    }
  });
});
