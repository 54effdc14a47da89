import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as docs from "@/app/api/docs/route";
import * as endpointDetail from "@/app/api/plugins/proxbox/endpoints/[id]/route";
import * as endpointSync from "@/app/api/plugins/proxbox/endpoints/[id]/sync/route";
import * as endpoints from "@/app/api/plugins/proxbox/endpoints/route";
import * as nodeDetail from "@/app/api/plugins/proxbox/nodes/[id]/route";
import * as nodes from "@/app/api/plugins/proxbox/nodes/route";
import * as changeDetail from "@/app/api/plugins/proxbox/object-changes/[id]/route";
import * as changes from "@/app/api/plugins/proxbox/object-changes/route";
import * as replicationDetail from "@/app/api/plugins/proxbox/replications/[id]/route";
import * as replications from "@/app/api/plugins/proxbox/replications/route";
import * as root from "@/app/api/plugins/proxbox/route";
import * as schedules from "@/app/api/plugins/proxbox/schedules/route";
import * as storageDetail from "@/app/api/plugins/proxbox/storage/[id]/route";
import * as storage from "@/app/api/plugins/proxbox/storage/route";
import * as syncRunDetail from "@/app/api/plugins/proxbox/sync-runs/[id]/route";
import * as syncRuns from "@/app/api/plugins/proxbox/sync-runs/route";
import * as vmDetail from "@/app/api/plugins/proxbox/virtual-machines/[id]/route";
import * as vms from "@/app/api/plugins/proxbox/virtual-machines/route";
import * as schema from "@/app/api/schema/route";
import { db } from "@/server/db/client";
import { stopBoss } from "@/server/sync/queue";
import { freshDatabasePerFile } from "./db";
import {
  KNOWN_CIPHERTEXT,
  KNOWN_SECRET,
  type SeededUser,
  seedEndpoint,
  seedNode,
  seedReplication,
  seedUser,
  seedVm,
} from "./factories";
import { call, type Page, type RouteHandler } from "./http";

// The other resources (read-only inventory, sync runs, schedules, change log, endpoints), the OpenAPI
// document and docs page, and the rule that no response ever carries a secret.

process.env.PROXBOX_SECRET_KEY ??= "a".repeat(64);
freshDatabasePerFile();

let viewer: SeededUser;
let operator: SeededUser;
let admin: SeededUser;
let endpointId: number;
let vmId: number;
const responses: string[] = [];

async function get<T = Page>(
  handler: RouteHandler,
  url: string,
  user = viewer,
  params: Record<string, string> = {},
) {
  const res = await call<T>(handler, url, { token: user.readToken, params });
  responses.push(res.text);
  return res;
}

beforeAll(async () => {
  [viewer, operator, admin] = [await seedUser("viewer"), await seedUser("operator"), await seedUser("admin")];
  const endpoint = await seedEndpoint({ name: "lab" });
  endpointId = endpoint.id;
  const node = await seedNode(endpoint.id, { name: "pve1" });
  await seedNode(endpoint.id, { name: "pve2", online: false });
  const vm = await seedVm(endpoint.id, { vmid: 100, name: "web-01", nodeId: node.id, nodeName: "pve1" });
  vmId = vm.id;
  await seedVm(endpoint.id, { vmid: 101, name: "db-01", type: "lxc" });
  await seedReplication(endpoint.id, { guest: 100, virtualMachineId: vm.id, proxmoxNodeId: node.id });
  await db.storage.create({
    data: { endpointId, nodeName: "pve1", nodeId: node.id, storage: "local-zfs", pluginType: "zfspool" },
  });
  await db.syncSchedule.create({ data: { name: "nightly", cron: "0 2 * * *", endpointIds: [endpointId] } });
  await db.syncRun.create({ data: { kind: "full", endpointId, state: "succeeded", trigger: "cli" } });
});

afterAll(async () => {
  await stopBoss();
});

describe("read-only resources", () => {
  it("list the API root", async () => {
    const res = await get<Record<string, string>>(root.GET, "/");
    expect(res.body.replications).toBe("http://localhost/api/plugins/proxbox/replications/");
    expect(Object.keys(res.body)).toContain("object-changes");
  });

  it("serve virtual machines with filters, brief and detail", async () => {
    const list = await get(vms.GET, "/virtual-machines/?type=lxc");
    expect(list.body.results).toHaveLength(1);
    expect(list.body.results[0]).toMatchObject({ name: "db-01", type: { value: "lxc", label: "LXC" } });
    const named = await get(vms.GET, "/virtual-machines/?node=pve1&brief=1");
    expect(named.body.results).toEqual([expect.objectContaining({ name: "web-01", vmid: 100 })]);
    expect(Object.keys(named.body.results[0]).sort()).toEqual(["display", "id", "name", "url", "vmid"]);
    const one = await get<Record<string, unknown>>(vmDetail.GET, `/virtual-machines/${vmId}/`, viewer, {
      id: String(vmId),
    });
    expect(one.body).toMatchObject({ id: vmId, replication_count: 1, node: { name: "pve1", online: true } });
    expect(one.headers.get("etag")).toBeTruthy();
    expect((await get(vms.GET, "/virtual-machines/?vmid=abc")).status).toBe(400);
  });

  it("read a VM's node as NetBox does: node/node_id the node row, node_name the reported text", async () => {
    // cache-01 reports pve2 but is linked to no node row (the sync could not match it).
    const unlinked = await seedVm(endpointId, { vmid: 102, name: "cache-01", nodeName: "pve2" });
    const names = async (query: string) =>
      (await get(vms.GET, `/virtual-machines/?${query}`)).body.results.map((r) => r.name);
    expect(await names("node=pve2")).toEqual([]);
    expect(await names("node_name=pve2")).toEqual(["cache-01"]);
    expect(await names("node_name__ic=PVE")).toEqual(["web-01", "cache-01"]); // endpoint, then VMID
    expect(await names("q=pve1")).toEqual(["web-01"]);
    expect(await names("node_id=null&ordering=-vmid")).toEqual(["cache-01", "db-01"]);
    expect(await names("replication_count=0")).toEqual(["db-01", "cache-01"]);
    await db.virtualMachine.delete({ where: { id: unlinked.id } });
  });

  it("serve nodes, storage, schedules and sync runs", async () => {
    expect((await get(nodes.GET, "/nodes/?online=false")).body.results).toEqual([
      expect.objectContaining({ name: "pve2" }),
    ]);
    expect((await get(storage.GET, "/storage/?plugin_type=zfspool")).body.results[0]).toMatchObject({
      display: "pve1/local-zfs",
    });
    const schedule = await get(schedules.GET, `/schedules/?endpoint_id=${endpointId}`);
    expect(schedule.body.results[0]).toMatchObject({
      name: "nightly",
      endpoints: [{ id: endpointId, name: "lab" }],
    });
    const runs = await get(syncRuns.GET, "/sync-runs/?state=succeeded&trigger=cli");
    expect(runs.body.results[0]).toMatchObject({ kind: { value: "full" }, state: { value: "succeeded" } });
  });

  it("serve one node, storage and sync run by id, and 404 for an unknown id", async () => {
    const [node, store, run] = await Promise.all([
      db.proxmoxNode.findFirstOrThrow({ where: { name: "pve1" } }),
      db.storage.findFirstOrThrow(),
      db.syncRun.findFirstOrThrow({ where: { trigger: "cli" } }),
    ]);
    const one = async (handler: RouteHandler, path: string, id: number) =>
      get<Record<string, unknown>>(handler, `/${path}/${id}/`, viewer, { id: String(id) });
    expect((await one(nodeDetail.GET, "nodes", node.id)).body).toMatchObject({
      name: "pve1",
      virtual_machine_count: 1,
      replication_count: 1,
    });
    expect((await one(storageDetail.GET, "storage", store.id)).body).toMatchObject({
      storage: "local-zfs",
      node: { id: node.id, name: "pve1" },
    });
    expect((await one(syncRunDetail.GET, "sync-runs", run.id)).body).toMatchObject({
      id: run.id,
      trigger: { value: "cli" },
      log: [],
    });
    const missing = await one(nodeDetail.GET, "nodes", 999_999);
    expect([missing.status, missing.body]).toEqual([
      404,
      { detail: "No ProxmoxNode matches the given query." },
    ]);
  });

  it("refuse writes to read-only resources (no handler: 405 from Next)", () => {
    expect(Object.keys(vms)).not.toContain("POST");
    expect(Object.keys(nodes)).not.toContain("DELETE");
  });
});

describe("endpoints", () => {
  let created: number;
  it("let admins create, update and delete; secrets are write-only", async () => {
    const body = {
      name: "new-cluster",
      proxmox_url: "https://pve9.example.com:8006",
      token_id: "root@pam!proxbox",
      token_secret: KNOWN_SECRET,
    };
    const res = await call<Record<string, unknown>>(endpoints.POST, "/endpoints/", {
      method: "POST",
      token: admin.writeToken,
      body,
    });
    responses.push(res.text);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "new-cluster",
      proxmox_url: "https://pve9.example.com:8006",
      has_secret: true,
    });
    created = res.body.id as number;
    const bad = await call(endpoints.POST, "/endpoints/", {
      method: "POST",
      token: admin.writeToken,
      body: { ...body, name: "x", proxmox_url: "http://nope" },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body as object)).toEqual(["proxmox_url"]);
    const patched = await call(endpointDetail.PATCH, `/endpoints/${created}/`, {
      method: "PATCH",
      token: admin.writeToken,
      body: { enabled: false },
      params: { id: String(created) },
    });
    responses.push(patched.text);
    expect(patched.body).toMatchObject({ enabled: false });
  });

  it("list and show endpoints to viewers without any secret", async () => {
    const list = await get(endpoints.GET, "/endpoints/?ordering=-name");
    expect(list.body.results.map((e) => e.name)).toEqual(["new-cluster", "lab"]);
    const one = await get<Record<string, unknown>>(endpointDetail.GET, `/endpoints/${endpointId}/`, viewer, {
      id: String(endpointId),
    });
    expect(one.body).toMatchObject({ name: "lab", has_secret: true, token_id: "root@pam!proxbox" });
    for (const key of Object.keys(one.body))
      expect(key).not.toMatch(/secret_encrypted|token_secret|password/);
  });

  it("queue a sync for operators: 202 for a new run, 200 for the one under way", async () => {
    const asViewer = await call(endpointSync.POST, `/endpoints/${endpointId}/sync/`, {
      method: "POST",
      token: viewer.writeToken,
      params: { id: String(endpointId) },
    });
    expect(asViewer.status).toBe(403);
    const first = await call<Record<string, unknown>>(endpointSync.POST, `/endpoints/${endpointId}/sync/`, {
      method: "POST",
      token: operator.writeToken,
      body: { kind: "replications" },
      params: { id: String(endpointId) },
    });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({
      kind: { value: "replications" },
      trigger: { value: "api" },
      requested_by: operator.username,
    });
    const second = await call<Record<string, unknown>>(endpointSync.POST, `/endpoints/${endpointId}/sync/`, {
      method: "POST",
      token: operator.writeToken,
      params: { id: String(endpointId) },
    });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
  });

  it("let admins delete", async () => {
    const res = await call(endpointDetail.DELETE, `/endpoints/${created}/`, {
      method: "DELETE",
      token: admin.writeToken,
      params: { id: String(created) },
    });
    expect(res.status).toBe(204);
  });
});

describe("change log", () => {
  it("records API writes with the request id and filters them NetBox's way", async () => {
    const requestId = crypto.randomUUID();
    const [row] = await db.replication.findMany({ take: 1 });
    await call(replicationDetail.PATCH, `/replications/${row.id}/`, {
      method: "PATCH",
      token: operator.writeToken,
      headers: { "X-Request-ID": requestId },
      body: { comment: "logged", changelog_message: "why" },
      params: { id: String(row.id) },
    });
    const list = await get(changes.GET, `/object-changes/?request_id=${requestId}`);
    expect(list.body.count).toBe(1);
    const change = list.body.results[0];
    expect(change).toMatchObject({
      action: { value: "update", label: "Updated" },
      changed_object_type: "proxbox.replication",
      changed_object_id: row.id,
      changed_object: { id: row.id, url: `http://localhost/api/plugins/proxbox/replications/${row.id}/` },
      user_name: operator.username,
      user: { username: operator.username },
      request_id: requestId,
      message: "why",
    });
    expect(change.postchange_data).toMatchObject({ comment: "logged" });
    const filtered = await get(
      changes.GET,
      `/object-changes/?changed_object_type=proxbox.replication&changed_object_id=${row.id}&action=update&user_name=${operator.username}&time_after=2000-01-01&time_before=2999-01-01`,
    );
    expect(filtered.body.results.map((c) => c.id)).toEqual([change.id]);
    expect((await get(changes.GET, "/object-changes/?time_before=2000-01-01")).body.count).toBe(0);
    expect((await get(changes.GET, `/object-changes/?user=${operator.username}`)).body.count).toBeGreaterThan(
      0,
    );
    const one = await get(changeDetail.GET, `/object-changes/${change.id}/`, viewer, {
      id: String(change.id),
    });
    expect(one.status).toBe(200);
    const endpointChanges = await get(changes.GET, "/object-changes/?changed_object_type=proxbox.endpoint");
    expect(endpointChanges.body.count).toBeGreaterThan(0);
  });
});

describe("OpenAPI document and docs page", () => {
  it("serves /api/schema/ with every resource and filter", async () => {
    const res = await get<{
      openapi: string;
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
      components: { schemas: Record<string, unknown> };
    }>(schema.GET, "http://localhost/api/schema/");
    expect(res.body.openapi).toBe("3.1.0");
    const list = res.body.paths["/api/plugins/proxbox/replications/"];
    expect(Object.keys(list).sort()).toEqual(["delete", "get", "patch", "post", "put"]);
    const names = list.get.parameters?.map((p) => p.name) ?? [];
    for (const n of [
      "limit",
      "target__ic",
      "guest__gte",
      "virtual_machine_id__n",
      "last_sync__lt",
      "q",
      "created_by_request",
    ])
      expect(names).toContain(n);
    expect(res.body.components.schemas).toHaveProperty("Replication");
    expect(res.body.components.schemas).toHaveProperty("ReplicationRequest");
  });

  it("renders self-contained HTML docs for signed-in users only", async () => {
    const html = await docs.GET(
      new Request("http://localhost/api/docs/", { headers: { authorization: `Bearer ${viewer.readToken}` } }),
    );
    const text = await html.text();
    responses.push(text);
    expect(html.headers.get("content-type")).toContain("text/html");
    expect(text).toContain("/api/plugins/proxbox/replications/");
    // No script and nothing fetched from elsewhere (no CDN): only in-page links.
    expect(text).not.toMatch(/<script|<link|(src|href)="(https?:)?\/\//i);
    const anonymous = await docs.GET(new Request("http://localhost/api/docs/"));
    expect(anonymous.status).toBe(303);
  });
});

describe("secrets", () => {
  it("never appear in any response of this file", async () => {
    await get(replications.GET, "/replications/");
    await get(changes.GET, "/object-changes/?limit=0");
    expect(responses.length).toBeGreaterThan(15);
    for (const text of responses) {
      expect(text).not.toContain(KNOWN_SECRET);
      expect(text).not.toContain(KNOWN_CIPHERTEXT);
      expect(text).not.toMatch(/"v1:[A-Za-z0-9+/=]+:/);
      expect(text).not.toMatch(/secret_encrypted|secretEncrypted|tokenHash|token_hash|password_hash/);
    }
  });
});
