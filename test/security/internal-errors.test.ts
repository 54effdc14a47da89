import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as list from "@/app/api/plugins/proxbox/replications/route";
import * as trpcRoute from "@/app/api/trpc/[trpc]/route";
import { db, runInBackground } from "@/server/db/client";
import { freshDatabasePerFile } from "../api/db";
import { type SeededUser, seedEndpoint, seedReplication, seedUser } from "../api/factories";
import { call, makeRequest } from "../api/http";

// An internal error (here a Prisma error: a column the query needs is missing) reaches the client as a
// generic message with the request id; the log has the full error under the same id. Expected errors
// keep their messages.

const logFile = vi.hoisted(() => {
  const file = `${process.env.TMPDIR ?? "/tmp"}/proxbox-internal-errors-${process.pid}.log`;
  // Read by src/server/log.ts when it loads, i.e. after this.
  process.env.PROXBOX_LOG_FILE = file;
  process.env.PROXBOX_LOG_LEVEL = "info";
  return file;
});

freshDatabasePerFile();
afterAll(() => fs.rmSync(logFile, { force: true }));

let viewer: SeededUser;

beforeAll(async () => {
  viewer = await seedUser("viewer");
  const endpoint = await seedEndpoint();
  await seedReplication(endpoint.id, { comment: "nightly" });
});

/** Breaks the replication table for the duration of fn: every list query then fails inside Prisma. */
async function withBrokenTable<T>(fn: () => Promise<T>): Promise<T> {
  await runInBackground(() =>
    db.$executeRawUnsafe("alter table replication rename column comment to comment_gone"),
  );
  try {
    return await fn();
  } finally {
    await runInBackground(() =>
      db.$executeRawUnsafe("alter table replication rename column comment_gone to comment"),
    );
  }
}

function logLinesWith(requestId: string): Array<Record<string, unknown>> {
  return fs
    .readFileSync(logFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.requestId === requestId);
}

const GENERIC = /^An internal error occurred; see the server log for request ([0-9a-f-]{36})\.$/;

describe("internal errors", () => {
  it("tRPC: a generic message with the request id; the log has the Prisma detail under that id", async () => {
    const requestId = crypto.randomUUID();
    const input = encodeURIComponent(JSON.stringify({ json: { query: "", limit: 5 } }));
    const res = await withBrokenTable(() =>
      trpcRoute.GET(
        makeRequest(`http://localhost/api/trpc/replications.list?input=${input}`, {
          token: viewer.readToken,
          headers: { "x-request-id": requestId },
        }),
      ),
    );
    expect(res.status).toBe(500);
    const text = await res.text();
    const body = JSON.parse(text) as { error: { json: { message: string; data: Record<string, unknown> } } };
    expect(body.error.json.message).toBe(
      `An internal error occurred; see the server log for request ${requestId}.`,
    );
    expect(body.error.json.data.requestId).toBe(requestId);
    expect(body.error.json.data.stack).toBeUndefined();
    // Nothing of the database's own words reaches the client.
    expect(text).not.toMatch(/comment|column|prisma|does not exist/i);
    const logged = logLinesWith(requestId);
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0])).toMatch(/comment/);
    expect(logged[0].level).toBe(50); // error
  });

  it("REST: NetBox's 500 shape with a generic message and the request id; detail only in the log", async () => {
    const res = await withBrokenTable(() => call(list.GET, "/replications/", { token: viewer.readToken }));
    expect(res.status).toBe(500);
    const body = res.body as { error: string; exception: string };
    const match = GENERIC.exec(body.error);
    expect(match).not.toBeNull();
    expect(res.text).not.toMatch(/comment|column|prisma|does not exist/i);
    const logged = logLinesWith(match?.[1] ?? "");
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0])).toMatch(/comment/);
  });

  it("expected errors keep their messages (validation, authentication)", async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { query: "", limit: 0 } }));
    const bad = await trpcRoute.GET(
      makeRequest(`http://localhost/api/trpc/replications.list?input=${input}`, { token: viewer.readToken }),
    );
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { error: { json: { data: { code: string; zodError: unknown } } } };
    expect(badBody.error.json.data.code).toBe("BAD_REQUEST");
    expect(badBody.error.json.data.zodError).not.toBeNull();

    const anonymous = await trpcRoute.GET(
      makeRequest(`http://localhost/api/trpc/replications.list?input=${input}`),
    );
    expect(anonymous.status).toBe(401);
    const anonBody = (await anonymous.json()) as { error: { json: { message: string } } };
    expect(anonBody.error.json.message).toBe("Authentication credentials were not provided.");
  });
});
