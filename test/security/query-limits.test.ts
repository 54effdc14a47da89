import { beforeAll, describe, expect, it } from "vitest";
import * as list from "@/app/api/plugins/proxbox/replications/route";
import * as trpcRoute from "@/app/api/trpc/[trpc]/route";
import { currentDbPurpose, db, runInBackground } from "@/server/db/client";
import { QUERY_TOO_SLOW_MESSAGE } from "@/server/db/errors";
import { probeDatabase } from "@/server/db/probe";
import { MAX_FILTER_VALUES, MAX_REGEX_LENGTH, MAX_REGEX_VALUES } from "@/server/filters/limits";
import { freshDatabasePerFile } from "../api/db";
import { type SeededUser, seedEndpoint, seedUser } from "../api/factories";
import { call, makeRequest } from "../api/http";

// A read-only token must not be able to stall the app with expensive filters: regular expressions are
// bounded in number and length (a NetBox-shaped 400 naming the parameter), every request statement
// is cancelled after PROXBOX_STATEMENT_TIMEOUT_MS (a 503 that says what to do), and neither the sync
// (background pool) nor the health check (its own pool) waits behind slow requests.

// Read when the request pool is created (first query of this process), so set before any.
const TIMEOUT_MS = 400;
process.env.PROXBOX_STATEMENT_TIMEOUT_MS = String(TIMEOUT_MS);

freshDatabasePerFile();

const ROWS = 20_000;
let viewer: SeededUser;

beforeAll(async () => {
  viewer = await seedUser("viewer");
  const endpoint = await seedEndpoint();
  // Enough long comments that 20 case-insensitive regexes take seconds (measured ~1.6 s for 20,000
  // rows of 960 characters), far beyond the timeout. Seeded on the background pool: no timeout there.
  await runInBackground(() =>
    db.$executeRawUnsafe(
      `insert into replication (endpoint_id, replication_id, guest, jobnum, target, comment)
       select $1, i || '-0', i, 0, 'pve2', repeat(md5(i::text), 30) from generate_series(1, ${ROWS}) i`,
      endpoint.id,
    ),
  );
});

const regexes = (n: number, key = "comment__iregex") =>
  Array.from({ length: n }, (_, i) => `${key}=${encodeURIComponent(`${i}[a-f]*${i}[0-9]+z`)}`).join("&");

const rest = (query: string) =>
  call(list.GET, `/replications/?${query}&limit=1`, { token: viewer.readToken });

describe("regular expression limits (REST)", () => {
  it(`${MAX_REGEX_VALUES + 1} regular expressions in one request → 400 naming the parameter`, async () => {
    // Spread over two parameters: the limit is per request, not per parameter.
    const query = `${regexes(11, "target__regex")}&${regexes(MAX_REGEX_VALUES - 11 + 1)}`;
    const res = await rest(query);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      comment__iregex: [`At most ${MAX_REGEX_VALUES} regular expressions are allowed per request.`],
    });
  });

  it(`a regular expression longer than ${MAX_REGEX_LENGTH} characters → 400`, async () => {
    const long = `^${"a".repeat(MAX_REGEX_LENGTH)}`;
    const res = await rest(`target__regex=${encodeURIComponent(long)}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      target__regex: [
        `Ensure this value has at most ${MAX_REGEX_LENGTH} characters (it has ${long.length}).`,
      ],
    });
    // Exactly at the limit is fine.
    const ok = await rest(`target__regex=${encodeURIComponent("a".repeat(MAX_REGEX_LENGTH))}`);
    expect(ok.status).toBe(200);
  });

  it("an invalid regular expression (PostgreSQL's dialect) → 400, not 500", async () => {
    const res = await rest(`comment__regex=${encodeURIComponent("((a")}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ comment__regex: ["Enter a valid regular expression."] });
  });

  it(`more than ${MAX_FILTER_VALUES} filter values in one request → 400`, async () => {
    const query = Array.from({ length: MAX_FILTER_VALUES + 1 }, (_, i) => `guest=${i + 1}`).join("&");
    const res = await rest(query);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      guest: [`At most ${MAX_FILTER_VALUES} filter values are allowed per request.`],
    });
  });
});

describe("the statement timeout", () => {
  it("cancels a request query that runs too long: REST answers 503 with what to do, quickly", async () => {
    const started = performance.now();
    const res = await rest(regexes(MAX_REGEX_VALUES));
    const elapsed = performance.now() - started;
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ detail: QUERY_TOO_SLOW_MESSAGE });
    // Cancelled near the timeout, not after the ~1.6 s the query needs (nor hanging).
    expect(elapsed).toBeLessThan(1500);
  });

  it("tRPC: the same query is a SERVICE_UNAVAILABLE with the same message", async () => {
    const input = encodeURIComponent(
      JSON.stringify({ json: { query: regexes(MAX_REGEX_VALUES), limit: 5 } }),
    );
    const res = await trpcRoute.GET(
      makeRequest(`http://localhost/api/trpc/replications.list?input=${input}`, { token: viewer.readToken }),
    );
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { json: { message: string; data: { code: string } } } };
    expect(body.error.json.message).toBe(QUERY_TOO_SLOW_MESSAGE);
    expect(body.error.json.data.code).toBe("SERVICE_UNAVAILABLE");
  });

  it("does not apply to background work (the sync), whose timers keep their context", async () => {
    const sleep = `select pg_sleep(${(TIMEOUT_MS * 2) / 1000})::text as slept`;
    await expect(db.$queryRawUnsafe(sleep)).rejects.toThrow(/statement timeout/);
    await expect(runInBackground(() => db.$queryRawUnsafe(sleep))).resolves.toEqual([{ slept: "" }]);
    // The scheduler's setInterval is created inside runInBackground (src/server/runtime.ts).
    const purpose = await runInBackground(
      () => new Promise((resolve) => setTimeout(() => resolve(currentDbPurpose()), 1)),
    );
    expect(purpose).toBe("background");
    expect(currentDbPurpose()).toBe("request");
  });

  it("slow requests holding every request connection do not block the sync's pool or the health check", async () => {
    // 12 slow requests for a pool of 10: all its connections busy, two more waiting.
    const slow = Array.from({ length: 12 }, () =>
      db.$queryRawUnsafe(`select pg_sleep(${(TIMEOUT_MS * 3) / 1000})::text`).catch((e: Error) => e),
    );
    await new Promise((r) => setTimeout(r, 100));
    let started = performance.now();
    await runInBackground(() => db.$queryRawUnsafe("select 1::int as one"));
    const backgroundMs = performance.now() - started;
    started = performance.now();
    const probe = await probeDatabase();
    const probeMs = performance.now() - started;
    expect(probe.up).toBe(true);
    expect(backgroundMs).toBeLessThan(TIMEOUT_MS / 2);
    expect(probeMs).toBeLessThan(TIMEOUT_MS / 2);
    // …and the slow ones were cut off by the timeout rather than running on.
    const results = await Promise.all(slow);
    expect(results.every((r) => r instanceof Error && /statement timeout/.test(r.message))).toBe(true);
  });
});
