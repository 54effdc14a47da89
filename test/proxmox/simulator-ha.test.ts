import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ProxmoxClient, ProxmoxPermissionError } from "@/server/proxmox";
import { type HaResourceInput, parseScenario, type ScenarioInput } from "@/simulator/scenario";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import {
  baseScenario,
  clientFor,
  failure,
  LIMITED_SECRET,
  NONE_SECRET,
  rawRequest,
  tokenHeader,
} from "./fixtures";

// GET /cluster/ha/resources as pve-ha-manager answers it (spec §1.12): Sys.Audit on `/` or a 403, the
// sections of resources.cfg as written (no defaults filled in), `type` from the sid, one file digest,
// `errors.group` for a group that does not exist. Expected items are written out by hand.

const SYS_AUDIT_SECRET = "33333333-4444-4555-8666-777777777777";
const SYS_AUDIT_NO_VMS_SECRET = "44444444-5555-4666-8777-888888888888";

function haScenario(): ScenarioInput {
  const scenario = baseScenario();
  const alpha = scenario.clusters[0];
  alpha.ha = [
    {
      sid: "vm:100",
      state: "started",
      group: "prod",
      max_restart: 1,
      max_relocate: 1,
      comment: "Web – HA",
    },
    { sid: "ct:101", state: "stopped" },
    // No state: PVE's default (started) is not written into the file, so it is not served either.
    { sid: "vm:102", group: "gone" },
    // A guest that no longer exists keeps its HA entry.
    { sid: "vm:160" },
  ];
  alpha.haGroups = ["prod"];
  alpha.tokens = [
    ...(alpha.tokens ?? []),
    { tokenId: "ha@pve!sysaudit", secret: SYS_AUDIT_SECRET, privileges: { "/": ["Sys.Audit"] } },
    // Sys.Audit on / but nothing on the guests: HA resources are not filtered per guest.
    {
      tokenId: "ha@pve!novms",
      secret: SYS_AUDIT_NO_VMS_SECRET,
      privileges: { "/": ["Sys.Audit"], "/vms": [] },
    },
  ];
  return scenario;
}

let sim: TestSimulator;
let client: ProxmoxClient;

beforeEach(async () => {
  sim = await startTestSimulator(haScenario());
  client = clientFor(sim, { retries: 0 });
});
afterEach(async () => {
  await client.close();
  await sim.close();
});

async function list(query = "", headers = tokenHeader()) {
  const res = await rawRequest(`${sim.cluster("alpha").url}/api2/json/cluster/ha/resources${query}`, {
    headers,
  });
  return { ...res, body: res.text ? JSON.parse(res.text) : undefined };
}

const sids = (items: { sid: string }[]) => items.map((i) => i.sid);

describe("GET /cluster/ha/resources: wire shape", () => {
  it("serves each section as written plus sid, type and one file digest, sorted by sid", async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json;charset=UTF-8");
    const items = res.body.data as Record<string, unknown>[];
    const digest = items[0].digest;
    expect(digest).toMatch(/^[0-9a-f]{40}$/);
    expect(items).toEqual([
      { sid: "ct:101", type: "ct", digest, state: "stopped" },
      {
        sid: "vm:100",
        type: "vm",
        digest,
        state: "started",
        group: "prod",
        max_restart: 1,
        max_relocate: 1,
        comment: "Web – HA",
      },
      { sid: "vm:102", type: "vm", digest, group: "gone", errors: { group: "group 'gone' does not exist" } },
      { sid: "vm:160", type: "vm", digest },
    ]);
  });

  it("?type= filters by resource type; other values and parameters are a 400 like PVE's", async () => {
    expect(sids((await list("?type=ct")).body.data)).toEqual(["ct:101"]);
    expect(sids((await list("?type=vm")).body.data)).toEqual(["vm:100", "vm:102", "vm:160"]);
    const qemu = await list("?type=qemu");
    expect([qemu.status, qemu.reason]).toEqual([400, "Parameter verification failed."]);
    expect(qemu.body.errors).toEqual({
      type: "value 'qemu' does not have a value in the enumeration 'ct, vm'",
    });
    const extra = await list("?vmid=100");
    expect(extra.body.errors).toEqual({
      vmid: "property is not defined in schema and the schema does not allow additional properties",
    });
  });

  it("an empty HA configuration answers []", async () => {
    for (const sid of ["ct:101", "vm:100", "vm:102", "vm:160"]) sim.state.removeHaResource("alpha", sid);
    const res = await list();
    expect(res.text).toBe('{"data":[]}');
  });
});

describe("GET /cluster/ha/resources: privileges", () => {
  it("without Sys.Audit on / the whole call is a 403, even with VM.Audit on every guest", async () => {
    const limited = await list("", tokenHeader("audit@pve!limited", LIMITED_SECRET));
    expect([limited.status, limited.reason]).toEqual([403, "Permission check failed (/, Sys.Audit)"]);
    expect(limited.body).toEqual({ data: null, message: "Permission check failed (/, Sys.Audit)\n" });
    const none = await list("", tokenHeader("nobody@pve!none", NONE_SECRET));
    expect(none.status).toBe(403);
  });

  it("Sys.Audit on / alone is enough, and guests hidden from the token are still listed", async () => {
    const audit = await list("", tokenHeader("ha@pve!sysaudit", SYS_AUDIT_SECRET));
    expect(sids(audit.body.data)).toEqual(["ct:101", "vm:100", "vm:102", "vm:160"]);
    const noVms = await list("", tokenHeader("ha@pve!novms", SYS_AUDIT_NO_VMS_SECRET));
    expect(sids(noVms.body.data)).toEqual(["ct:101", "vm:100", "vm:102", "vm:160"]);
  });

  it("revoking Sys.Audit at run time takes effect on the next call", async () => {
    sim.state.setPrivileges("alpha", "ha@pve!sysaudit", { "/vms": ["VM.Audit"] });
    expect((await list("", tokenHeader("ha@pve!sysaudit", SYS_AUDIT_SECRET))).status).toBe(403);
  });
});

describe("HA state mutators", () => {
  it("add, update (null deletes a key) and remove change the list and the digest", async () => {
    const before = (await list()).body.data[0].digest;
    sim.state.addHaResource("alpha", { sid: "vm:104", state: "ignored" });
    const added = (await list()).body.data as Record<string, unknown>[];
    expect(sids(added as { sid: string }[])).toEqual(["ct:101", "vm:100", "vm:102", "vm:104", "vm:160"]);
    expect(added[0].digest).not.toBe(before);
    sim.state.updateHaResource("alpha", "vm:100", { state: "disabled", comment: null, max_restart: 3 });
    const updated = (await list("?type=vm")).body.data[0];
    expect(updated).toEqual({
      sid: "vm:100",
      type: "vm",
      digest: updated.digest,
      state: "disabled",
      group: "prod",
      max_restart: 3,
      max_relocate: 1,
    });
    sim.state.removeHaResource("alpha", "vm:160");
    expect(sids((await list()).body.data)).toEqual(["ct:101", "vm:100", "vm:102", "vm:104"]);
  });

  it("setHaGroups decides which groups exist (null: any group a resource names)", async () => {
    const errorsOf102 = async () =>
      ((await list("?type=vm")).body.data as { sid: string; errors?: unknown }[]).find(
        (r) => r.sid === "vm:102",
      )?.errors;
    expect(await errorsOf102()).toEqual({ group: "group 'gone' does not exist" });
    sim.state.setHaGroups("alpha", null);
    expect(await errorsOf102()).toBeUndefined();
    sim.state.setHaGroups("alpha", []);
    expect(await errorsOf102()).toEqual({ group: "group 'gone' does not exist" });
  });

  it("refuses what PVE refuses: a second resource per guest, a type mismatch, bad ids, unknown sids", () => {
    expect(() => sim.state.addHaResource("alpha", { sid: "vm:100" })).toThrow(
      "resource ID 'vm:100' already defined",
    );
    expect(() => sim.state.addHaResource("alpha", { sid: "ct:100" })).toThrow(
      "resource ID 'ct:100' already defined",
    );
    expect(() => sim.state.addHaResource("alpha", { sid: "ct:104" })).toThrow(/guest 104 is qemu/);
    expect(() => sim.state.addHaResource("alpha", { sid: "vm:99" })).toThrow(/vm:<vmid> or ct:<vmid>/);
    // "running" is a guest status, not one of PVE's requested HA states (as over POST /__sim/).
    const running = { sid: "vm:104", state: "running" } as unknown as HaResourceInput;
    expect(() => sim.state.addHaResource("alpha", running)).toThrow(/state/);
    expect(() => sim.state.updateHaResource("alpha", "vm:100", { sid: "vm:104" })).toThrow(
      /cannot be changed/,
    );
    expect(() => sim.state.removeHaResource("alpha", "vm:999")).toThrow("no such resource 'vm:999'");
  });

  it("the same mutators over POST /__sim/", async () => {
    const admin = (op: string, args: unknown[]) =>
      rawRequest(`${sim.cluster("alpha").url}/__sim/`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ op, args }),
      });
    expect((await admin("addHaResource", ["alpha", { sid: "vm:104", group: "prod" }])).status).toBe(200);
    expect((await admin("updateHaResource", ["alpha", "vm:104", { state: "stopped" }])).status).toBe(200);
    expect((await admin("removeHaResource", ["alpha", "ct:101"])).status).toBe(200);
    expect((await admin("setHaGroups", ["alpha", null])).status).toBe(200);
    const items = (await list()).body.data as Record<string, unknown>[];
    expect(items.map((i) => [i.sid, i.state, i.errors])).toEqual([
      ["vm:100", "started", undefined],
      ["vm:102", undefined, undefined],
      ["vm:104", "stopped", undefined],
      ["vm:160", undefined, undefined],
    ]);
    const bad = await admin("addHaResource", ["alpha", { sid: "vm:104" }]);
    expect(JSON.parse(bad.text)).toEqual({ error: "resource ID 'vm:104' already defined" });
  });
});

describe("scenario checks", () => {
  const withHa = (ha: unknown[]) => {
    const s = baseScenario();
    (s.clusters[0] as Record<string, unknown>).ha = ha;
    return s;
  };
  it("accepts resources of unknown guests, rejects two per guest and a type that contradicts the guest", () => {
    expect(parseScenario(withHa([{ sid: "vm:160" }])).clusters[0].ha).toEqual([{ sid: "vm:160" }]);
    expect(() => parseScenario(withHa([{ sid: "vm:100" }, { sid: "ct:100" }]))).toThrow(
      "cluster alpha: second HA resource for guest 100",
    );
    expect(() => parseScenario(withHa([{ sid: "vm:101" }]))).toThrow(
      "cluster alpha: HA resource vm:101 but guest 101 is lxc",
    );
    expect(() => parseScenario(withHa([{ sid: "100" }]))).toThrow(/vm:<vmid> or ct:<vmid>/);
    expect(() => parseScenario(withHa([{ sid: "vm:100", max_restart: -1 }]))).toThrow();
  });
});

describe("client.clusterHaResources() against the simulator", () => {
  it("parses the list, derives vmid from the sid and leaves absent settings undefined", async () => {
    const items = await client.clusterHaResources();
    expect(items.map((r) => [r.sid, r.vmid, r.type, r.state, r.group])).toEqual([
      ["ct:101", 101, "ct", "stopped", undefined],
      ["vm:100", 100, "vm", "started", "prod"],
      ["vm:102", 102, "vm", undefined, "gone"],
      ["vm:160", 160, "vm", undefined, undefined],
    ]);
    expect(items[1]).toMatchObject({ max_restart: 1, max_relocate: 1, comment: "Web – HA" });
    expect(items[2].errors).toEqual({ group: "group 'gone' does not exist" });
    expect(sids(await client.clusterHaResources({ type: "ct" }))).toEqual(["ct:101"]);
  });

  it("a token without Sys.Audit on / gets a ProxmoxPermissionError naming the missing privilege", async () => {
    const limited = clientFor(sim, {
      retries: 0,
      auth: { kind: "token", tokenId: "audit@pve!limited", secret: LIMITED_SECRET },
    });
    try {
      const err = await failure(limited.clusterHaResources());
      expect(err).toBeInstanceOf(ProxmoxPermissionError);
      expect(err).toMatchObject({ status: 403, proxmoxMessage: "Permission check failed (/, Sys.Audit)" });
    } finally {
      await limited.close();
    }
  });
});
