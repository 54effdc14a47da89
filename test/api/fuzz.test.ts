import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as catchAll from "@/app/api/[...path]/route";
import * as docs from "@/app/api/docs/route";
import * as endpointDetail from "@/app/api/plugins/proxbox/endpoints/[id]/route";
import * as endpointList from "@/app/api/plugins/proxbox/endpoints/route";
import * as nodeList from "@/app/api/plugins/proxbox/nodes/route";
import * as detail from "@/app/api/plugins/proxbox/replications/[id]/route";
import * as list from "@/app/api/plugins/proxbox/replications/route";
import * as root from "@/app/api/route";
import * as schema from "@/app/api/schema/route";
import * as status from "@/app/api/status/route";
import { lookupsFor } from "@/server/filters";
import { replicationFilterSet } from "@/server/replications/filterset";
import { freshDatabasePerFile } from "./db";
import { type SeededUser, seedUser } from "./factories";
import { type FilterFixture, seedFilterFixture } from "./filter-fixture";
import { call, type RouteHandler } from "./http";

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
let admin: SeededUser;
let fixture: FilterFixture;

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
  admin = await seedUser("admin");
  fixture = await seedFilterFixture();
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

// The surface around the lists: OPTIONS, the roots, status, the schema formats, and bodies of every
// kind — junk in bulk lists, malformed JSON, wrong content types, several megabytes. Whatever arrives,
// the answer is a success or a 4xx in NetBox's shape, never a 500.

/** A raw call: any body text, any content type, any method. */
async function send(
  handler: RouteHandler,
  url: string,
  init: { method: string; body?: string; type?: string | null; id?: string; token?: string },
) {
  const headers = new Headers({ authorization: `Bearer ${init.token ?? admin.writeToken}` });
  if (init.type) headers.set("content-type", init.type);
  const response = await handler(
    new Request(`http://localhost/api/plugins/proxbox${url}`, {
      method: init.method,
      headers,
      body: init.body,
    }),
    { params: Promise.resolve(init.id === undefined ? {} : { id: init.id }) },
  );
  const text = await response.text();
  let body: unknown = null;
  if (text) body = JSON.parse(text);
  return { status: response.status, body, contentType: response.headers.get("content-type") };
}

/** Success, or a client error whose body NetBox would write (a dict, or a list of dicts for bulk). */
function acceptable(res: { status: number; body: unknown }): boolean {
  if (res.status < 400) return res.status !== 500;
  if (res.status >= 500) return false;
  if (Array.isArray(res.body)) return res.body.every((b) => b && typeof b === "object");
  return isErrorBody(res.body);
}

const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({
    id: fc.oneof(fc.integer(), fc.constantFrom("1", null, 1.5, -1, 2 ** 31, 1e308)),
    comment: fc.jsonValue(),
  }),
  fc.record({
    id: fc.constantFrom(1, 2, 3, 999999),
    status: fc.oneof(fc.string(), fc.constantFrom("active", "stale", null)),
    target: fc.oneof(fc.string({ maxLength: 300 }), fc.integer()),
    rate: fc.oneof(fc.double(), fc.string()),
    endpoint: fc.oneof(
      fc.integer(),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 })),
    ),
  }),
);

describe("the API surface under junk", () => {
  it("answers OPTIONS on lists and details, roots, status and schema formats without a 500", {
    timeout: 120_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer({ min: -5, max: 3_000_000_000 }).map(String), fc.string({ maxLength: 12 })),
        queryString,
        fc.constantFrom(admin?.writeToken, viewer?.readToken, "nbt_x.y", ""),
        async (id, query, token) => {
          const t = token ?? admin.writeToken;
          const results = [
            await send(list.OPTIONS, `/replications/?${query}`, { method: "OPTIONS", token: t }),
            await send(detail.OPTIONS, `/replications/${id}/?${query}`, { method: "OPTIONS", id, token: t }),
            await send(endpointDetail.OPTIONS, `/endpoints/${id}/`, { method: "OPTIONS", id, token: t }),
            await send(endpointList.OPTIONS, "/endpoints/", { method: "OPTIONS", token: t }),
            await send(nodeList.OPTIONS, "/nodes/", { method: "OPTIONS", token: t }),
            await send(root.GET as RouteHandler, `/../../?${query}`, { method: "GET", token: t }),
            await send(status.GET, `/../../status/?${query}`, { method: "GET", token: t }),
            await send(catchAll.GET as RouteHandler, `/${encodeURIComponent(id)}/x/`, {
              method: "GET",
              token: t,
            }),
          ];
          return results.every(acceptable);
        },
      ),
      { numRuns: 150 },
    );
    for (const format of ["json", "yaml", "openapi", "xml", "", "YAML", "%00", "json&format=yaml"]) {
      const a = await send(schema.GET, `/../../schema/?format=${format}`, { method: "GET" }).catch(
        () => null,
      );
      const b = await docs.GET(
        new Request(`http://localhost/api/docs/?format=${format}`, {
          headers: { authorization: `Bearer ${admin.writeToken}` },
        }),
      );
      // YAML is not JSON: only its status is checked.
      if (a) expect(acceptable(a), format).toBe(true);
      expect(b.status, format).toBeLessThan(500);
    }
  });

  it("answers bulk bodies full of junk with success or a NetBox 400, never a 500", {
    timeout: 180_000,
  }, async () => {
    const ids = fixture.replicationIds;
    const items = fc.array(
      fc.oneof(
        junk,
        fc.constantFrom(...ids).map((id) => ({ id, comment: "fuzzed" })),
      ),
      { maxLength: 8 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(items, junk),
        fc.constantFrom("PUT", "PATCH", "DELETE", "POST"),
        async (body, method) => {
          const handler = { PUT: list.PUT, PATCH: list.PATCH, DELETE: list.DELETE, POST: list.POST }[method];
          // DELETE bodies only delete rows that exist; keep the fixture for the other properties.
          const safe =
            method === "DELETE" && Array.isArray(body)
              ? body.filter((b) => !ids.includes((b as { id?: number })?.id as number))
              : body;
          const res = await send(handler, "/replications/", {
            method,
            body: JSON.stringify(safe),
            type: "application/json",
          });
          const one = await send(detail.PATCH, `/replications/${ids[0]}/`, {
            method: "PATCH",
            id: String(ids[0]),
            body: JSON.stringify(Array.isArray(body) ? (body[0] ?? {}) : body),
            type: "application/json",
          });
          return acceptable(res) && acceptable(one);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses malformed bodies and wrong content types with 400/415", { timeout: 60_000 }, async () => {
    const bodies = [
      "{",
      "[1,",
      "nul",
      "\u0000",
      '{"a":1}garbage',
      "'single'",
      '{"id": NaN}',
      "\ufeff{}",
      "[".repeat(10000),
    ];
    const types = [
      "application/json",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/xml",
      null,
      "application/json; charset=latin1",
      "application/merge-patch+json",
    ];
    for (const body of bodies) {
      for (const type of types) {
        for (const [method, handler] of [
          ["POST", list.POST],
          ["PATCH", list.PATCH],
          ["PUT", list.PUT],
          ["DELETE", list.DELETE],
        ] as const) {
          const res = await send(handler, "/replications/", { method, body, type });
          expect(acceptable(res), `${method} ${type} ${body.slice(0, 10)}`).toBe(true);
          expect([400, 415], `${method} ${type} ${body.slice(0, 10)}`).toContain(res.status);
        }
      }
    }
  });

  it("handles several-megabyte bodies: 413 over the cap, a clean answer under it", {
    timeout: 120_000,
  }, async () => {
    const mb = 1024 * 1024;
    const shapes: [string, string][] = [
      [
        "3 MB list of junk items",
        JSON.stringify(Array.from({ length: 60_000 }, (_, i) => ({ id: i + 1, comment: "x".repeat(40) }))),
      ],
      ["4 MB string field", JSON.stringify({ comment: "y".repeat(4 * mb) })],
      ["deep nesting", `${"[".repeat(200_000)}${"]".repeat(200_000)}`],
      ["deep objects", `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`],
      ["11 MB", JSON.stringify([{ id: 1, comment: "z".repeat(11 * mb) }])],
      ["8 MB of whitespace", `${" ".repeat(8 * mb)}[]`],
    ];
    for (const [name, body] of shapes) {
      for (const [method, handler] of [
        ["POST", list.POST],
        ["PATCH", list.PATCH],
        ["PUT", list.PUT],
        ["DELETE", list.DELETE],
      ] as const) {
        const res = await send(handler, "/replications/", { method, body, type: "application/json" });
        expect(
          acceptable(res),
          `${method} ${name}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
        ).toBe(true);
        if (body.length > 10 * mb) expect(res.status, name).toBe(413);
      }
    }
  });
});
