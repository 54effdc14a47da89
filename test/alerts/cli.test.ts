import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { decryptSecret, resetSecretKeyCache } from "@/server/secrets";
import { seedEndpoint, seedReplication } from "../api/factories";
import { type CliResult, runCli } from "../cli/run-cli";
import { setupTestDatabase } from "../helpers/db";

// `proxbox alert …` through the real CLI in a child process (as test/cli does) against a real
// PostgreSQL. Secrets come from environment variables or files and never show on stdout, stderr, in
// --json output or in the log file; a bad option stores nothing and names the option.

const databaseUrl = setupTestDatabase();
const KEY = "9a".repeat(32);
const SECRET = "cli-hmac-key-e3b0c442-never-printed";
const HEADER_VALUE = "Bearer cli-hdr-98fc1c14-never-printed";
const SMTP_PASSWORD = "cli-smtp-pw-9afbf4c8-never-printed";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-cli-alerts-"));
const logFile = path.join(dir, "cli.log");

const env = (extra: Record<string, string> = {}) => ({
  DATABASE_URL: databaseUrl(),
  PROXBOX_SECRET_KEY: KEY,
  PROXBOX_LOG_LEVEL: "debug",
  PROXBOX_LOG_FILE: logFile,
  PROXBOX_LOG_FORMAT: undefined,
  ...extra,
});
const cli = (args: string[], extra: Record<string, string> = {}) => runCli(args, { env: env(extra) });

function expectNoSecret(result: CliResult) {
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "";
  for (const secret of [SECRET, HEADER_VALUE, SMTP_PASSWORD]) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
    expect(log).not.toContain(secret);
  }
  expect(result.stdout).not.toContain("v1:");
}

let endpointName: string;
beforeAll(async () => {
  process.env.PROXBOX_SECRET_KEY = KEY;
  resetSecretKeyCache();
  endpointName = (await seedEndpoint()).name;
});
afterAll(() => {
  resetSecretKeyCache();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("proxbox alert", () => {
  it("adds a webhook destination with its secret from --secret-env and headers, never printing them", async () => {
    const added = await cli(
      [
        "--json",
        "alert",
        "destination",
        "add",
        "--name",
        "hook",
        "--webhook",
        "https://hooks.example.com/proxbox",
        "--secret-env",
        "HOOK_SECRET",
        "--header-env",
        "Authorization=HOOK_AUTH",
        "--header",
        "X-Team: storage",
        "--timeout",
        "5000",
      ],
      { HOOK_SECRET: SECRET, HOOK_AUTH: HEADER_VALUE },
    );
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({
      name: "hook",
      kind: "webhook",
      hasSecret: true,
      headerNames: ["X-Team", "Authorization"],
      timeoutMs: 5000,
    });
    expectNoSecret(added);
    const row = await db.alertDestination.findUniqueOrThrow({ where: { name: "hook" } });
    expect(decryptSecret(row.secretEncrypted as string)).toBe(SECRET);
    expect(JSON.parse(decryptSecret(row.headersEncrypted as string))).toEqual({
      Authorization: HEADER_VALUE,
      "X-Team": "storage",
    });
  }, 60_000);

  it("adds an e-mail destination; the password in --smtp-url is split out and never printed", async () => {
    const added = await cli([
      "alert",
      "destination",
      "add",
      "--name",
      "mail",
      "--email",
      "ops@example.com",
      "oncall@example.com",
      "--smtp-url",
      `smtp://alerts:${encodeURIComponent(SMTP_PASSWORD)}@mail.example.com:587`,
      "--from",
      "proxbox@example.com",
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/added email destination mail \(#\d+\)/);
    expectNoSecret(added);
    const row = await db.alertDestination.findUniqueOrThrow({ where: { name: "mail" } });
    expect(row).toMatchObject({
      smtpUrl: "smtp://alerts@mail.example.com:587",
      emailTo: ["ops@example.com", "oncall@example.com"],
      emailFrom: "proxbox@example.com",
    });
    expect(decryptSecret(row.smtpPasswordEncrypted as string)).toBe(SMTP_PASSWORD);
  }, 60_000);

  it("refuses a missing secret source or a bad option, names it, and stores nothing", async () => {
    const before = await db.alertDestination.count();
    const missing = await cli([
      "alert",
      "destination",
      "add",
      "--name",
      "x",
      "--webhook",
      "https://h.example.com",
      "--secret-env",
      "NOT_SET_ANYWHERE",
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("--secret-env NOT_SET_ANYWHERE");
    const badUrl = await cli([
      "alert",
      "destination",
      "add",
      "--name",
      "x",
      "--webhook",
      "ftp://h.example.com",
    ]);
    expect(badUrl.code).not.toBe(0);
    expect(badUrl.stderr).toMatch(/--webhook: must be an http/);
    const badHeader = await cli([
      "alert",
      "destination",
      "add",
      "--name",
      "x",
      "--webhook",
      "https://h.example.com",
      "--header",
      HEADER_VALUE,
    ]);
    expect(badHeader.code).not.toBe(0);
    expect(badHeader.stderr).toContain("--header must look like 'Name: value'");
    expectNoSecret(badHeader);
    const mixed = await cli([
      "alert",
      "destination",
      "add",
      "--name",
      "x",
      "--email",
      "a@example.com",
      "--smtp-url",
      "smtp://m.example.com",
      "--tls-fingerprint",
      "AA",
    ]);
    expect(mixed.code).not.toBe(0);
    expect(mixed.stderr).toContain("only apply to --webhook destinations");
    expect(await db.alertDestination.count()).toBe(before);
  }, 120_000);

  it("adds rules by names, refuses an unknown filter naming it, lists both tables and --json", async () => {
    const added = await cli([
      "--json",
      "alert",
      "rule",
      "add",
      "--name",
      "pve3-errors",
      "--on",
      "error,recovered",
      "--destination",
      "hook",
      "mail",
      "--endpoint",
      endpointName,
      "--filter",
      "target=pve3",
      "--digest-seconds",
      "120",
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({
      name: "pve3-errors",
      transitions: ["error", "recovered"],
      endpoints: [{ name: endpointName }],
      filter: "target=pve3",
      digestSeconds: 120,
      destinations: [{ name: "hook" }, { name: "mail" }],
      enabled: true,
    });
    const bogus = await cli([
      "alert",
      "rule",
      "add",
      "--name",
      "b",
      "--on",
      "stuck",
      "--destination",
      "hook",
      "--filter",
      "bogus=1",
    ]);
    expect(bogus.code).not.toBe(0);
    expect(bogus.stderr).toMatch(/--filter: .*bogus/);
    const badOn = await cli(["alert", "rule", "add", "--name", "b", "--on", "down", "--destination", "hook"]);
    expect(badOn.code).not.toBe(0);
    expect(badOn.stderr).toMatch(/--on\.0: must be among error, overdue, stuck, unknown, recovered/);
    const noDest = await cli([
      "alert",
      "rule",
      "add",
      "--name",
      "b",
      "--on",
      "stuck",
      "--destination",
      "nope",
    ]);
    expect(noDest.code).not.toBe(0);
    expect(noDest.stderr).toContain("alert destination nope does not exist");
    expect(await db.alertRule.count()).toBe(1);

    const listed = await cli(["alert", "list"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(
      /RULES[\s\S]*pve3-errors\s+error,recovered[\s\S]*DESTINATIONS[\s\S]*hook[\s\S]*mail/,
    );
    expect(listed.stdout).toContain("headers: X-Team, Authorization");
    const json = await cli(["--json", "alert", "list"]);
    const both = JSON.parse(json.stdout);
    expect(both.rules.map((r: { name: string }) => r.name)).toEqual(["pve3-errors"]);
    expect(both.destinations.map((d: { name: string }) => d.name)).toEqual(["hook", "mail"]);
    for (const d of both.destinations) {
      expect(Object.keys(d)).not.toEqual(
        expect.arrayContaining(["secretEncrypted", "headersEncrypted", "smtpPasswordEncrypted"]),
      );
    }
    expectNoSecret(listed);
    expectNoSecret(json);
  }, 120_000);

  it("shows the delivery log for a rule, newest first, limited", async () => {
    const rule = await db.alertRule.findUniqueOrThrow({ where: { name: "pve3-errors" } });
    const hook = await db.alertDestination.findUniqueOrThrow({ where: { name: "hook" } });
    const ep = await db.proxmoxEndpoint.findUniqueOrThrow({ where: { name: endpointName } });
    const job = await seedReplication(ep.id);
    const ev = await db.alertEvent.create({
      data: { jobId: job.id, endpointId: ep.id, transition: "error", health: "error" },
    });
    await db.alertDelivery.createMany({
      data: [
        {
          ruleId: rule.id,
          destinationId: hook.id,
          state: "sent",
          eventIds: [ev.id],
          attempts: 1,
          created: new Date(Date.UTC(2026, 0, 1)),
        },
        {
          ruleId: rule.id,
          destinationId: hook.id,
          state: "failed",
          eventIds: [ev.id],
          attempts: 5,
          lastError: "HTTP 503",
          created: new Date(Date.UTC(2026, 0, 2)),
        },
      ],
    });
    const out = await cli(["alert", "deliveries", "--rule", "pve3-errors", "--limit", "1"]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/pve3-errors\s+hook\s+failed\s+1\s+5\s+HTTP 503/);
    expect(out.stdout).not.toMatch(/\bsent\b/);
    expect(out.stdout).toContain("(1 of 2)");
    const json = JSON.parse((await cli(["--json", "alert", "deliveries", "--state", "sent"])).stdout);
    expect(json).toMatchObject({ count: 1, results: [{ state: "sent", eventCount: 1 }] });
  }, 60_000);

  it("alert test prints ok, or the exact failure with a non-zero exit code", async () => {
    let status = 200;
    const receiver = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(status).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const port = (receiver.address() as AddressInfo).port;
      const add = await cli(
        [
          "alert",
          "destination",
          "add",
          "--name",
          "local",
          "--webhook",
          `http://127.0.0.1:${port}/`,
          "--secret-env",
          "S",
        ],
        { S: SECRET },
      );
      expect(add.code, add.stderr).toBe(0);
      const ok = await cli(["alert", "test", "--destination", "local"]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/^ok: /);
      status = 500;
      const failed = await cli(["alert", "test", "--destination", "local"]);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/failed: .*500/);
      expectNoSecret(ok);
      expectNoSecret(failed);
    } finally {
      receiver.close();
    }
  }, 120_000);

  it("removes a rule and a destination with alert remove; a rule's only destination is refused", async () => {
    const solo = await cli([
      "alert",
      "rule",
      "add",
      "--name",
      "solo",
      "--on",
      "stuck",
      "--destination",
      "mail",
    ]);
    expect(solo.code, solo.stderr).toBe(0);
    const refused = await cli(["alert", "remove", "--destination", "mail"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("alert destination mail is the only destination of solo");
    expect(await db.alertDestination.count({ where: { name: "mail" } })).toBe(1);
    const none = await cli(["alert", "remove"]);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain("give either --rule NAME or --destination NAME");
    const rule = await cli(["--json", "alert", "remove", "--rule", "pve3-errors"]);
    expect(rule.code, rule.stderr).toBe(0);
    expect(JSON.parse(rule.stdout)).toEqual({ removed: { rule: "pve3-errors" } });
    const hook = await cli(["alert", "remove", "--destination", "hook"]);
    expect(hook.code, hook.stderr).toBe(0);
    expect(hook.stdout).toContain("removed alert destination hook");
    const ruleToo = await cli(["alert", "rule", "remove", "solo"]);
    expect(ruleToo.code, ruleToo.stderr).toBe(0);
    expect(await db.alertRule.count()).toBe(0);
    expect((await db.alertDestination.findMany({ select: { name: true } })).map((d) => d.name)).not.toContain(
      "hook",
    );
  }, 60_000);
});
