import { beforeAll, describe, expect, it } from "vitest";
import * as coverageRoute from "@/app/api/plugins/proxbox/coverage/route";
import * as vmList from "@/app/api/plugins/proxbox/virtual-machines/route";
import { createCaller } from "@/server/api/root";
import { getCoverage } from "@/server/coverage/service";
import { freshDatabasePerFile } from "../api/db";
import { type SeededUser, seedEndpoint, seedNode, seedReplication, seedUser, seedVm } from "../api/factories";
import { call, type Page } from "../api/http";

// The coverage report and the VM filters `replicated`, `ha_managed`, `ha_state`, against a hand-made
// estate whose every expected number is written out below (not derived by the code under test).

freshDatabasePerFile();

let viewer: SeededUser;
let a: number;
let b: number;
const ids = new Map<number, number>(); // vmid → row id

beforeAll(async () => {
  viewer = await seedUser("viewer");
  a = (await seedEndpoint({ name: "alpha", haReadable: true })).id;
  b = (await seedEndpoint({ name: "beta", haReadable: false })).id;
  const a1 = await seedNode(a, { name: "pve1" });
  const a2 = await seedNode(a, { name: "pve2", online: false, status: "offline" });
  const b1 = await seedNode(b, { name: "pve1" });
  const vm = async (
    endpointId: number,
    node: { id: number; name: string },
    vmid: number,
    extra: Record<string, unknown> = {},
  ) => {
    const row = await seedVm(endpointId, { vmid, nodeId: node.id, nodeName: node.name, ...extra });
    ids.set(vmid, row.id);
    return row.id;
  };
  const job = (endpointId: number, vmid: number, jobnum: number, extra: Record<string, unknown> = {}) =>
    seedReplication(endpointId, { guest: vmid, jobnum, virtualMachineId: ids.get(vmid), ...extra });

  // alpha / pve1
  await vm(a, a1, 100, { haState: "ignored" }); // HA (ignored by the HA stack), no job: listed last of HA
  await vm(a, a1, 101, { haState: "started", haGroup: "prod" }); // HA, no job
  await vm(a, a1, 102, { haState: "stopped" }); // HA, only a disabled job
  await job(a, 102, 0, { disable: true });
  await vm(a, a1, 103, { haState: "started" }); // HA, protected
  await job(a, 103, 0);
  await vm(a, a1, 108, { template: true }); // template: not counted
  await vm(a, a1, 109); // protected although its job fails: health is not coverage
  await job(a, 109, 0, { health: "error", failCount: 3 });
  await vm(a, a1, 110, { template: true }); // a template with a job
  await job(a, 110, 0);
  // alpha / pve2
  await vm(a, a2, 104); // no job
  await vm(a, a2, 105); // only a stale job
  await job(a, 105, 0, { status: "stale", staleSince: new Date() });
  await vm(a, a2, 106); // only a job scheduled for removal
  await job(a, 106, 0, { removeJob: "local" });
  await vm(a, a2, 107); // one disabled, one good job
  await job(a, 107, 0, { disable: true });
  await job(a, 107, 1, { target: "pve1" });
  // beta / pve1 (HA not readable)
  await vm(b, b1, 201); // no job
  await vm(b, b1, 202);
  await job(b, 202, 0);
});

const counts = (guests: number, prot: number, ha: number, none: number, inactive: number) => ({
  guests,
  protected: prot,
  ha,
  none,
  inactive,
});

describe("coverage report", () => {
  it("counts per estate, endpoint and node, each guest in its highest risk class", async () => {
    const c = await getCoverage();
    expect(c.totals).toEqual(counts(11, 4, 3, 2, 2));
    expect(c.haUnknownEndpoints).toBe(1);
    const [alpha, beta] = c.endpoints;
    expect(alpha).toMatchObject({ name: "alpha", haReadable: true, counts: counts(9, 3, 3, 1, 2) });
    expect(alpha.nodes).toEqual([
      { name: "pve1", online: true, counts: counts(5, 2, 3, 0, 0) },
      { name: "pve2", online: false, counts: counts(4, 1, 0, 1, 2) },
    ]);
    expect(beta).toMatchObject({ name: "beta", haReadable: false, counts: counts(2, 1, 0, 1, 0) });
    expect(beta.nodes).toEqual([{ name: "pve1", online: true, counts: counts(2, 1, 0, 1, 0) }]);
  });

  it("lists the guests of each class with their HA state and job count", async () => {
    const c = await getCoverage();
    const brief = (l: (typeof c.lists)["ha"]) => ({
      count: l.count,
      guests: l.guests.map((g) => [g.endpointName, g.node, g.vmid, g.haState, g.jobs]),
    });
    // Started before stopped before ignored, whatever the VMIDs.
    expect(brief(c.lists.ha)).toEqual({
      count: 3,
      guests: [
        ["alpha", "pve1", 101, "started", 0],
        ["alpha", "pve1", 102, "stopped", 1],
        ["alpha", "pve1", 100, "ignored", 0],
      ],
    });
    expect(brief(c.lists.none)).toEqual({
      count: 2,
      guests: [
        ["alpha", "pve2", 104, null, 0],
        ["beta", "pve1", 201, null, 0],
      ],
    });
    expect(brief(c.lists.inactive)).toEqual({
      count: 2,
      guests: [
        ["alpha", "pve2", 105, null, 1],
        ["alpha", "pve2", 106, null, 1],
      ],
    });
    expect(c.lists.ha.guests[0]).toMatchObject({ id: ids.get(101), haGroup: "prod", type: "qemu" });
    // The limit cuts the lists, not the counts.
    const cut = await getCoverage(1);
    expect(cut.lists.none.count).toBe(2);
    expect(cut.lists.none.guests.map((g) => g.vmid)).toEqual([104]);
  });

  it("is served to a viewer over tRPC and REST", async () => {
    const caller = createCaller({
      requestId: crypto.randomUUID(),
      headers: new Headers(),
      auth: "session",
      user: { id: viewer.id, username: viewer.username, role: "viewer" },
    });
    const viaTrpc = await caller.coverage.get();
    expect(viaTrpc.totals).toEqual(counts(11, 4, 3, 2, 2));
    const res = await call<Record<string, unknown>>(coverageRoute.GET, "/coverage/", {
      token: viewer.readToken,
    });
    expect(res.status).toBe(200);
    const body = res.body as {
      totals: unknown;
      ha: { count: number; results: { vmid: number; url: string; ha_state: string | null }[] };
      endpoints: { name: string; ha_readable: boolean | null }[];
    };
    expect(body.totals).toEqual(counts(11, 4, 3, 2, 2));
    expect(body.ha.results.map((g) => [g.vmid, g.ha_state])).toEqual([
      [101, "started"],
      [102, "stopped"],
      [100, "ignored"],
    ]);
    expect(body.ha.results[0].url).toMatch(
      new RegExp(`/api/plugins/proxbox/virtual-machines/${ids.get(101)}/$`),
    );
    expect(body.endpoints.map((e) => [e.name, e.ha_readable])).toEqual([
      ["alpha", true],
      ["beta", false],
    ]);
    expect((await call(coverageRoute.GET, "/coverage/")).status).toBe(403);
  });
});

describe("VM filters replicated, ha_managed, ha_state", () => {
  async function vmids(query: string): Promise<number[]> {
    const res = await call<Page<{ vmid: number }>>(vmList.GET, `/virtual-machines/?limit=0&${query}`, {
      token: viewer.readToken,
    });
    expect(res.status, res.text).toBe(200);
    return res.body.results.map((r) => r.vmid).sort((x, y) => x - y);
  }

  it.each([
    ["replicated=true", [103, 107, 109, 110, 202]],
    ["replicated=false", [100, 101, 102, 104, 105, 106, 108, 201]],
    ["replicated=false&template=false&ha_managed=true", [100, 101, 102]],
    ["replicated=false&template=false&ha_managed=false&replication_count=0", [104, 201]],
    ["replicated=false&template=false&ha_managed=false&replication_count__gt=0", [105, 106]],
    ["ha_managed=true", [100, 101, 102, 103]],
    ["ha_state=stopped", [102]],
    ["ha_state__ic=START", [101, 103]],
    ["ha_group=prod", [101]],
    ["ha_state__empty=false", [100, 101, 102, 103]],
  ])("%s", async (query, expected) => {
    expect(await vmids(query)).toEqual(expected);
  });

  it("serializes replicated, ha_state and ha_group", async () => {
    const res = await call<Page<Record<string, unknown>>>(
      vmList.GET,
      "/virtual-machines/?vmid=101&vmid=107",
      {
        token: viewer.readToken,
      },
    );
    const byVmid = Object.fromEntries(res.body.results.map((r) => [r.vmid, r]));
    expect(byVmid[101]).toMatchObject({ replicated: false, ha_state: "started", ha_group: "prod" });
    expect(byVmid[107]).toMatchObject({
      replicated: true,
      ha_state: null,
      ha_group: null,
      replication_count: 2,
    });
  });

  it("a bad boolean is a field error, as NetBox's", async () => {
    const res = await call<Record<string, string[]>>(vmList.GET, "/virtual-machines/?replicated=maybe", {
      token: viewer.readToken,
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body)).toEqual(["replicated"]);
  });
});
