import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ProxmoxClient } from "@/server/proxmox";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import {
  baseScenario,
  clientFor,
  failure,
  LIMITED_SECRET,
  NONE_SECRET,
  rawRequest,
  T0,
  tokenHeader,
} from "./fixtures";

// Replication semantics of pve-manager as the simulator reproduces them (spec §1.1, §1.6–§1.9).

let sim: TestSimulator;
let client: ProxmoxClient;

beforeEach(async () => {
  sim = await startTestSimulator(baseScenario(), { now: T0 + 3600 });
  client = clientFor(sim, { retries: 0 });
});
afterEach(async () => {
  await client.close();
  await sim.close();
});

const ids = (items: { id: string }[]) => items.map((i) => i.id);
const status = (node: string, id: string) => client.nodeReplicationStatus(node, id);

describe("per-node visibility", () => {
  it("lists only jobs whose guest lives on the node; disabled ones included", async () => {
    expect(ids(await client.nodeReplication("pve1"))).toEqual(["100-0", "101-0"]);
    expect((await status("pve1", "101-0")).disable).toBe(true);
    expect(ids(await client.nodeReplication("pve2"))).toEqual(["102-0"]);
    expect(ids(await client.nodeReplication("pve4"))).toEqual([]);
  });

  it("a moved guest's jobs appear on the new node only", async () => {
    sim.state.moveGuest("alpha", 100, "pve2");
    expect(ids(await client.nodeReplication("pve1"))).toEqual(["101-0"]);
    expect(ids(await client.nodeReplication("pve2"))).toEqual(["100-0", "102-0"]);
    expect((await failure(status("pve1", "100-0"))).message).toContain("no such replication job '100-0'");
  });

  it("skips a job whose target is this node, unless it is being removed", async () => {
    sim.state.moveGuest("alpha", 100, "pve4"); // 100-0 targets pve4
    expect(ids(await client.nodeReplication("pve4"))).toEqual([]);
    sim.state.updateJob("alpha", "100-0", { remove_job: "local" });
    const [item] = await client.nodeReplication("pve4");
    expect(item).toMatchObject({ id: "100-0", remove_job: "local", next_sync: 1 });
  });

  it("jobs of unknown guests are in the cluster list but on no node", async () => {
    expect(ids(await client.clusterReplication())).toContain("150-0");
    for (const node of ["pve1", "pve2", "pve4"])
      expect(ids(await client.nodeReplication(node))).not.toContain("150-0");
  });

  it("?guest= filters, and a bad guest is a 400 like PVE's", async () => {
    expect(ids(await client.nodeReplication("pve1", { guest: 101 }))).toEqual(["101-0"]);
    const err = await failure(client.nodeReplication("pve1", { guest: 99 }));
    expect(err).toMatchObject({
      status: 400,
      errors: { guest: "invalid format - value does not look like a valid VM ID" },
    });
  });

  it("an offline node answers 595, an unknown node 500", async () => {
    expect(await failure(client.nodeReplication("pve3"))).toMatchObject({ status: 595 });
    expect(await failure(client.nodeTime("pve3"))).toMatchObject({ status: 595 });
    const unknown = await failure(client.nodeReplication("pve9"));
    expect(unknown).toMatchObject({ status: 500 });
    expect(unknown.message).toContain("hostname lookup 'pve9' failed");
    sim.state.setNodeOnline("alpha", "pve3", true);
    expect(ids(await client.nodeReplication("pve3"))).toEqual(["103-0"]);
  });

  it("fills in a missing source when the node reports the job (side effect seen in the cluster list)", async () => {
    sim.state.addJob("alpha", { id: "101-1", target: "pve4" });
    expect((await client.clusterReplicationJob("101-1")).source).toBeUndefined();
    await client.nodeReplication("pve1");
    expect((await client.clusterReplicationJob("101-1")).source).toBe("pve1");
  });
});

describe("next_sync", () => {
  it("remove_job → 1", async () => {
    sim.state.updateJob("alpha", "101-0", { remove_job: "full" });
    expect((await status("pve1", "101-0")).next_sync).toBe(1);
  });

  it.each([
    [1, 300],
    [2, 600],
    [3, 900],
    [4, 1800],
    [9, 1800],
  ])("fail_count %i → last_try + %i", async (failCount, delay) => {
    sim.state.setJobState("alpha", "100-0", {
      last_sync: T0 - 3600,
      last_try: T0,
      fail_count: failCount,
      error: "x",
    });
    expect((await status("pve1", "100-0")).next_sync).toBe(T0 + delay);
  });

  it("a failing job whose target node is offline → 0", async () => {
    sim.state.setJobState("alpha", "100-0", { last_try: T0, fail_count: 2, error: "no route" });
    sim.state.setNodeOnline("alpha", "pve4", false);
    expect((await status("pve1", "100-0")).next_sync).toBe(0);
  });

  it("never run with the default schedule → 900 (first */15 event after the epoch)", async () => {
    sim.state.addJob("alpha", { id: "101-1", target: "pve4" });
    const item = await status("pve1", "101-1");
    expect(item).toMatchObject({ next_sync: 900, last_sync: 0, last_try: 0, fail_count: 0 });
    expect("duration" in item.raw || "error" in item.raw || "pid" in item.raw).toBe(false);
  });

  it("follows the schedule from last_try; disabled jobs get one too", async () => {
    expect((await status("pve1", "100-0")).next_sync).toBe(T0 + 300); // */5 after T0+10
    sim.state.setJobState("alpha", "101-0", { last_sync: T0 + 60, last_try: T0 + 60 });
    expect((await status("pve1", "101-0")).next_sync).toBe(T0 + 900);
  });

  it("evaluates the schedule in the node's time zone", async () => {
    // 102-0 "21:00" on pve2 (Asia/Tokyo, UTC+9): 21:00 JST on 2026-01-01 is 12:00 UTC.
    expect((await status("pve2", "102-0")).next_sync).toBe(T0 + 12 * 3600);
    // The same job on a UTC node fires at 21:00 UTC.
    sim.state.moveGuest("alpha", 102, "pve4");
    expect((await status("pve4", "102-0")).next_sync).toBe(T0 + 21 * 3600);
  });

  it("reports duration/error/pid only when set", async () => {
    sim.state.setJobState("alpha", "100-0", { last_sync: T0, last_try: T0 + 5, duration: 1.5, pid: 4242 });
    const item = await status("pve1", "100-0");
    expect(item).toMatchObject({ pid: 4242, duration: 1.5 });
    expect(item.error).toBeUndefined();
  });
});

describe("/cluster/replication", () => {
  it("is config only, sorted by id, schedule omitted when default, booleans as 0/1", async () => {
    const { url } = sim.endpointFor("alpha");
    const raw = JSON.parse(
      (await rawRequest(`${url}/api2/json/cluster/replication`, { headers: tokenHeader() })).text,
    );
    expect(raw.data.map((j: { id: string }) => j.id)).toEqual(["100-0", "101-0", "102-0", "103-0", "150-0"]);
    expect(raw.data[0]).toEqual({
      id: "100-0",
      type: "local",
      guest: 100,
      jobnum: 0,
      target: "pve4",
      source: "pve1",
      schedule: "*/5",
      rate: 2.5,
      comment: "Sicherung nächtlich – Ω",
    });
    // 101-0 was configured with an explicit "*/15": nothing is sent, just as for 103-0 with no schedule.
    expect(raw.data[1]).toEqual({
      id: "101-0",
      type: "local",
      guest: 101,
      jobnum: 0,
      target: "pve2",
      source: "pve1",
      disable: 1,
    });
    expect("schedule" in raw.data[3]).toBe(false);
  });

  it("silently drops jobs without VM.Audit; /{id} answers 403 for them", async () => {
    const limited = clientFor(sim, {
      auth: { kind: "token", tokenId: "audit@pve!limited", secret: LIMITED_SECRET },
    });
    expect(ids(await limited.clusterReplication())).toEqual(["100-0", "102-0", "103-0", "150-0"]);
    expect(ids(await limited.nodeReplication("pve1"))).toEqual(["100-0"]);
    expect(await failure(limited.clusterReplicationJob("101-0"))).toMatchObject({ status: 403 });
    const none = clientFor(sim, { auth: { kind: "token", tokenId: "nobody@pve!none", secret: NONE_SECRET } });
    expect(await none.clusterReplication()).toEqual([]);
    await Promise.all([limited.close(), none.close()]);
  });

  it("reflects runtime changes (the cached body is invalidated)", async () => {
    expect(ids(await client.clusterReplication())).not.toContain("102-1");
    sim.state.addJob("alpha", { id: "102-1", target: "pve4", schedule: "mon..fri 00:00" });
    sim.state.removeJob("alpha", "150-0");
    sim.state.setPrivileges("alpha", "root@pam!full", { "/vms": ["VM.Audit"], "/vms/102": [] });
    expect(ids(await client.clusterReplication())).toEqual(["100-0", "101-0", "103-0"]);
  });

  it("unknown id → 500 'no such replication job'; bad id → 400", async () => {
    expect(await failure(client.clusterReplicationJob("100-7"))).toMatchObject({
      status: 500,
      proxmoxMessage: "no such replication job '100-7'",
    });
    expect(await failure(client.clusterReplicationJob("abc"))).toMatchObject({
      status: 400,
      errors: { id: "invalid format - invalid replication job id 'abc'" },
    });
    const job = await client.clusterReplicationJob("100-0");
    expect(job.digest).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe("logs, permissions, admin API", () => {
  it("serves the log with n/t lines, total, start/limit, and PVE's missing-file line", async () => {
    const log = await client.nodeReplicationLog("pve1", "100-0");
    expect(log.total).toBe(log.lines.length);
    expect(log.lines[0]).toEqual({ n: 1, t: "2026-01-01 00:00:10 100-0: start replication job" });
    expect(log.lines.at(-1)?.t).toMatch(/end replication job$/);
    const page = await client.nodeReplicationLog("pve1", "100-0", { start: 2, limit: 2 });
    expect(page.lines.map((l) => l.n)).toEqual([3, 4]);
    expect(page.total).toBe(log.total);
    const never = await client.nodeReplicationLog("pve1", "101-0");
    expect(never).toEqual({
      lines: [{ n: 1, t: "unable to open file - No such file or directory" }],
      total: 1,
    });
  });

  it("GET /access/permissions maps ACLs to privilege flags", async () => {
    const limited = clientFor(sim, {
      auth: { kind: "token", tokenId: "audit@pve!limited", secret: LIMITED_SECRET },
    });
    expect(await limited.permissions()).toEqual({ "/vms": { "VM.Audit": true } });
    expect(await limited.permissions("/vms/101")).toEqual({ "/vms/101": {} });
    await limited.close();
  });

  it("POST /__sim/ changes the scenario from another process", async () => {
    const { url } = sim.endpointFor("alpha");
    const call = async (op: string, args: unknown[]) =>
      JSON.parse(
        (await rawRequest(`${url}/__sim/`, { method: "POST", body: JSON.stringify({ op, args }) })).text,
      );
    expect(await call("moveGuest", ["alpha", 101, "pve4"])).toEqual({ ok: true, result: null });
    expect(ids(await client.nodeReplication("pve4"))).toEqual(["101-0"]);
    await call("addFault", [{ path: "/version", status: 503, times: 1 }]);
    expect(await failure(client.version())).toMatchObject({ status: 503 });
    expect((await call("countRequests", [{ path: "/version" }])).result).toBe(1);
    expect((await call("nope", [])).error).toContain("unknown op");
    expect((await call("moveGuest", ["alpha", 999, "pve2"])).error).toContain("guest 999 does not exist");
  });

  it("401 has no body and the reason in the status line; unknown paths 501", async () => {
    const { url } = sim.endpointFor("alpha");
    const res = await rawRequest(`${url}/api2/json/cluster/replication`, {
      headers: tokenHeader("root@pam!full", "x"),
    });
    expect([res.status, res.reason, res.text]).toEqual([401, "Authentication failed!", ""]);
    const unknown = await rawRequest(`${url}/api2/json/cluster/foo`, { headers: tokenHeader() });
    expect(unknown.status).toBe(501);
    expect(JSON.parse(unknown.text)).toEqual({
      data: null,
      message: "Method 'GET /cluster/foo' not implemented\n",
    });
  });
});
