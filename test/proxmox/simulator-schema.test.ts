import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateScenario } from "@/simulator/generator";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { rawRequest } from "./fixtures";
import { loadPveSchema, type PveApiSchema, type PveSchema, returnsOf, validatePve } from "./pve-schema";

// Every simulated endpoint's wire data (not the client's parsed view) against the official PVE schema
// nodes in shared/proxmox/pve-api-replication-schema.json (plus pve-api-ha-schema.json next to this file
// for /cluster/ha/resources), over the demo scenario and a generated one.

let demo: TestSimulator;
let generated: TestSimulator;
let api: PveApiSchema;
const covered = new Set<string>();

/** Not simulated: the sync never reads them (guest lists come from /cluster/resources). */
const NOT_SIMULATED = [
  "GET /nodes/{node}/qemu",
  "GET /nodes/{node}/lxc",
  "POST /nodes/{node}/qemu",
  "POST /nodes/{node}/lxc",
  // Its typed return schema is used below to check every item of the HA resource list instead.
  "GET /cluster/ha/resources/{sid}",
];
/** State-changing calls the simulator does not implement (the app never writes to Proxmox). */
const WRITE_CALLS = [
  "POST /cluster/replication",
  "PUT /cluster/replication/{id}",
  "DELETE /cluster/replication/{id}",
];

beforeAll(async () => {
  api = loadPveSchema();
  [demo, generated] = await Promise.all([
    startTestSimulator(),
    startTestSimulator(generateScenario({ clusters: 1, nodesPerCluster: 4, jobsPerCluster: 300, seed: 7 })),
  ]);
});
afterAll(async () => {
  await Promise.all([demo.close(), generated.close()]);
});

async function get(
  sim: TestSimulator,
  cluster: string,
  path: string,
): Promise<{ data: unknown; total?: number }> {
  const { url, tokenId, secret } = sim.endpointFor(cluster);
  const res = await rawRequest(`${url}/api2/json${path}`, {
    headers: { authorization: `PVEAPIToken=${tokenId}=${secret}` },
  });
  expect(res.status, `${path}: ${res.reason}`).toBe(200);
  expect(res.headers["content-type"]).toBe("application/json;charset=UTF-8");
  return JSON.parse(res.text);
}

function check(schemaPath: string, schema: PveSchema, data: unknown, method = "GET") {
  covered.add(`${method} ${schemaPath}`);
  expect(validatePve(schema, data)).toEqual([]);
}

type Job = { id: string; guest: number };

async function checkCluster(sim: TestSimulator, cluster: string) {
  const runtime = sim.state.cluster(cluster);
  const online = runtime.nodes.filter((n) => n.online).map((n) => n.name);
  check("/version", returnsOf(api, "/version"), (await get(sim, cluster, "/version")).data);
  check(
    "/cluster/status",
    returnsOf(api, "/cluster/status"),
    (await get(sim, cluster, "/cluster/status")).data,
  );
  check("/nodes", returnsOf(api, "/nodes"), (await get(sim, cluster, "/nodes")).data);
  const resources = returnsOf(api, "/cluster/resources");
  for (const q of ["", "?type=vm", "?type=storage", "?type=node"]) {
    check("/cluster/resources", resources, (await get(sim, cluster, `/cluster/resources${q}`)).data);
  }
  const haSchema = returnsOf(api, "/cluster/ha/resources");
  const ha = (await get(sim, cluster, "/cluster/ha/resources")).data as { sid: string }[];
  expect(ha.length).toBe(runtime.ha.size);
  if (cluster !== "pve-lab") expect(ha.length).toBeGreaterThan(0); // pve-lab has no HA: answers []
  check("/cluster/ha/resources", haSchema, ha);
  // The list's return schema types only `sid`; each item is the same section `read` returns, so the
  // typed read schema checks the other keys (state enum, integer limits, formats).
  const readSchema = returnsOf(api, "/cluster/ha/resources/{sid}");
  for (const item of ha) expect(validatePve(readSchema, item)).toEqual([]);
  for (const q of ["?type=vm", "?type=ct"]) {
    check("/cluster/ha/resources", haSchema, (await get(sim, cluster, `/cluster/ha/resources${q}`)).data);
  }
  const listSchema = returnsOf(api, "/cluster/replication");
  const list = (await get(sim, cluster, "/cluster/replication")).data as Job[];
  expect(list.length).toBe(runtime.jobs.size);
  check("/cluster/replication", listSchema, list);
  for (const job of list) {
    check(
      "/cluster/replication/{id}",
      returnsOf(api, "/cluster/replication/{id}"),
      (await get(sim, cluster, `/cluster/replication/${job.id}`)).data,
    );
  }
  for (const node of online) {
    const items = (await get(sim, cluster, `/nodes/${node}/replication`)).data as Job[];
    check("/nodes/{node}/replication", returnsOf(api, "/nodes/{node}/replication"), items);
    // The node items carry every config field too, so they must also pass the typed config schema.
    expect(validatePve(listSchema, items)).toEqual([]);
    for (const job of items.slice(0, 40)) {
      const base = `/nodes/${node}/replication/${job.id}`;
      check(
        "/nodes/{node}/replication/{id}",
        returnsOf(api, "/nodes/{node}/replication/{id}"),
        (await get(sim, cluster, base)).data,
      );
      const status = (await get(sim, cluster, `${base}/status`)).data;
      check(
        "/nodes/{node}/replication/{id}/status",
        returnsOf(api, "/nodes/{node}/replication/{id}/status"),
        status,
      );
      expect(validatePve(listSchema.items!, status)).toEqual([]);
      const log = await get(sim, cluster, `${base}/log`);
      check(
        "/nodes/{node}/replication/{id}/log",
        returnsOf(api, "/nodes/{node}/replication/{id}/log"),
        log.data,
      );
      expect(typeof log.total).toBe("number");
    }
  }
}

describe("simulator responses conform to the PVE API schema", () => {
  it("demo scenario, both clusters", async () => {
    for (const cluster of ["pve-prod", "pve-lab"]) await checkCluster(demo, cluster);
  });

  it("generated scenario (300 jobs, all job states)", async () => {
    await checkCluster(generated, "pve-c01");
  });

  it("POST /access/ticket and GET /access/ticket", async () => {
    const c = demo.cluster("pve-prod");
    const res = await rawRequest(`${c.url}/api2/json/access/ticket`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: c.user!.username, password: c.user!.password }).toString(),
    });
    const body = JSON.parse(res.text);
    check("/access/ticket", returnsOf(api, "/access/ticket", "POST"), body.data, "POST");
    expect(body.data.clustername).toBe("pve-prod");
    const plain = await rawRequest(`${c.url}/api2/json/access/ticket`);
    check("/access/ticket", returnsOf(api, "/access/ticket", "GET"), JSON.parse(plain.text).data);
  });

  it("POST schedule_now answers {data:null} (the code returns nothing; the schema says string)", async () => {
    const { url, tokenId, secret } = demo.endpointFor("pve-prod");
    const res = await rawRequest(`${url}/api2/json/nodes/pve1/replication/100-0/schedule_now`, {
      method: "POST",
      headers: { authorization: `PVEAPIToken=${tokenId}=${secret}` },
    });
    expect(JSON.parse(res.text)).toEqual({ data: null });
    covered.add("POST /nodes/{node}/replication/{id}/schedule_now");
  });

  it("covers every endpoint of the schema file except the documented gaps", () => {
    const all = Object.entries(api.endpoints).flatMap(([path, e]) =>
      Object.keys(e.info).map((m) => `${m} ${path}`),
    );
    const expected = all.filter((e) => !NOT_SIMULATED.includes(e) && !WRITE_CALLS.includes(e)).sort();
    expect([...covered].sort()).toEqual(expected);
  });

  it("the validator itself rejects wrong shapes", () => {
    const list = returnsOf(api, "/cluster/replication");
    const good = { id: "100-0", type: "local", guest: 100, jobnum: 0, target: "pve2" };
    expect(validatePve(list, [good])).toEqual([]);
    expect(validatePve(list, [{ ...good, disable: true }])[0]).toMatch(/disable: expected PVE boolean/);
    expect(validatePve(list, [{ ...good, id: "99-0" }])[0]).toMatch(/does not match|not a valid/);
    expect(validatePve(list, [{ ...good, schedule: "*/61" }])[0]).toMatch(/pve-calendar-event/);
    expect(validatePve(list, [{ ...good, rate: 0.5 }])[0]).toMatch(/below minimum/);
    expect(validatePve(list, [{ ...good, target: undefined }])[0]).toMatch(
      /missing required property target/,
    );
    const ha = returnsOf(api, "/cluster/ha/resources/{sid}");
    const resource = { sid: "vm:100", type: "vm", digest: "ab" };
    expect(validatePve(ha, resource)).toEqual([]);
    expect(validatePve(ha, { ...resource, state: "running" })[0]).toMatch(/'running' not in enum/);
    expect(validatePve(ha, { ...resource, max_restart: "1" })[0]).toMatch(/max_restart: expected integer/);
    expect(validatePve(ha, { ...resource, sid: "vm 100" })[0]).toMatch(/pve-ha-resource-or-vm-id/);
  });
});
