import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as list from "@/app/api/plugins/proxbox/replications/route";
import { cliOrigin, listQuery, writeReplicationsJson } from "@/cli/commands/replications";
import { stopBoss } from "@/server/sync/queue";
import { freshDatabasePerFile } from "./db";
import { type SeededUser, seedEndpoint, seedNode, seedReplication, seedUser, seedVm } from "./factories";
import { BASE, call, type Page } from "./http";

// `proxbox --json replications list` prints the REST list's objects, filters and order: one JSON array,
// written a chunk at a time. The CLI's origin is the test client's (http://localhost), so urls compare.

process.env.PROXBOX_SECRET_KEY ??= "d".repeat(64);
freshDatabasePerFile();

let viewer: SeededUser;
const ORIGIN = new URL(BASE).origin;

async function cliJson(query: string, chunk?: number): Promise<{ text: string; writes: number }> {
  const parts: string[] = [];
  await writeReplicationsJson(query, ORIGIN, async (t) => void parts.push(t), chunk);
  return { text: parts.join(""), writes: parts.length };
}

async function restList(query: string): Promise<Record<string, unknown>[]> {
  const res = await call<Page>(list.GET, `/replications/?limit=1000${query ? `&${query}` : ""}`, {
    token: viewer.readToken,
  });
  expect(res.status).toBe(200);
  return res.body.results;
}

beforeAll(async () => {
  viewer = await seedUser("viewer");
  // Created first, so "b-site" has the lower id: the list still orders endpoints by name.
  const b = await seedEndpoint({ name: "b-site" });
  const a = await seedEndpoint({ name: "a-site" });
  const node = await seedNode(a.id, { name: "pve3" });
  const vm = await seedVm(a.id, { vmid: 101, name: "web-01" });
  await seedReplication(b.id, { guest: 100, jobnum: 1, health: "error", error: "ssh: connection refused" });
  await seedReplication(b.id, { guest: 100, jobnum: 0, rate: 10 });
  await seedReplication(a.id, { guest: 1000, jobnum: 0, target: "pve3", proxmoxNodeId: node.id });
  await seedReplication(a.id, { guest: 101, jobnum: 0, virtualMachineId: vm.id, comment: "Ω" });
});

afterAll(async () => {
  await stopBoss();
});

describe("replications list --json", () => {
  it("prints the REST list as one array, in NetBox's order (endpoint name, then guest and job)", async () => {
    const { text } = await cliJson("");
    const printed = JSON.parse(text) as Record<string, unknown>[];
    expect(printed.map((r) => [(r.endpoint as { name: string }).name, r.replication_id])).toEqual([
      ["a-site", "101-0"],
      ["a-site", "1000-0"],
      ["b-site", "100-0"],
      ["b-site", "100-1"],
    ]);
    expect(printed).toEqual(await restList(""));
    expect(printed[0]).toMatchObject({
      url: `http://localhost/api/plugins/proxbox/replications/${printed[0].id}/`,
      display: "web-01 - 101-0",
      comment: "Ω",
      virtual_machine: { name: "web-01", vmid: 101 },
    });
    expect(printed[2]).toMatchObject({ rate: 10, virtual_machine: null, display: "100-0" });
    expect(printed[3]).toMatchObject({
      health: { state: { value: "error", label: "Error" }, error: "ssh: connection refused" },
    });
  });

  it("streams: each chunk is one write, and the bytes are JSON.stringify(list, null, 2)", async () => {
    const whole = await cliJson("");
    const chunked = await cliJson("", 1);
    expect(chunked.text).toBe(whole.text);
    expect(chunked.text).toBe(`${JSON.stringify(await restList(""), null, 2)}\n`);
    expect(chunked.writes).toBe(4 + 1); // one per job, then the closing bracket
    expect(whole.writes).toBe(2);
  });

  it("filters like the REST list: --endpoint NAME and --filter 'query string'", async () => {
    expect(listQuery({ endpoint: "a-site" })).toBe("endpoint=a-site");
    expect(listQuery({ filter: "target=pve3&ordering=-guest", endpoint: "a-site" })).toBe(
      "target=pve3&ordering=-guest&endpoint=a-site",
    );
    for (const query of ["endpoint=a-site", "target=pve3", "health=error", "ordering=-guest", "q=web"]) {
      expect(JSON.parse((await cliJson(query)).text), query).toEqual(await restList(query));
    }
    expect(
      (
        JSON.parse((await cliJson("endpoint=b-site&ordering=-jobnum")).text) as { replication_id: string }[]
      ).map((r) => r.replication_id),
    ).toEqual(["100-1", "100-0"]);
    expect((await cliJson("guest=99999")).text).toBe("[]\n");
  });

  it("refuses invalid filters with NetBox's messages instead of listing everything", async () => {
    await expect(cliJson("guest=abc")).rejects.toThrow(/guest: /);
    await expect(cliJson(listQuery({ endpoint: "no-such-endpoint" }))).rejects.toThrow(/endpoint: /);
  });
});

describe("the CLI's REST urls", () => {
  it("use the configured public URL, else localhost on the configured port", () => {
    expect(cliOrigin({ PROXBOX_PUBLIC_URL: "https://proxbox.example.com/netbox/", PORT: 3000 })).toBe(
      "https://proxbox.example.com",
    );
    expect(cliOrigin({ PROXBOX_PUBLIC_URL: undefined, PORT: 8080 })).toBe("http://localhost:8080");
  });
});
