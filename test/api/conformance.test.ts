import { beforeAll, describe, expect, it } from "vitest";
import * as detail from "@/app/api/plugins/proxbox/replications/[id]/route";
import * as list from "@/app/api/plugins/proxbox/replications/route";
import { db } from "@/server/db/client";
import type { ReplicationOut } from "@/server/rest/serializers/replication";
import { freshDatabasePerFile } from "./db";
import { type SeededUser, seedEndpoint, seedNode, seedReplication, seedUser, seedVm } from "./factories";
import { call, type Page } from "./http";

// NetBox's APIViewTestCases (netbox-conventions §8.1) for /api/plugins/proxbox/replications/.

freshDatabasePerFile();

const BRIEF_FIELDS = ["display", "id", "replication_id", "status", "target", "url", "virtual_machine"];
const at = (id: number) => ({ params: { id: String(id) } });

let viewer: SeededUser;
let operator: SeededUser;
let endpointId: number;
let vmIds: number[];
let nodeId: number;

async function changesFor(id: number) {
  return db.objectChange.findMany({
    where: { changedObjectType: "proxbox.replication", changedObjectId: id },
    orderBy: { id: "asc" },
  });
}

beforeAll(async () => {
  viewer = await seedUser("viewer");
  operator = await seedUser("operator");
  const endpoint = await seedEndpoint();
  endpointId = endpoint.id;
  nodeId = (await seedNode(endpoint.id, { name: "pve2" })).id;
  const vms = [];
  for (const vmid of [100, 101, 102, 103, 104, 105, 106]) vms.push(await seedVm(endpoint.id, { vmid }));
  vmIds = vms.map((v) => v.id);
  for (const vm of vms.slice(0, 3))
    await seedReplication(endpoint.id, { guest: vm.vmid, virtualMachineId: vm.id });
});

describe("GET object", () => {
  it("returns the object with an ETag (test_get_object)", async () => {
    const [first] = await db.replication.findMany({ orderBy: { id: "asc" }, take: 1 });
    const res = await call<ReplicationOut>(detail.GET, `/replications/${first.id}/`, {
      token: viewer.readToken,
      ...at(first.id),
    });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(first.id);
    expect(res.body.url).toBe(`http://localhost/api/plugins/proxbox/replications/${first.id}/`);
    expect(res.body.virtual_machine).toMatchObject({ name: "vm100", vmid: 100 });
    expect(res.body.status).toEqual({ value: "active", label: "Active" });
    expect(res.headers.get("etag")).toMatch(/^W\/"\d{4}-\d\d-\d\dT.*\+00:00"$/);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("404s an id that does not exist, or is not a number", async () => {
    const missing = await call(detail.GET, "/replications/999999/", {
      token: viewer.readToken,
      ...at(999999),
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: "No Replication matches the given query." });
    const word = await call(detail.GET, "/replications/abc/", {
      token: viewer.readToken,
      params: { id: "abc" },
    });
    expect(word.status).toBe(404);
  });

  it("403s without credentials (test_get_object_without_permission)", async () => {
    const res = await call(detail.GET, "/replications/1/", at(1));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: "Authentication credentials were not provided." });
  });

  it("applies brief to the detail view too", async () => {
    const [first] = await db.replication.findMany({ take: 1 });
    const res = await call<Record<string, unknown>>(detail.GET, `/replications/${first.id}/?brief=1`, {
      token: viewer.readToken,
      ...at(first.id),
    });
    expect(Object.keys(res.body).sort()).toEqual(BRIEF_FIELDS);
  });
});

describe("GET list", () => {
  it("lists every object (test_list_objects)", async () => {
    const res = await call<Page>(list.GET, "/replications/", { token: viewer.readToken });
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(3);
    expect(res.body.results).toHaveLength(3);
    expect(res.body.next).toBeNull();
    expect(res.body.previous).toBeNull();
  });

  it("returns exactly the brief fields (test_list_objects_brief)", async () => {
    const res = await call<Page>(list.GET, "/replications/?brief=1", { token: viewer.readToken });
    expect(res.body.results).toHaveLength(3);
    for (const r of res.body.results) expect(Object.keys(r).sort()).toEqual(BRIEF_FIELDS);
  });

  it("honours fields, then omit, then brief", async () => {
    const fields = await call<Page>(list.GET, "/replications/?fields=id,display,nope&omit=id&brief=1", {
      token: viewer.readToken,
    });
    for (const r of fields.body.results) expect(Object.keys(r)).toEqual(["id", "display"]);
    const omit = await call<Page>(list.GET, "/replications/?omit=raw_config,health", {
      token: viewer.readToken,
    });
    for (const r of omit.body.results) {
      expect(r).not.toHaveProperty("raw_config");
      expect(r).not.toHaveProperty("health");
      expect(r).toHaveProperty("replication_id");
    }
    const none = await call<Page>(list.GET, "/replications/?fields=nothing", { token: viewer.readToken });
    for (const r of none.body.results) expect(r).toEqual({});
  });

  it("403s without credentials (test_list_objects_without_permission)", async () => {
    expect((await call(list.GET, "/replications/")).status).toBe(403);
  });
});

function createBody(vmIndex: number, extra: Record<string, unknown> = {}) {
  const guest = 100 + vmIndex;
  return {
    endpoint: endpointId,
    replication_id: `${guest}-1`,
    virtual_machine: vmIds[vmIndex],
    proxmox_node: { name: "pve2" },
    guest,
    jobnum: 1,
    target: "pve2",
    schedule: "*/30",
    rate: 50,
    comment: `created ${guest}`,
    ...extra,
  };
}

describe("POST", () => {
  it("403s for a viewer and for a read-only token (test_create_object_without_permission)", async () => {
    const asViewer = await call(list.POST, "/replications/", {
      method: "POST",
      token: viewer.writeToken,
      body: createBody(3),
    });
    expect(asViewer.status).toBe(403);
    expect(asViewer.body).toEqual({ detail: "You do not have permission to perform this action." });
    const readOnly = await call(list.POST, "/replications/", {
      method: "POST",
      token: operator.readToken,
      body: createBody(3),
    });
    expect(readOnly.status).toBe(403);
    expect(await db.replication.count()).toBe(3);
  });

  it("creates one and logs it (test_create_object)", async () => {
    const requestId = crypto.randomUUID();
    const res = await call<ReplicationOut>(list.POST, "/replications/", {
      method: "POST",
      token: operator.writeToken,
      headers: { "X-Request-ID": requestId },
      body: createBody(3, { changelog_message: "first create" }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("etag")).toBeTruthy();
    expect(res.headers.get("x-request-id")).toBe(requestId);
    expect(res.body).toMatchObject({
      replication_id: "103-1",
      guest: 103,
      jobnum: 1,
      schedule: "*/30",
      rate: 50,
    });
    expect(res.body.proxmox_node).toMatchObject({ id: nodeId, name: "pve2", online: true });
    const row = await db.replication.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row).toMatchObject({
      endpointId,
      virtualMachineId: vmIds[3],
      proxmoxNodeId: nodeId,
      comment: "created 103",
    });
    const [change] = await changesFor(row.id);
    expect(change).toMatchObject({
      action: "create",
      message: "first create",
      requestId,
      userName: operator.username,
    });
    expect(change.prechangeData).toBeNull();
    expect(change.postchangeData).toMatchObject({ replication_id: "103-1", virtual_machine: vmIds[3] });
  });

  it("creates a list in one go, ordered by pk (test_bulk_create_objects)", async () => {
    const bodies = [4, 5, 6].map((i) => createBody(i, { changelog_message: "bulk" }));
    const res = await call<ReplicationOut[]>(list.POST, "/replications/", {
      method: "POST",
      token: operator.writeToken,
      body: bodies,
    });
    expect(res.status).toBe(201);
    expect(res.body).toHaveLength(3);
    expect(res.body.map((r) => r.id)).toEqual([...res.body.map((r) => r.id)].sort((a, b) => a - b));
    for (const [i, r] of res.body.entries()) {
      expect(r.replication_id).toBe(bodies[i].replication_id);
      expect(r.comment).toBe(bodies[i].comment);
    }
    const changes = await db.objectChange.findMany({ where: { action: "create", message: "bulk" } });
    expect(changes).toHaveLength(3);
  });

  it("answers invalid bodies with DRF field errors", async () => {
    const empty = await call<Record<string, string[]>>(list.POST, "/replications/", {
      method: "POST",
      token: operator.writeToken,
      body: {},
    });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({
      endpoint: ["This field is required."],
      replication_id: ["This field is required."],
      guest: ["This field is required."],
    });
    const typed = await call(list.POST, "/replications/", {
      method: "POST",
      token: operator.writeToken,
      body: createBody(0, { guest: "x", status: "bogus", virtual_machine: 99999, schedule: "61" }),
    });
    expect(typed.status).toBe(400);
    expect(typed.body).toEqual({
      guest: ["A valid integer is required."],
      status: ["bogus is not a valid choice."],
    });
    const related = await call(list.POST, "/replications/", {
      method: "POST",
      token: operator.writeToken,
      body: createBody(0, {
        replication_id: "100-7",
        jobnum: 7,
        virtual_machine: 99999,
        proxmox_node: { name: "nope" },
      }),
    });
    expect(related.body).toEqual({
      virtual_machine: ["Related object not found using the provided numeric ID: 99999"],
      proxmox_node: ["Related object not found using the provided attributes: {'name': 'nope'}"],
    });
    const schedule = await call<Record<string, string[]>>(list.POST, "/replications/", {
      method: "POST",
      token: operator.writeToken,
      body: createBody(0, { replication_id: "100-8", jobnum: 8, schedule: "61" }),
    });
    expect(Object.keys(schedule.body)).toEqual(["schedule"]);
    const duplicate = await call(list.POST, "/replications/", {
      method: "POST",
      token: operator.writeToken,
      body: createBody(3),
    });
    expect(duplicate.body).toEqual({
      non_field_errors: ["The fields endpoint, replication_id must make a unique set."],
    });
  });

  it("creates nothing when one item of a list is invalid (all or nothing)", async () => {
    const before = await db.replication.count();
    const res = await call(list.POST, "/replications/", {
      method: "POST",
      token: operator.writeToken,
      body: [createBody(0, { replication_id: "100-5", jobnum: 5 }), createBody(1, { guest: -1 })],
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{}, { guest: ["Ensure this value is greater than or equal to 0."] }]);
    expect(await db.replication.count()).toBe(before);
  });
});

describe("PATCH / PUT", () => {
  it("403s for a viewer (test_update_object_without_permission)", async () => {
    const res = await call(detail.PATCH, "/replications/1/", {
      method: "PATCH",
      token: viewer.writeToken,
      body: { comment: "x" },
      ...at(1),
    });
    expect(res.status).toBe(403);
  });

  it("updates one and logs pre/post (test_update_object)", async () => {
    const [row] = await db.replication.findMany({ orderBy: { id: "asc" }, take: 1 });
    const res = await call<ReplicationOut>(detail.PATCH, `/replications/${row.id}/`, {
      method: "PATCH",
      token: operator.writeToken,
      body: { comment: "patched", disable: true, rate: 12.5, changelog_message: "tune" },
      ...at(row.id),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ comment: "patched", disable: true, rate: 12.5 });
    expect(await db.replication.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      comment: "patched",
      disable: true,
    });
    const change = (await changesFor(row.id)).at(-1)!;
    expect(change).toMatchObject({ action: "update", message: "tune" });
    expect(change.prechangeData).not.toEqual(change.postchangeData);
    expect(change.postchangeData).toMatchObject({ comment: "patched", disable: true });
  });

  it("supports If-Match and answers a stale ETag with 412 (test_update_object_with_etag)", async () => {
    const [row] = await db.replication.findMany({ orderBy: { id: "asc" }, take: 1 });
    const got = await call(detail.GET, `/replications/${row.id}/`, {
      token: operator.readToken,
      ...at(row.id),
    });
    const etag = got.headers.get("etag")!;
    await new Promise((r) => setTimeout(r, 5));
    const ok = await call(detail.PATCH, `/replications/${row.id}/`, {
      method: "PATCH",
      token: operator.writeToken,
      headers: { "If-Match": etag },
      body: { comment: "etag 1" },
      ...at(row.id),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).not.toBe(etag);
    const stale = await call(detail.PATCH, `/replications/${row.id}/`, {
      method: "PATCH",
      token: operator.writeToken,
      headers: { "If-Match": etag },
      body: { comment: "etag 2" },
      ...at(row.id),
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toEqual({ detail: "Precondition failed." });
    expect(stale.headers.get("etag")).toBe(ok.headers.get("etag"));
  });

  it("PUT needs every required field", async () => {
    const [row] = await db.replication.findMany({ take: 1 });
    const res = await call(detail.PUT, `/replications/${row.id}/`, {
      method: "PUT",
      token: operator.writeToken,
      body: { comment: "x" },
      ...at(row.id),
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      endpoint: ["This field is required."],
      target: ["This field is required."],
    });
  });

  it("updates a list, skipping unknown ids (test_bulk_update_objects)", async () => {
    const rows = await db.replication.findMany({ orderBy: { id: "asc" }, take: 3 });
    const body = [
      ...rows.map((r) => ({ id: r.id, comment: "bulk edited", changelog_message: "bulk edit" })),
      { id: 999999, comment: "x" },
    ];
    const res = await call<ReplicationOut[]>(list.PATCH, "/replications/", {
      method: "PATCH",
      token: operator.writeToken,
      body,
    });
    expect(res.status).toBe(200);
    expect(res.body.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    for (const r of res.body) expect(r.comment).toBe("bulk edited");
    expect(await db.objectChange.count({ where: { action: "update", message: "bulk edit" } })).toBe(3);
  });

  it("rolls the whole list back when one item is invalid", async () => {
    const rows = await db.replication.findMany({ orderBy: { id: "asc" }, take: 2 });
    const res = await call(list.PATCH, "/replications/", {
      method: "PATCH",
      token: operator.writeToken,
      body: [
        { id: rows[0].id, comment: "never" },
        { id: rows[1].id, rate: -5 },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ rate: ["Ensure this value is greater than 0."] });
    expect((await db.replication.findUniqueOrThrow({ where: { id: rows[0].id } })).comment).not.toBe("never");
  });
});

describe("DELETE", () => {
  it("403s for a viewer (test_delete_object_without_permission)", async () => {
    expect(
      (
        await call(detail.DELETE, "/replications/1/", {
          method: "DELETE",
          token: viewer.writeToken,
          ...at(1),
        })
      ).status,
    ).toBe(403);
  });

  it("deletes one with a changelog message (test_delete_object)", async () => {
    const [row] = await db.replication.findMany({ orderBy: { id: "asc" }, take: 1 });
    const res = await call(detail.DELETE, `/replications/${row.id}/`, {
      method: "DELETE",
      token: operator.writeToken,
      body: { changelog_message: "gone" },
      ...at(row.id),
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(await db.replication.findUnique({ where: { id: row.id } })).toBeNull();
    const change = (await changesFor(row.id)).at(-1)!;
    expect(change).toMatchObject({ action: "delete", message: "gone" });
    expect(change.prechangeData).toMatchObject({ id: row.id });
    expect(change.postchangeData).toBeNull();
    const again = await call(detail.DELETE, `/replications/${row.id}/`, {
      method: "DELETE",
      token: operator.writeToken,
      ...at(row.id),
    });
    expect(again.status).toBe(404);
  });

  it("deletes a list (test_bulk_delete_objects)", async () => {
    const before = await db.replication.count();
    const top = await db.replication.findMany({ orderBy: { id: "desc" }, take: 3 });
    const res = await call(list.DELETE, "/replications/", {
      method: "DELETE",
      token: operator.writeToken,
      body: top.map((r) => ({ id: r.id, changelog_message: "bulk delete" })),
    });
    expect(res.status).toBe(204);
    expect(await db.replication.count()).toBe(before - 3);
    expect(await db.objectChange.count({ where: { action: "delete", message: "bulk delete" } })).toBe(3);
  });

  it("rejects a bulk body that is not a list of ids", async () => {
    const res = await call(list.DELETE, "/replications/", {
      method: "DELETE",
      token: operator.writeToken,
      body: [{ nope: 1 }],
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ id: ["This field is required."] }]);
  });

  it("takes at most 100,000 items in a bulk body, the UI's bulk limit", async () => {
    const before = await db.replication.count();
    const [first] = await db.replication.findMany({ orderBy: { id: "asc" }, take: 1 });
    const items = [first.id, ...Array.from({ length: 100_000 }, (_, i) => 2_000_000_000 + i)];
    for (const [method, handler] of [
      ["DELETE", list.DELETE],
      ["PATCH", list.PATCH],
    ] as const) {
      const res = await call(handler, "/replications/", {
        method,
        token: operator.writeToken,
        body: items.map((id) => ({ id, comment: "too many" })),
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ non_field_errors: ["Ensure this field has no more than 100000 elements."] });
    }
    expect(await db.replication.count()).toBe(before);
    expect(await db.replication.count({ where: { comment: "too many" } })).toBe(0);
  });
});
