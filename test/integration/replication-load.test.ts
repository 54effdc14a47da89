import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { reader } from "@/server/db/reader";
import { filterPage, filterPageRows } from "@/server/filters";
import { replicationFilterSet } from "@/server/replications/filterset";
import { detailRowSource, listRowSource, loadDetails, loadListRows } from "@/server/replications/load";
import { replicationDetailSelect, replicationListSelect } from "@/server/replications/rows";
import { seedReplications } from "../../bench/seed";
import { setupTestDatabase } from "../helpers/db";

// The list/detail loaders read a page with one raw statement instead of Prisma's findMany (see
// src/server/replications/load.ts for why); they must return exactly what findMany with the same
// select returns — types (Date, parsed JSON, enums as strings), nulls and nested relations included.

const dbUrl = setupTestDatabase();
let ids: number[] = [];

beforeAll(async () => {
  const client = new pg.Client({ connectionString: dbUrl() });
  await client.connect();
  await seedReplications(client, 400);
  // Every shape a row can take: no node, no VM name, stale, JSON config, endpoint without timezone.
  await client.query(`UPDATE replication SET proxmox_node_id = NULL, stale_since = now() WHERE id % 11 = 0`);
  await client.query(
    `UPDATE replication SET raw_config = '{"a": [1, {"b": null}], "n": 1.5}' WHERE id % 5 = 0`,
  );
  await client.query(`UPDATE proxmox_endpoint SET timezone = NULL, pve_version = '8.2.4' WHERE id = 2`);
  await client.query(`UPDATE proxmox_node SET node_id = 3, timezone = 'UTC' WHERE name = 'pve3'`);
  ids = (await client.query<{ id: number }>("SELECT id FROM replication ORDER BY random()")).rows.map(
    (r) => r.id,
  );
  await client.end();
});

afterAll(async () => {
  await db.$disconnect();
});

describe("replication page loaders", () => {
  it("loadListRows returns findMany's rows, in the order of the ids asked for", async () => {
    const expected = await db.replication.findMany({
      where: { id: { in: ids } },
      select: replicationListSelect,
    });
    const byId = new Map(expected.map((r) => [r.id, r]));
    const rows = await loadListRows(ids);
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows).toEqual(ids.map((id) => byId.get(id)));
    expect(rows.some((r) => r.virtualMachine === null)).toBe(true);
    expect(rows.some((r) => r.proxmoxNode === null)).toBe(true);
    expect(rows[0].lastSync).toBeInstanceOf(Date);
  });

  it("loadDetails returns findMany's rows with the detail select", async () => {
    const expected = await db.replication.findMany({
      where: { id: { in: ids } },
      select: replicationDetailSelect,
    });
    const byId = new Map(expected.map((r) => [r.id, r]));
    const rows = await loadDetails(ids);
    expect(rows).toEqual(ids.map((id) => byId.get(id)));
    expect(rows.some((r) => r.staleSince instanceof Date)).toBe(true);
    expect(rows.some((r) => (r.rawConfig as { n?: number }).n === 1.5)).toBe(true);
  });

  it("skips ids that do not exist and answers an empty page without a query", async () => {
    expect(await loadDetails([ids[0], 2_147_483_647])).toHaveLength(1);
    expect(await loadListRows([])).toEqual([]);
  });

  it("reads timestamps as UTC whatever the process's time zone (node-postgres would read local time)", async () => {
    const before = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const expected = await db.replication.findMany({
        where: { id: { in: ids.slice(0, 20) } },
        select: replicationDetailSelect,
      });
      const byId = new Map(expected.map((r) => [r.id, r]));
      const rows = await loadDetails(ids.slice(0, 20));
      expect(rows.map((r) => r.lastSync?.toISOString())).toEqual(
        ids.slice(0, 20).map((id) => byId.get(id)?.lastSync?.toISOString()),
      );
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it("a page read with its count in one statement equals the count, ids and rows read separately", async () => {
    const queries = [
      { q: "", offset: 0 },
      { q: "health=error&ordering=-last_sync", offset: 0 },
      { q: "virtual_machine__isnull=true&ordering=virtual_machine", offset: 0 },
      { q: "endpoint=cluster-2&ordering=-guest", offset: 40 },
      { q: "guest=999999", offset: 0 },
      { q: "", offset: 10_000 },
    ];
    for (const { q, offset } of queries) {
      const page = { limit: 50, offset };
      const separate = await filterPage(reader, replicationFilterSet, q, "api", page);
      expect(separate.errors).toEqual({});
      const merged = await filterPageRows(reader, replicationFilterSet, q, "api", page, detailRowSource);
      expect(merged.count).toBe(separate.count);
      expect(merged.ids).toEqual(separate.ids);
      expect(merged.rows).toEqual(await loadDetails(separate.ids));
      const list = await filterPageRows(reader, replicationFilterSet, q, "ui", page, listRowSource);
      expect(list.rows).toEqual(await loadListRows(separate.ids));
    }
  });
});
