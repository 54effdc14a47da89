import { beforeAll, describe, expect, it } from "vitest";
import * as list from "@/app/api/plugins/proxbox/replications/route";
import { db } from "@/server/db/client";
import { quotePlus, withQueryParam } from "@/server/rest/pagination";
import { freshDatabasePerFile } from "./db";
import { type SeededUser, seedEndpoint, seedUser } from "./factories";
import { call, type Page } from "./http";

// NetBox's APIPaginationTestCase (netbox-conventions §1.5) over 100 replications, plus DRF's link rules
// (§1.3): absolute, every parameter re-encoded and sorted by key, offset dropped when it would be 0.

freshDatabasePerFile();

let viewer: SeededUser;
const get = (query: string) =>
  call<Page<{ id: number }>>(list.GET, `/replications/${query}`, { token: viewer.readToken });

beforeAll(async () => {
  viewer = await seedUser("viewer");
  const endpoint = await seedEndpoint();
  await db.replication.createMany({
    data: Array.from({ length: 100 }, (_, i) => ({
      endpointId: endpoint.id,
      guest: 1000 + i,
      jobnum: 0,
      replicationId: `${1000 + i}-0`,
      target: i % 2 ? "pve2" : "pve3",
      status: i % 10 === 0 ? ("stale" as const) : ("active" as const),
    })),
  });
});

describe("limit/offset pagination", () => {
  it("defaults to 50 per page (test_default_page_size)", async () => {
    const res = await get("");
    expect(res.body.count).toBe(100);
    expect(res.body.next).toBe("http://localhost/api/plugins/proxbox/replications/?limit=50&offset=50");
    expect(res.body.previous).toBeNull();
    expect(res.body.results).toHaveLength(50);
  });

  it("honours ?limit (test_custom_page_size)", async () => {
    const res = await get("?limit=10");
    expect(res.body.next?.endsWith("?limit=10&offset=10")).toBe(true);
    expect(res.body.results).toHaveLength(10);
  });

  it("treats limit=0 as the maximum page size, 1000 (test_max_page_size_override)", async () => {
    const res = await get("?limit=0");
    expect(res.body.results).toHaveLength(100);
    expect(res.body.next).toBeNull();
  });

  it("caps a large limit silently and ignores junk limits", async () => {
    expect((await get("?limit=5000")).body.results).toHaveLength(100);
    for (const junk of ["-5", "abc", "1.5", ""]) {
      const res = await get(`?limit=${junk}`);
      expect(res.status).toBe(200);
      expect(res.body.results).toHaveLength(50);
    }
  });

  it("builds next and previous links the way DRF does", async () => {
    const middle = await get("?limit=10&offset=20");
    expect(middle.body.next).toBe("http://localhost/api/plugins/proxbox/replications/?limit=10&offset=30");
    expect(middle.body.previous).toBe(
      "http://localhost/api/plugins/proxbox/replications/?limit=10&offset=10",
    );
    const second = await get("?limit=10&offset=10");
    expect(second.body.previous).toBe("http://localhost/api/plugins/proxbox/replications/?limit=10");
    const ragged = await get("?limit=10&offset=5");
    expect(ragged.body.previous).toBe("http://localhost/api/plugins/proxbox/replications/?limit=10");
    const last = await get("?limit=10&offset=90");
    expect(last.body.next).toBeNull();
  });

  it("keeps filters in the links, sorted by key, repeated keys repeated", async () => {
    const res = await get("?target=pve2&status=active&limit=5&target=pve3&q=10");
    expect(res.body.next).toBe(
      "http://localhost/api/plugins/proxbox/replications/?limit=5&offset=5&q=10&status=active&target=pve2&target=pve3",
    );
  });

  it("reports the count but no rows for an offset past the end", async () => {
    const res = await get("?offset=500");
    expect(res.body.count).toBe(100);
    expect(res.body.results).toEqual([]);
    expect(res.body.next).toBeNull();
    expect(res.body.previous).toBe("http://localhost/api/plugins/proxbox/replications/?limit=50&offset=450");
    const huge = await get("?offset=99999999999999999999999");
    expect(huge.status).toBe(200);
    expect(huge.body.results).toEqual([]);
  });

  it("visits every row exactly once when following next", async () => {
    const seen: number[] = [];
    let url: string | null = "http://localhost/api/plugins/proxbox/replications/?limit=30&ordering=-guest";
    while (url) {
      const res: Awaited<ReturnType<typeof get>> = await call(list.GET, url, { token: viewer.readToken });
      seen.push(...res.body.results.map((r) => r.id));
      url = res.body.next;
    }
    expect(seen).toHaveLength(100);
    expect(new Set(seen).size).toBe(100);
  });
});

describe("link encoding (rest_framework.utils.urls)", () => {
  it("encodes like Python's quote_plus", () => {
    expect(quotePlus("a b/c*d~e")).toBe("a+b%2Fc%2Ad~e");
    expect(quotePlus("ä€")).toBe("%C3%A4%E2%82%AC");
  });

  it("replaces and removes parameters, sorting keys by code point", () => {
    const url = "http://h/x/?b=2&a=1&a=0&limit=5&%F0%9F%98%80=1&%EF%BF%BD=2";
    expect(withQueryParam(url, "limit", "9")).toBe(
      "http://h/x/?a=1&a=0&b=2&limit=9&%EF%BF%BD=2&%F0%9F%98%80=1",
    );
    expect(withQueryParam("http://h/x/?offset=3", "offset", null)).toBe("http://h/x/");
  });
});
