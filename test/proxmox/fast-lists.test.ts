import { describe, expect, it } from "vitest";
import { ProxmoxMalformedError } from "@/server/proxmox/errors";
import { fastParserFor } from "@/server/proxmox/fast-lists";
import { interpretResponse } from "@/server/proxmox/response";
import { describeIssues, endpointSchemas } from "@/server/proxmox/schemas";

// The big lists (/cluster/replication, /cluster/resources?type=vm, /nodes/{node}/replication) skip zod
// when a hand-written check accepts them (issue 11). The check must give zod's exact output, and
// anything it doubts must still go through zod, so malformed answers fail with the same text.

const config = { id: "100-0", type: "local", guest: 100, jobnum: 0, target: "pve2" };
const status = { ...config, vmtype: "qemu", next_sync: 900, last_sync: 0, last_try: 0, fail_count: 0 };
const vm = { id: "qemu/100", type: "qemu", vmid: 100, node: "pve1", status: "running", name: "db" };

const cases = {
  clusterReplication: [
    config,
    {
      ...config,
      id: "101-0",
      source: "pve1",
      schedule: "*/5",
      rate: 2.5,
      disable: 1,
      comment: "nächtlich – Ω",
    },
    { ...config, id: "102-0", disable: false, remove_job: "full", future_field: [1], raw: "shadowed" },
    { ...config, id: "103-0", disable: 0, remove_job: "local" },
  ],
  nodeReplication: [
    status,
    { ...status, id: "101-0", fail_count: 4, error: "zfs failed", duration: 1.02, pid: 4242, disable: true },
  ],
  resourcesVm: [
    vm,
    { ...vm, id: "lxc/101", type: "lxc", vmid: 101, template: 1, tags: "a;b", maxmem: 2048, cpu: 0.5 },
    { id: "qemu/103", vmid: 103, node: "pve3", type: "qemu", template: 0 },
  ],
} as const;

type Name = keyof typeof cases;
const names = Object.keys(cases) as Name[];

function viaResponse(name: Name, body: unknown) {
  return interpretResponse({ status: 200, reason: "OK", text: JSON.stringify(body) }, endpointSchemas[name], {
    method: "GET",
    path: "/x",
    principal: "root@pam!t",
    url: "https://pve/api2/json/x",
  });
}

describe("fast checks of the big lists", () => {
  it.each(names)("%s: the same output as zod, raw kept verbatim", (name) => {
    const body = { data: cases[name], extra: 1 };
    const expected = endpointSchemas[name].parse(structuredClone(body));
    const fast = fastParserFor(endpointSchemas[name])?.(structuredClone(body));
    expect(fast).toBeDefined();
    expect(fast).toEqual(expected);
    // …and through the response path every item is exactly what zod gives, keys and all.
    const got = viaResponse(name, body) as { data: Array<Record<string, unknown>> };
    got.data.forEach((item, i) => {
      expect(Object.keys(item).sort()).toEqual(Object.keys(expected.data[i]).sort());
      expect(item).toEqual(expected.data[i]);
    });
  });

  it("0/1 flags become booleans while raw keeps what Proxmox sent", () => {
    const got = viaResponse("clusterReplication", { data: cases.clusterReplication }) as {
      data: Array<{ disable?: boolean; raw: Record<string, unknown> }>;
    };
    expect(got.data.map((j) => j.disable)).toEqual([undefined, true, false, false]);
    expect(got.data[1].raw.disable).toBe(1);
    expect(got.data[2].raw).toEqual(cases.clusterReplication[2]);
    const vms = viaResponse("resourcesVm", { data: cases.resourcesVm }) as {
      data: Array<{ template?: boolean }>;
    };
    expect(vms.data.map((v) => v.template)).toEqual([undefined, true, false]);
  });

  const malformed: Array<[Name, unknown]> = [
    ["clusterReplication", { data: [config, { ...config, guest: "100" }] }],
    ["clusterReplication", { data: [{ ...config, disable: "yes" }] }],
    ["clusterReplication", { data: [{ ...config, comment: null }] }],
    ["clusterReplication", { data: [{ ...config, remove_job: "partial" }] }],
    ["clusterReplication", { data: [{ ...config, jobnum: 1.5 }] }],
    ["clusterReplication", { data: [config, "100-0"] }],
    ["clusterReplication", { data: { "100-0": config } }],
    ["clusterReplication", [config]],
    ["nodeReplication", { data: [{ ...status, last_sync: undefined }] }],
    ["nodeReplication", { data: [{ ...status, pid: "12" }] }],
    ["resourcesVm", { data: [{ ...vm, type: "storage" }] }],
    ["resourcesVm", { data: [{ ...vm, vmid: null }] }],
    ["resourcesVm", { data: [{ ...vm, template: 2 }] }],
  ];
  it.each(malformed)("%s rejects %j with zod's own message", (name, body) => {
    expect(fastParserFor(endpointSchemas[name])?.(structuredClone(body))).toBeUndefined();
    const zod = endpointSchemas[name].safeParse(structuredClone(body));
    expect(zod.success).toBe(false);
    let error: unknown;
    try {
      viaResponse(name, body);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ProxmoxMalformedError);
    if (!zod.success) expect((error as Error).message).toContain(describeIssues(zod.error));
  });

  it("a key zod treats specially sends the item through zod", () => {
    const proto = JSON.parse(
      `{"data":[{"id":"100-0","type":"local","guest":100,"jobnum":0,"target":"pve2","__proto__":{"x":1}}]}`,
    );
    expect(fastParserFor(endpointSchemas.clusterReplication)?.(proto)).toBeUndefined();
    const raw = { data: [{ ...config, __raw: 1 }] };
    expect(fastParserFor(endpointSchemas.clusterReplication)?.(raw)).toBeUndefined();
  });
});
