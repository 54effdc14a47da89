import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as list from "@/app/api/plugins/proxbox/replications/route";
import { lookupsFor } from "@/server/filters";
import { replicationFilterSet } from "@/server/replications/filterset";
import { freshDatabasePerFile } from "./db";
import { type SeededUser, seedUser } from "./factories";
import { seedFilterFixture } from "./filter-fixture";
import { call } from "./http";

// Thousands of random query strings against the list endpoint: known and unknown keys, every lookup,
// garbage values, regex metacharacters, unicode, huge numbers, odd dates, broken percent escapes.
// Whatever arrives, the answer is a valid page or a 400 in NetBox's shape — never a 500.

freshDatabasePerFile();

const KNOWN_KEYS = [
  ...Object.entries(replicationFilterSet.fields).flatMap(([name, field]) =>
    lookupsFor(field).map((l) => (l === "exact" ? name : `${name}__${l}`)),
  ),
  ...Object.keys(replicationFilterSet.relations ?? {}).flatMap((r) => [
    r,
    `${r}__n`,
    `${r}_id`,
    `${r}_id__n`,
  ]),
  ...Object.keys(replicationFilterSet.custom ?? {}),
  ...["q", "limit", "offset", "ordering", "brief", "fields", "omit", "sort", "format", "start"],
];

const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KNOWN_KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("toString", "constructor", "__proto__", "hasOwnProperty__n", "valueOf_id"),
  },
  { weight: 1, arbitrary: fc.constantFrom(...KNOWN_KEYS).map((k) => `${k}__${k.slice(0, 3)}`) },
);

const value = fc.oneof(
  fc.constantFrom(
    "",
    "null",
    "true",
    "false",
    "True",
    "0",
    "-1",
    "1.5",
    "1e400",
    "NaN",
    "Infinity",
    "%",
    "_",
    "\\",
  ),
  fc.constantFrom("(", "[a-", "*", "a{2,1}", "(?<x>a)", "\\1", "^$", "(a+)+$", "[[:alpha:]]", "a|", "(?i)x"),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.integer().map(String),
  fc.double().map(String),
  fc.date().map((d) => (Number.isNaN(d.getTime()) ? "2026-13-40" : d.toISOString())),
  fc.constantFrom(
    "2026-01-05",
    "2026-02-30",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00-01:00",
    "01/05/2026",
  ),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom(
    "id,display",
    "-guest,virtual_machine",
    "nonsense,-",
    ",,,",
    "web",
    "pve1",
    "alpha",
    "100-0",
  ),
  fc.constantFrom("constructor", "-toString,__proto__", "hasOwnProperty"),
  fc.uuid(),
);

const queryString = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .array(fc.tuple(key, value), { maxLength: 6 })
      .map((pairs) => new URLSearchParams(pairs).toString()),
  },
  // Hand-made strings: raw metacharacters and malformed escapes that URLSearchParams would never write.
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(key, fc.constantFrom("%zz", "%E0%A4%A", "%00", "a+b", "=", "&&", "%", "%C0%AF")), {
        maxLength: 4,
      })
      .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join("&")),
  },
);

let viewer: SeededUser;

function isErrorBody(body: unknown): boolean {
  if (!body || typeof body !== "object" || Array.isArray(body)) return false;
  if ("detail" in body) return typeof (body as { detail: unknown }).detail === "string";
  return Object.values(body).every(
    (v) => Array.isArray(v) && v.length > 0 && v.every((m) => typeof m === "string"),
  );
}

function isPage(body: unknown, query: string): boolean {
  const page = body as { count: unknown; next: unknown; previous: unknown; results: unknown };
  if (typeof page.count !== "number" || !Array.isArray(page.results)) return false;
  if (![page.next, page.previous].every((l) => l === null || (typeof l === "string" && l.startsWith("http"))))
    return false;
  const limit = new URLSearchParams(query).getAll("limit").at(-1);
  return page.results.length <= 1000 && (limit !== undefined || page.results.length <= 50);
}

beforeAll(async () => {
  viewer = await seedUser("viewer");
  await seedFilterFixture();
});

describe("the list endpoint under random query strings", () => {
  it("never fails: a page or a NetBox-style 400", { timeout: 300_000 }, async () => {
    let pages = 0;
    let rejections = 0;
    await fc.assert(
      fc.asyncProperty(queryString, async (query) => {
        const res = await call(list.GET, `/replications/?${query}`, { token: viewer.readToken });
        if (res.status === 200) {
          pages++;
          return isPage(res.body, query);
        }
        rejections++;
        return res.status === 400 && isErrorBody(res.body);
      }),
      { numRuns: 2500 },
    );
    // Both outcomes must actually occur, or the generator is not exercising the filters.
    expect(pages).toBeGreaterThan(250);
    expect(rejections).toBeGreaterThan(250);
  });
});
