import { describe, expect, it } from "vitest";
import { describeIssues, endpointSchemas } from "@/server/proxmox/schemas";
import { loadPveSchema, returnsOf, validatePve } from "./pve-schema";

// The zod schemas accept what pve-manager really sends (spec §1.0): 0/1 booleans, float rates, optional
// fields missing, unknown fields kept, and the replication items carry the untouched `raw` object.

describe("endpoint schemas", () => {
  it("replication configs: 0/1 or true/false → boolean, schedule stays undefined, raw kept verbatim", () => {
    const items = [
      {
        id: "100-0",
        type: "local",
        guest: 100,
        jobnum: 0,
        target: "pve2",
        source: "pve1",
        schedule: "*/5",
        rate: 2.5,
      },
      {
        id: "101-0",
        type: "local",
        guest: 101,
        jobnum: 0,
        target: "pve2",
        disable: 1,
        comment: "nächtlich – Ω",
      },
      {
        id: "102-0",
        type: "local",
        guest: 102,
        jobnum: 0,
        target: "pve3",
        disable: false,
        remove_job: "full",
      },
      { id: "103-0", type: "local", guest: 103, jobnum: 0, target: "pve3", disable: true, future_field: [1] },
    ];
    const input = structuredClone(items);
    const parsed = endpointSchemas.clusterReplication.parse({ data: input }).data;
    expect(parsed.map((j) => j.disable)).toEqual([undefined, true, false, true]);
    expect(parsed[0].rate).toBe(2.5);
    expect(parsed[1].schedule).toBeUndefined();
    expect("schedule" in parsed[1]).toBe(false);
    expect(parsed[2].remove_job).toBe("full");
    expect(parsed[3].future_field).toEqual([1]);
    parsed.forEach((job, i) => {
      expect(job.raw).toEqual(items[i]);
      expect(job.raw).not.toBe(input[i]);
      expect(Object.getPrototypeOf(job.raw)).toBe(Object.prototype);
    });
    expect(parsed[1].raw.disable).toBe(1);
  });

  it("node status items need the state fields, with duration/error/pid optional", () => {
    const base = { id: "100-0", type: "local", guest: 100, jobnum: 0, target: "pve2", vmtype: "qemu" };
    const ok = { ...base, next_sync: 900, last_sync: 0, last_try: 0, fail_count: 0 };
    const failing = {
      ...ok,
      fail_count: 4,
      error: "command 'zfs snapshot ...' failed: exit code 1",
      duration: 1.02,
    };
    const parsed = endpointSchemas.nodeReplication.parse({ data: [ok, failing] }).data;
    expect(parsed[0].error).toBeUndefined();
    expect(parsed[1]).toMatchObject({ fail_count: 4, duration: 1.02, vmtype: "qemu" });
    expect(parsed[1].raw).toEqual(failing);
    const missing = endpointSchemas.nodeReplication.safeParse({ data: [{ ...base, next_sync: 1 }] });
    expect(missing.success).toBe(false);
  });

  it("VM resources without RRD data: no name, status unknown", () => {
    const data = [
      { id: "qemu/103", vmid: 103, node: "pve3", type: "qemu", status: "unknown" },
      { id: "lxc/101", vmid: 101, node: "pve1", type: "lxc", status: "running", name: "dns", template: 0 },
    ];
    const parsed = endpointSchemas.resourcesVm.parse({ data }).data;
    expect(parsed[0].name).toBeUndefined();
    expect(parsed[1].template).toBe(false);
  });

  it("cluster status and permissions map 0/1 to booleans", () => {
    const status = endpointSchemas.clusterStatus.parse({
      data: [
        { type: "cluster", id: "cluster", name: "pvec", nodes: 2, quorate: 1, version: 2 },
        { type: "node", id: "node/pve1", name: "pve1", nodeid: 1, local: 1, online: 0, level: "" },
      ],
    }).data;
    expect(status[0].quorate).toBe(true);
    expect(status[1]).toMatchObject({ local: true, online: false });
    const perms = endpointSchemas.permissions.parse({
      data: { "/vms": { "VM.Audit": 1, "VM.Replicate": 0 } },
    }).data;
    expect(perms).toEqual({ "/vms": { "VM.Audit": true, "VM.Replicate": false } });
  });

  it("issue text names the path like data[3].guest", () => {
    const ok = { id: "100-0", type: "local", guest: 100, jobnum: 0, target: "pve2" };
    const result = endpointSchemas.clusterReplication.safeParse({
      data: [ok, ok, ok, { ...ok, guest: "100" }],
    });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssues(result.error)).toMatch(/^data\[3\]\.guest: .*expected number/);
    const rate = endpointSchemas.clusterReplication.safeParse({ data: [{ ...ok, disable: "yes" }] });
    if (!rate.success) expect(describeIssues(rate.error)).toMatch(/^data\[0\]\.disable: /);
  });

  it("HA resources: requires exactly what PVE's return schema requires (sid), keeps the rest optional", () => {
    const official = returnsOf(loadPveSchema(), "/cluster/ha/resources");
    const properties = official.items?.properties ?? {};
    const required = Object.keys(properties).filter((key) => !properties[key].optional);
    expect(required).toEqual(["sid"]);
    const minimal = Object.fromEntries(required.map((key) => [key, "vm:100"]));
    // The smallest item the official schema allows must parse, and dropping any required key must not.
    expect(validatePve(official, [minimal])).toEqual([]);
    expect(endpointSchemas.clusterHaResources.safeParse({ data: [minimal] }).success).toBe(true);
    for (const key of required) {
      const { [key]: _dropped, ...rest } = minimal;
      expect(validatePve(official, [rest])).not.toEqual([]);
      const result = endpointSchemas.clusterHaResources.safeParse({ data: [rest] });
      expect(result.success).toBe(false);
      if (!result.success)
        expect(describeIssues(result.error)).toMatch(new RegExp(`^data\\[0\\]\\.${key}: `));
    }
  });

  it("HA resources: vmid from the sid (null for other resource types), unknown keys and states kept", () => {
    const data = [
      { sid: "vm:100", type: "vm", state: "started", max_restart: 1, max_relocate: 1, digest: "ab" },
      { sid: "ct:101", type: "ct", errors: { group: "group 'x' does not exist" }, group: "x" },
      { sid: "fence:pve1", type: "fence", state: "some-future-state", failback: 1 },
    ];
    const parsed = endpointSchemas.clusterHaResources.parse({ data }).data;
    expect(parsed.map((r) => r.vmid)).toEqual([100, 101, null]);
    expect(parsed[1].state).toBeUndefined();
    expect(parsed[1].errors).toEqual({ group: "group 'x' does not exist" });
    expect(parsed[2]).toMatchObject({ state: "some-future-state", failback: 1 });
    const bad = endpointSchemas.clusterHaResources.safeParse({ data: [{ sid: "vm:100", max_restart: "1" }] });
    expect(bad.success).toBe(false);
  });
});
