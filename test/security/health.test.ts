import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { livenessReport } from "@/server/liveness";
import { freshDatabasePerFile } from "../api/db";
import { type SeededUser, seedUser } from "../api/factories";
import { makeRequest } from "../api/http";

// /api/health tells anyone only "ok" or "unavailable"; the database's kind, latency, migrations and
// error text are for signed-in users (they describe the installation to an attacker).

const databaseUrl = freshDatabasePerFile();

let viewer: SeededUser;
beforeAll(async () => {
  viewer = await seedUser("viewer");
});

async function health(opts: { token?: string; authorization?: string } = {}) {
  const res = await GET(makeRequest("http://localhost/api/health", opts));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Points the app at a port where nothing listens, as if the database were down. */
async function withDatabaseDown<T>(fn: () => Promise<T>): Promise<T> {
  const previous = process.env.PROXBOX_RUNTIME_DATABASE_URL;
  const url = new URL(databaseUrl());
  url.port = "1";
  url.password = "the-database-password";
  process.env.PROXBOX_RUNTIME_DATABASE_URL = url.toString();
  try {
    return await fn();
  } finally {
    process.env.PROXBOX_RUNTIME_DATABASE_URL = previous;
  }
}

describe("GET /api/health", () => {
  it("anonymous: only the status, 200", async () => {
    expect(await health()).toEqual({ status: 200, body: { status: "ok" } });
  });

  it("an invalid token gets no more than anonymous", async () => {
    expect(await health({ authorization: "Bearer nbt_nothere.nothing" })).toEqual({
      status: 200,
      body: { status: "ok" },
    });
  });

  it("a signed-in user (API token) gets the full report", async () => {
    const res = await health({ token: viewer.readToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "ok",
      database: { up: true, migrations: expect.any(Number), latencyMs: expect.any(Number) },
    });
  });

  it("database down: 503 and only the status — no error text, host or port, even with a token", async () => {
    for (const opts of [{}, { token: viewer.readToken }]) {
      const res = await withDatabaseDown(() => health(opts));
      expect(res).toEqual({ status: 503, body: { status: "unavailable" } });
    }
    // The detailed report (for /api/status/) still knows why.
    const report = await withDatabaseDown(() => livenessReport());
    expect(report.status).toBe("degraded");
    expect(report.database.error).toMatch(/ECONNREFUSED|connect/);
  });
});
