import { beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import type { Role } from "@/server/auth";
import { db } from "@/server/db/client";
import { freshDatabasePerFile } from "../api/db";
import { type SeededUser, seedEndpoint, seedNode, seedReplication, seedUser, seedVm } from "../api/factories";

// The UI's own routers through createCaller: table preferences per user, the VM list (same filter
// language as replications), bulk delete of selected ids or "all matching" with its one limit, and who
// may do what.

process.env.PROXBOX_SECRET_KEY ??= "c".repeat(64);
freshDatabasePerFile();

const users = {} as Record<Role, SeededUser>;
const callerAs = async (role: Role) =>
  createCaller(
    await createContext({ headers: new Headers({ authorization: `Bearer ${users[role].writeToken}` }) }),
  );
let endpointId: number;
let vmIds: number[];

beforeAll(async () => {
  for (const role of ["viewer", "operator", "admin"] as Role[]) users[role] = await seedUser(role);
  const e = await seedEndpoint({ name: "pve-a" });
  const other = await seedEndpoint({ name: "pve-b" });
  endpointId = e.id;
  const vms = [
    await seedVm(e.id, { vmid: 100, name: "web", type: "qemu" }),
    await seedVm(e.id, { vmid: 101, name: "dns", type: "lxc" }),
    await seedVm(other.id, { vmid: 102, name: "db", type: "qemu" }),
  ];
  vmIds = vms.map((v) => v.id);
  await seedReplication(e.id, { guest: 100, jobnum: 0, virtualMachineId: vms[0].id, health: "ok" });
  await seedReplication(e.id, { guest: 100, jobnum: 1, virtualMachineId: vms[0].id, health: "error" });
  await seedReplication(e.id, { guest: 101, jobnum: 0, virtualMachineId: vms[1].id, health: "error" });
  await seedReplication(other.id, { guest: 102, jobnum: 0, virtualMachineId: vms[2].id, health: "error" });
});

describe("preferences", () => {
  it("saves a column choice per user and table, and resets it", async () => {
    const admin = await callerAs("admin");
    const viewer = await callerAs("viewer");
    expect(await admin.preferences.table({ table: "replications" })).toEqual({});
    await admin.preferences.setTableColumns({
      table: "replications",
      columns: ["health", "target", "health"],
    });
    await admin.preferences.setTableColumns({ table: "virtual_machines", columns: ["vmid"] });
    expect(await admin.preferences.table({ table: "replications" })).toEqual({
      columns: ["health", "target"],
    });
    expect(await admin.preferences.table({ table: "virtual_machines" })).toEqual({ columns: ["vmid"] });
    expect(await viewer.preferences.table({ table: "replications" })).toEqual({});
    await admin.preferences.setTableColumns({ table: "replications", columns: null });
    expect(await admin.preferences.table({ table: "replications" })).toEqual({});
    expect(await admin.preferences.table({ table: "virtual_machines" })).toEqual({ columns: ["vmid"] });
  });

  it("rejects junk column names and anonymous callers", async () => {
    const admin = await callerAs("admin");
    await expect(
      admin.preferences.setTableColumns({ table: "replications", columns: ["DROP TABLE"] }),
    ).rejects.toThrow();
    const anon = createCaller(await createContext({ headers: new Headers() }));
    await expect(anon.preferences.table({ table: "replications" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});

describe("virtualMachines.list", () => {
  it("filters, searches, orders by replication count and pages like the replications list", async () => {
    const viewer = await callerAs("viewer");
    const all = await viewer.virtualMachines.list({ query: "" });
    expect(all.count).toBe(3);
    expect(all.rows.map((r) => r.name)).toEqual(["web", "dns", "db"]); // endpoint name, vmid
    expect((await viewer.virtualMachines.list({ query: "type=lxc" })).rows.map((r) => r.name)).toEqual([
      "dns",
    ]);
    expect(
      (await viewer.virtualMachines.list({ query: `endpoint_id=${endpointId}&ordering=-vmid` })).rows.map(
        (r) => r.vmid,
      ),
    ).toEqual([101, 100]);
    expect((await viewer.virtualMachines.list({ query: "q=we" })).rows.map((r) => r.name)).toEqual(["web"]);
    const byCount = await viewer.virtualMachines.list({ query: "ordering=-replication_count,vmid" });
    expect(byCount.rows.map((r) => [r.name, r._count.replications])).toEqual([
      ["web", 2],
      ["dns", 1],
      ["db", 1],
    ]);
    expect(
      (await viewer.virtualMachines.list({ query: "replication_count__gte=2" })).rows.map((r) => r.id),
    ).toEqual([vmIds[0]]);
    const page = await viewer.virtualMachines.list({ query: "", limit: 1, offset: 1 });
    expect([page.count, page.rows.map((r) => r.name)]).toEqual([3, ["dns"]]);
    expect((await viewer.virtualMachines.list({ query: "vmid=abc" })).errors).toHaveProperty("vmid");
  });

  it("reads node as the linked node row and node_name as the reported text, as REST does", async () => {
    const viewer = await callerAs("viewer");
    const node = await seedNode(endpointId, { name: "n1" });
    await db.virtualMachine.update({ where: { id: vmIds[0] }, data: { nodeId: node.id, nodeName: "n1" } });
    await db.virtualMachine.update({ where: { id: vmIds[1] }, data: { nodeName: "n1" } }); // not linked
    const names = async (query: string) =>
      (await viewer.virtualMachines.list({ query })).rows.map((r) => r.name);
    expect(await names("node=n1")).toEqual(["web"]);
    expect(await names(`node_id=${node.id}`)).toEqual(["web"]);
    expect(await names("node_name=n1")).toEqual(["web", "dns"]);
    expect(await names("q=n1")).toEqual(["web", "dns"]);
    const listed = await viewer.virtualMachines.list({ query: "node=n1" });
    expect(listed.rows[0]).toMatchObject({ nodeName: "n1", node: { id: node.id, name: "n1" } });
    expect((await viewer.virtualMachines.list({ query: "node=nope" })).errors).toEqual({
      node: ["Select a valid choice. nope is not one of the available choices."],
    });
  });
});

describe("replication bulk delete and Sync now", () => {
  it("bulk-deletes every job matching a query (operator), one change-log entry each", async () => {
    const viewer = await callerAs("viewer");
    await expect(
      viewer.replications.bulkDelete({ selection: { query: "health=error" } }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const operator = await callerAs("operator");
    const doomed = (
      await db.replication.findMany({ where: { endpointId, health: "error" }, select: { id: true } })
    ).map((r) => r.id);
    const result = await operator.replications.bulkDelete({
      selection: { query: `health=error&endpoint_id=${endpointId}` },
      message: "cleanup",
    });
    expect(doomed).toHaveLength(2);
    expect(result).toEqual({ deleted: 2 });
    expect(await db.replication.count({ where: { id: { in: doomed } } })).toBe(0);
    expect(await db.replication.count({ where: { health: "error" } })).toBe(1); // the other endpoint's
    const changes = await db.objectChange.findMany({
      where: { changedObjectType: "proxbox.replication", changedObjectId: { in: doomed } },
    });
    expect(changes.map((c) => [c.action, c.userName, c.message])).toEqual(
      doomed.map(() => ["delete", users.operator.username, "cleanup"]),
    );
  });

  it("deletes selected ids, skipping unknown ones, and refuses more than 100,000 ids", async () => {
    const operator = await callerAs("operator");
    const [ok] = await db.replication.findMany({
      where: { endpointId, health: "ok" },
      select: { id: true },
    });
    expect(await operator.replications.bulkDelete({ selection: { ids: [ok.id, 2_000_000_000] } })).toEqual({
      deleted: 1,
    });
    const before = await db.replication.count();
    const tooMany = Array.from({ length: 100_001 }, (_, i) => i + 1);
    await expect(operator.replications.bulkDelete({ selection: { ids: tooMany } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      operator.replications.bulkUpdate({ selection: { ids: tooMany }, patch: { disable: true } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.replication.count()).toBe(before);
  });

  it("refuses Sync now to viewers", async () => {
    const viewer = await callerAs("viewer");
    await expect(
      viewer.replicationActions.syncNow({ endpointId, replicationId: "100-0" }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
