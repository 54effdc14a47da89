import { createHmac } from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deliverAlert } from "@/server/alerts/delivery";
import { db } from "@/server/db/client";
import { encryptSecret } from "@/server/secrets";
import { setAlertRetryPolicy, startAlertWorker, stopBoss } from "@/server/sync/queue";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { setupTestDatabase } from "../helpers/db";
import { endpointForCluster, syncNow } from "../sync/helpers";
import { waitUntil } from "../sync/worker-process";
import {
  type HttpReceiver,
  mailSubject,
  mimePart,
  type SmtpTestServer,
  startHttpReceiver,
  startSmtpServer,
} from "./receivers";

// Issue 14's acceptance, end to end over real sockets: the sync raises events, the dispatcher matches
// them, pg-boss workers (the alert queue, in this process) send them to a real HTTP receiver and a
// real SMTP server. Nothing of our delivery code is replaced.
//  - a node with 40 jobs going offline: one digest per destination, not 40; coming back: one "recovered";
//  - a receiver answering 500 twice then 200: delivered once, the retries in the delivery log;
//  - a receiver that never answers: the failure is visible and the other destination is not delayed.

const logFile = vi.hoisted(() => {
  const file = `${process.env.TMPDIR ?? "/tmp"}/proxbox-alert-delivery-${process.pid}.log`;
  // Read by src/server/log.ts when it loads, i.e. after this: every log line of this file's deliveries.
  process.env.PROXBOX_LOG_FILE = file;
  process.env.PROXBOX_LOG_LEVEL = "debug";
  return file;
});

setupTestDatabase();
const CLUSTER = "dl";
const now = Math.floor(Date.now() / 1000);
const NODE_JOBS = 40;
const HOOK_SECRET = "hook-secret-5f1e0c9a";
const SMTP_PASSWORD = "smtp-pass-77d2b4";

function scenario() {
  const guests = [];
  const jobs = [];
  const healthy = { last_sync: now - 300, last_try: now - 300, duration: 4 };
  for (let i = 0; i < NODE_JOBS; i++) {
    guests.push({ vmid: 100 + i, name: `g${100 + i}`, node: "pve1", type: "qemu" });
    jobs.push({ id: `${100 + i}-0`, target: "pve2", source: "pve1", schedule: "*/15", state: healthy });
  }
  guests.push({ vmid: 200, name: "db", node: "pve2", type: "qemu" });
  jobs.push({ id: "200-0", target: "pve3", source: "pve2", schedule: "*/15", state: healthy });
  return {
    clusters: [
      {
        name: CLUSTER,
        nodes: [
          { name: "pve1", online: true, ip: "10.7.0.1", nodeid: 1 },
          { name: "pve2", online: true, ip: "10.7.0.2", nodeid: 2 },
          { name: "pve3", online: true, ip: "10.7.0.3", nodeid: 3 },
        ],
        guests,
        jobs,
        tokens: [
          {
            tokenId: "root@pam!proxbox",
            secret: "00000000-0000-4000-8000-000000000114",
            privileges: { "/": ["*"] },
          },
        ],
      },
    ],
  };
}

let sim: TestSimulator;
let endpointId: number;
const sync = () => syncNow({ kind: "replications", endpointId });
const hmac = (raw: Buffer) => `sha256=${createHmac("sha256", HOOK_SECRET).update(raw).digest("hex")}`;
const bodyOf = (raw: Buffer) =>
  JSON.parse(raw.toString("utf8")) as {
    digest: boolean;
    events: { transition: string; replication_id: string; endpoint: { name: string }; url: string }[];
  };

async function webhookDestination(name: string, url: string, extra: Record<string, unknown> = {}) {
  return db.alertDestination.create({
    data: {
      name,
      kind: "webhook",
      url,
      secretEncrypted: encryptSecret(HOOK_SECRET),
      timeoutMs: 5000,
      ...extra,
    },
  });
}

async function rule(
  name: string,
  transitions: string[],
  destinationIds: number[],
  extra: Record<string, unknown> = {},
) {
  return db.alertRule.create({
    data: {
      name,
      transitions,
      endpointIds: [endpointId],
      destinations: { create: destinationIds.map((destinationId) => ({ destinationId })) },
      ...extra,
    },
  });
}

beforeAll(async () => {
  sim = await startTestSimulator(scenario());
  endpointId = (await endpointForCluster(sim, CLUSTER)).id;
  expect((await sync()).state).toBe("succeeded");
  // Two retries after the first attempt, 1 s apart then 2 s (pg-boss backoff): a test's worth of time.
  setAlertRetryPolicy({ retryLimit: 2, retryDelaySeconds: 1 });
  await startAlertWorker(deliverAlert, 4);
}, 60_000);
afterAll(async () => {
  await stopBoss();
  await sim?.close();
  fs.rmSync(logFile, { force: true });
});

describe("a node with 40 jobs going offline, and coming back", () => {
  let hook: HttpReceiver;
  let smtp: SmtpTestServer;
  let ruleId: number;

  beforeAll(async () => {
    hook = await startHttpReceiver();
    smtp = await startSmtpServer({ starttls: true, auth: { user: "alerts", pass: SMTP_PASSWORD } });
    const webhook = await webhookDestination("ops-hook", hook.url);
    const mail = await db.alertDestination.create({
      data: {
        name: "ops-mail",
        kind: "email",
        emailTo: ["oncall@example.com", "storage@example.com"],
        emailFrom: "proxbox@example.com",
        smtpUrl: `smtp://alerts@127.0.0.1:${smtp.port}`,
        smtpPasswordEncrypted: encryptSecret(SMTP_PASSWORD),
        tlsMode: "ca",
        caPem: smtp.certPem,
        timeoutMs: 5000,
      },
    });
    ruleId = (await rule("node down", ["unknown", "recovered"], [webhook.id, mail.id], { digestSeconds: 2 }))
      .id;
  });
  afterAll(async () => {
    await db.alertRule.update({ where: { id: ruleId }, data: { enabled: false } });
    await hook?.close();
    await smtp?.close();
  });

  it("one digest per destination, not 40 messages", async () => {
    sim.state.setNodeOnline(CLUSTER, "pve1", false);
    await sync();
    expect(await db.alertEvent.count({ where: { transition: "unknown" } })).toBe(NODE_JOBS);
    await waitUntil(
      async () => (await db.alertDelivery.count({ where: { ruleId, state: "sent" } })) === 2,
      20_000,
      "both digests sent",
    );
    expect(hook.requests).toHaveLength(1);
    const [req] = hook.requests;
    // The signature, checked here with node:crypto over the bytes as received.
    expect(req!.headers["x-proxbox-signature"]).toBe(hmac(req!.raw));
    const body = bodyOf(req!.raw);
    expect(body.digest).toBe(true);
    expect(body.events).toHaveLength(NODE_JOBS);
    expect(new Set(body.events.map((e) => e.transition))).toEqual(new Set(["unknown"]));
    expect(body.events.map((e) => e.replication_id).sort()).toEqual(
      Array.from({ length: NODE_JOBS }, (_, i) => `${100 + i}-0`).sort(),
    );
    const job = await db.replication.findFirstOrThrow({ where: { endpointId, replicationId: "100-0" } });
    expect(body.events.find((e) => e.replication_id === "100-0")?.url).toMatch(
      new RegExp(`/replications/${job.id}$`),
    );
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail!.to.sort()).toEqual(["oncall@example.com", "storage@example.com"]);
    expect(mail!.secure).toBe(true); // STARTTLS, verified against the given CA
    expect(mail!.user).toBe("alerts");
    expect(mailSubject(mail!.raw)).toMatch(/40/);
    expect(mimePart(mail!.raw, "text/plain")).toContain("100-0");
    expect(mimePart(mail!.raw, "text/html")).toContain("100-0");
  }, 30_000);

  it("coming back sends one recovered digest per destination", async () => {
    sim.state.setNodeOnline(CLUSTER, "pve1", true);
    await sync();
    expect(await db.alertEvent.count({ where: { transition: "recovered" } })).toBe(NODE_JOBS);
    await waitUntil(
      async () => (await db.alertDelivery.count({ where: { ruleId, state: "sent" } })) === 4,
      20_000,
      "both recovery digests sent",
    );
    expect(hook.requests).toHaveLength(2);
    const body = bodyOf(hook.requests[1]!.raw);
    expect(body.events).toHaveLength(NODE_JOBS);
    expect(new Set(body.events.map((e) => e.transition))).toEqual(new Set(["recovered"]));
    expect(smtp.messages).toHaveLength(2);
    // The secrets went into the signature and the SMTP AUTH, never into what was sent or logged.
    for (const r of hook.requests) expect(r.raw.toString()).not.toContain(HOOK_SECRET);
    for (const m of smtp.messages) expect(m.raw).not.toContain(SMTP_PASSWORD);
    const log = JSON.stringify(await db.alertDelivery.findMany(), (_k, v) =>
      typeof v === "bigint" ? String(v) : v,
    );
    expect(log).not.toContain(HOOK_SECRET);
    expect(log).not.toContain(SMTP_PASSWORD);
  }, 30_000);
});

describe("retries and a receiver that never answers", () => {
  const failing = {
    last_sync: now - 300,
    last_try: now - 5,
    duration: 4,
    fail_count: 1,
    error: "zfs error: dataset is busy",
  };

  it("a receiver answering 500 twice then 200: delivered once, with the retries in the log", async () => {
    const flaky = await startHttpReceiver({ answers: [500, 500] });
    try {
      const dest = await webhookDestination("flaky", flaky.url);
      const r = await rule("errors to flaky", ["error"], [dest.id]);
      sim.state.setJobState(CLUSTER, "200-0", failing);
      await sync();
      await waitUntil(
        async () =>
          ["sent", "failed"].includes(
            (await db.alertDelivery.findFirst({ where: { ruleId: r.id } }))?.state ?? "",
          ),
        20_000,
        "the delivery to end",
      );
      const d = await db.alertDelivery.findFirstOrThrow({ where: { ruleId: r.id } });
      expect(d.state).toBe("sent");
      expect(d.attempts).toBe(3);
      const log = d.attemptLog as { ok: boolean; status?: number; error?: string }[];
      expect(log.map((a) => [a.ok, a.status])).toEqual([
        [false, 500],
        [false, 500],
        [true, 200],
      ]);
      expect(log[0]!.error).toMatch(/HTTP 500/);
      // Three requests for one transition, the same event each time; only the last was accepted.
      expect(flaky.requests).toHaveLength(3);
      const ids = flaky.requests.map(
        (q) => (JSON.parse(q.raw.toString()) as { events: { id: string }[] }).events[0]!.id,
      );
      expect(new Set(ids).size).toBe(1);
      // Backoff: the attempts are spaced out, the second gap longer than the first.
      const [a, b, c] = flaky.requests.map((q) => q.at);
      expect(b! - a!).toBeGreaterThanOrEqual(900);
      expect(c! - b!).toBeGreaterThan(b! - a!);
    } finally {
      await flaky.close();
    }
  }, 30_000);

  it("a receiver that never answers: the failure is visible, the other destination is not delayed", async () => {
    const hung = await startHttpReceiver({ answers: ["hang", "hang", "hang"] });
    const fine = await startHttpReceiver();
    try {
      const hungDest = await webhookDestination("hung", hung.url, { timeoutMs: 3000 });
      const fineDest = await webhookDestination("fine", fine.url);
      const r = await rule("recoveries", ["recovered"], [hungDest.id, fineDest.id]);
      sim.state.setJobState(CLUSTER, "200-0", { last_sync: now - 5, last_try: now - 5, duration: 4 });
      const synced = Date.now();
      await sync();
      await waitUntil(async () => fine.requests.length === 1, 10_000, "the healthy destination's delivery");
      // Sent while the hung destination was still waiting on its first answer.
      expect(fine.requests[0]!.at - synced).toBeLessThan(2500);
      const hungDelivery = await db.alertDelivery.findFirstOrThrow({
        where: { ruleId: r.id, destinationId: hungDest.id },
      });
      expect(["sending", "retrying", "queued"]).toContain(hungDelivery.state);
      await waitUntil(
        async () =>
          (await db.alertDelivery.findFirstOrThrow({ where: { id: hungDelivery.id } })).state === "failed",
        30_000,
        "the hung destination's delivery to fail",
      );
      const failed = await db.alertDelivery.findFirstOrThrow({ where: { id: hungDelivery.id } });
      expect(failed.attempts).toBe(3);
      expect(failed.lastError).toMatch(/no answer from http:\/\/127\.0\.0\.1:\d+\/hook within 3000 ms/);
      expect(hung.requests).toHaveLength(3);
      const sent = await db.alertDelivery.findFirstOrThrow({
        where: { ruleId: r.id, destinationId: fineDest.id },
      });
      expect(sent.state).toBe("sent");
    } finally {
      await hung.close();
      await fine.close();
    }
  }, 45_000);
});

describe("secrets stay out of logs and the delivery log", () => {
  it("a refused SMTP login fails with the server's reason, and neither secret is in any log line", async () => {
    const smtp = await startSmtpServer({ auth: { user: "alerts", pass: SMTP_PASSWORD } });
    try {
      const dest = await db.alertDestination.create({
        data: {
          name: "wrong-password",
          kind: "email",
          emailTo: ["oncall@example.com"],
          emailFrom: "proxbox@example.com",
          smtpUrl: `smtp://alerts@127.0.0.1:${smtp.port}`,
          smtpPasswordEncrypted: encryptSecret(`${SMTP_PASSWORD}-wrong`),
          timeoutMs: 5000,
        },
      });
      const r = await rule("errors by mail", ["error"], [dest.id]);
      sim.state.setJobState(CLUSTER, "200-0", {
        last_sync: now - 300,
        last_try: now - 2,
        duration: 4,
        fail_count: 1,
        error: "zfs error: dataset is busy",
      });
      await sync();
      await waitUntil(
        async () => (await db.alertDelivery.findFirst({ where: { ruleId: r.id } }))?.state === "failed",
        30_000,
        "the delivery to fail",
      );
      const d = await db.alertDelivery.findFirstOrThrow({ where: { ruleId: r.id } });
      expect(d.lastError).toMatch(/Invalid login/);
      expect(smtp.authAttempts.length).toBe(3);
      expect(smtp.authAttempts.every((a) => !a.ok)).toBe(true);
      const lines = fs.readFileSync(logFile, "utf8");
      // The log is not empty: it has this failure (and the earlier ones) — and no secret.
      expect(lines).toMatch(/alert delivery failed; no retries left/);
      expect(lines).toMatch(/Invalid login/);
      for (const secret of [HOOK_SECRET, SMTP_PASSWORD]) expect(lines).not.toContain(secret);
      const rows = JSON.stringify(await db.alertDelivery.findMany(), (_k, v) =>
        typeof v === "bigint" ? String(v) : v,
      );
      expect(rows).not.toContain(SMTP_PASSWORD);
    } finally {
      await smtp.close();
    }
  }, 45_000);
});
