import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Logs go to a file this test reads (src/server/log.ts picks its destination when first imported,
// so this runs before the imports below).
const logFile = await vi.hoisted(async () => {
  const { mkdtempSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const file = join(mkdtempSync(join(tmpdir(), "proxbox-signin-")), "server.log");
  process.env.PROXBOX_LOG_FILE = file;
  process.env.PROXBOX_LOG_LEVEL = "info";
  return file;
});

import * as signIn from "@/app/api/auth/sign-in/route";
import { passwordHashingGauge } from "@/server/auth/password";
import { createUser } from "@/server/auth/service";
import { db } from "@/server/db/client";
import { REMOTE_ADDRESS_HEADER } from "@/server/http/forwarded";
import { freshDatabasePerFile } from "../api/db";

// Sign-in hardening: ?next= cannot leave the site, guesses are throttled per username+client, per
// client and per username before any password hashing, password hashing is bounded, and failures
// are logged without the typed username.

freshDatabasePerFile();

const PASSWORD = "correct horse battery staple";

function post(
  fields: Record<string, string>,
  opts: { json?: boolean; client?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.client) headers[REMOTE_ADDRESS_HEADER] = opts.client;
  const request = new Request("http://proxbox.local/api/auth/sign-in/", {
    method: "POST",
    headers: {
      "content-type": opts.json ? "application/json" : "application/x-www-form-urlencoded",
      ...headers,
    },
    body: opts.json ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
  });
  return signIn.POST(request);
}

afterAll(() => fs.rmSync(path.dirname(logFile), { recursive: true, force: true }));

/** Runs `fn` with some settings changed (they are read per request). */
async function withSettings(settings: Record<string, string>, fn: () => Promise<void>): Promise<void> {
  Object.assign(process.env, settings);
  try {
    await fn();
  } finally {
    for (const key of Object.keys(settings)) delete process.env[key];
  }
}

beforeAll(async () => {
  for (const username of ["alice", "bob", "carol", "dave", "erin"]) {
    await createUser({ username, role: "viewer", password: PASSWORD });
  }
});

describe("open redirect after sign-in", () => {
  it.each([
    ["/\t/evil.example", "tab"],
    ["/\r\n/evil.example", "CR LF"],
    ["/ /evil.example", "space"],
    ["/\u0000/evil.example", "NUL"],
    ["//evil.example", "two slashes"],
    ["/\\evil.example", "backslash"],
  ])("a signed-in form POST with next=%j (%s) lands on /", async (next) => {
    // URLSearchParams sends the tab as %09, as a crafted link /sign-in?next=/%09/evil.example would.
    const res = await post({ username: "alice", password: PASSWORD, next }, { client: "192.0.2.1" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    expect(res.headers.get("set-cookie")).toMatch(/^proxbox_session=/);
  });

  it("keeps a local next, query included", async () => {
    const res = await post(
      { username: "alice", password: PASSWORD, next: "/replications?health=error" },
      { client: "192.0.2.1" },
    );
    expect(res.headers.get("location")).toBe("/replications?health=error");
  });
});

describe("sign-in throttling", () => {
  it("answers the 11th bad attempt with 429 and Retry-After, without hashing the password", async () => {
    const client = "198.51.100.10";
    for (let i = 1; i <= 10; i++) {
      const res = await post({ username: "bob", password: `wrong guess ${i}` }, { json: true, client });
      expect(res.status, `attempt ${i}`).toBe(400);
    }
    const before = passwordHashingGauge().started;
    const eleventh = await post({ username: "bob", password: "wrong guess 11" }, { json: true, client });
    expect(eleventh.status).toBe(429);
    const retryAfter = Number(eleventh.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await eleventh.json()).toEqual({
      detail: "Too many failed sign-in attempts. Try again in 15 minutes.",
    });
    // The right password is refused too while throttled, and no password was hashed for either.
    const right = await post({ username: "bob", password: PASSWORD }, { json: true, client });
    expect(right.status).toBe(429);
    expect(passwordHashingGauge().started).toBe(before);
    // The form is sent back to the sign-in page with the reason and the wait.
    const form = await post({ username: "bob", password: PASSWORD, next: "/replications" }, { client });
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toMatch(
      /^\/sign-in\?error=throttled&retry=\d+&next=%2Freplications$/,
    );
    expect(Number(form.headers.get("retry-after"))).toBeGreaterThan(0);
    // Counters are stored under hashes, never the typed username.
    const keys = (await db.rateLimit.findMany({ select: { key: true } })).map((r) => r.key).join("\n");
    expect(keys).not.toContain("bob");
  });

  it("does not hold one client's failures against another client or another username", () =>
    withSettings({ PROXBOX_SIGN_IN_MAX_FAILURES: "3" }, async () => {
      const attacker = "198.51.100.20";
      for (let i = 1; i <= 3; i++)
        await post({ username: "carol", password: `nope ${i}` }, { client: attacker });
      const blocked = await post({ username: "carol", password: PASSWORD }, { json: true, client: attacker });
      expect(blocked.status).toBe(429);
      // carol from her own machine, and another user from the attacker's address, still get in.
      const carol = await post(
        { username: "carol", password: PASSWORD },
        { json: true, client: "203.0.113.5" },
      );
      expect(carol.status).toBe(200);
      const dave = await post({ username: "dave", password: PASSWORD }, { json: true, client: attacker });
      expect(dave.status).toBe(200);
    }));

  it("forgets a username's failures from a client after a successful sign-in", () =>
    withSettings({ PROXBOX_SIGN_IN_MAX_FAILURES: "3" }, async () => {
      const client = "198.51.100.30";
      for (let i = 1; i <= 2; i++)
        await post({ username: "erin", password: `typo ${i}` }, { json: true, client });
      expect((await post({ username: "erin", password: PASSWORD }, { json: true, client })).status).toBe(200);
      for (let i = 1; i <= 3; i++) {
        const res = await post({ username: "erin", password: `typo again ${i}` }, { json: true, client });
        expect(res.status, `attempt ${i} after the reset`).toBe(400);
      }
      expect((await post({ username: "erin", password: PASSWORD }, { json: true, client })).status).toBe(429);
    }));

  it("limits failures per client across usernames (PROXBOX_SIGN_IN_MAX_FAILURES_PER_CLIENT)", () =>
    withSettings({ PROXBOX_SIGN_IN_MAX_FAILURES_PER_CLIENT: "3" }, async () => {
      const client = "198.51.100.40";
      for (let i = 1; i <= 3; i++) {
        const res = await post({ username: `nobody-${i}`, password: "whatever!" }, { json: true, client });
        expect(res.status).toBe(400);
      }
      const fourth = await post({ username: "nobody-4", password: "whatever!" }, { json: true, client });
      expect(fourth.status).toBe(429);
      expect(Number(fourth.headers.get("retry-after"))).toBeGreaterThan(3500);
    }));

  it("limits failures per username across clients (PROXBOX_SIGN_IN_MAX_FAILURES_PER_USER)", () =>
    withSettings({ PROXBOX_SIGN_IN_MAX_FAILURES_PER_USER: "3" }, async () => {
      for (let i = 1; i <= 3; i++) {
        const res = await post(
          { username: "ghost", password: "whatever!" },
          { json: true, client: `10.9.0.${i}` },
        );
        expect(res.status).toBe(400);
      }
      const res = await post(
        { username: "ghost", password: "whatever!" },
        { json: true, client: "10.9.0.99" },
      );
      expect(res.status).toBe(429);
    }));

  it("counts an IPv6 client by its /64", () =>
    withSettings({ PROXBOX_SIGN_IN_MAX_FAILURES: "2" }, async () => {
      for (const client of ["2001:db8:5:6::1", "2001:db8:5:6::2"]) {
        const res = await post({ username: "dave", password: "not it!!!!" }, { json: true, client });
        expect(res.status).toBe(400);
      }
      const sameNet = await post(
        { username: "dave", password: PASSWORD },
        { json: true, client: "2001:db8:5:6::3" },
      );
      expect(sameNet.status).toBe(429);
      const otherNet = await post(
        { username: "dave", password: PASSWORD },
        { json: true, client: "2001:db8:5:7::1" },
      );
      expect(otherNet.status).toBe(200);
    }));
});

describe("password hashing bound", () => {
  it("runs at most 2 password checks at once and refuses attempts beyond the queue with 429", () =>
    withSettings({ PROXBOX_PASSWORD_HASH_QUEUE: "2" }, async () => {
      expect(passwordHashingGauge().running).toBe(0);
      const started = Date.now();
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          post({ username: "alice", password: `flood ${i}` }, { json: true, client: `172.16.0.${i + 1}` }),
        ),
      );
      const statuses = responses.map((r) => r.status);
      const gauge = passwordHashingGauge();
      console.info(
        `20 concurrent sign-ins: ${statuses.join(",")} in ${Date.now() - started} ms; peak ${gauge.peak}`,
      );
      expect(gauge.peak).toBe(2);
      expect(statuses.every((s) => s === 400 || s === 429)).toBe(true);
      // 2 running + 2 queued get a verdict; the others are turned away at once.
      expect(statuses.filter((s) => s === 400).length).toBeGreaterThanOrEqual(4);
      const busy = responses.filter((r) => r.status === 429);
      expect(busy.length).toBeGreaterThan(0);
      for (const r of busy) {
        expect(r.headers.get("retry-after")).toBe("1");
        expect(await r.json()).toEqual({
          detail: "Too many sign-in attempts at once. Try again in a moment.",
        });
      }
      // Attempts turned away as busy are not counted as failures.
      const rows = await db.rateLimit.findMany({ where: { key: { startsWith: "signin_c:172.16.0." } } });
      expect(rows.reduce((sum, r) => sum + r.points, 0)).toBe(statuses.filter((s) => s === 400).length);
    }));
});

describe("sign-in log", () => {
  it("never contains the typed username of a failed attempt", async () => {
    const typedPassword = "Hunter2-Sup3r-S3cret!";
    const res = await post({ username: typedPassword, password: "x".repeat(12) }, { client: "192.0.2.77" });
    expect(res.status).toBe(303);
    await post({ username: "alice", password: `${typedPassword}-wrong` }, { client: "192.0.2.77" });
    const log = fs.readFileSync(logFile, "utf8");
    const failures = log
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.msg === "sign-in failed" && entry.client === "192.0.2.77");
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({ userExists: false, userId: null, attemptsLeft: 9 });
    expect(failures[1]).toMatchObject({ userExists: true, userId: expect.any(Number) });
    expect(log).not.toContain(typedPassword);
    expect(log).toContain('"msg":"sign-in throttled"');
  });
});
