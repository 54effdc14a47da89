import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { stopBoss } from "@/server/sync/queue";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { setupTestDatabase } from "../helpers/db";
import { endpointForCluster, syncNow } from "./helpers";
import { syncScenario } from "./scenario";

// The sync skips rows whose stored digest (sync_hash) matches what Proxmox says (issue 11). That must
// never hide a difference: a row changed by anything but the sync loses its digest (trigger), so the
// next sync compares it column by column and restores Proxmox's values, change-logged as always.

const databaseUrl = setupTestDatabase();
let sim: TestSimulator;
let endpointId: number;

beforeAll(async () => {
  const scenario = syncScenario();
  sim = await startTestSimulator(scenario);
  endpointId = (await endpointForCluster(sim, scenario.clusters[0].name)).id;
});
afterAll(async () => {
  await stopBoss();
  await sim?.close();
});

async function sql(text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

describe("sync digest", () => {
  it("is stored by the sync, cleared by any other write of a synced column, and never hides a change", async () => {
    await syncNow({ kind: "full", endpointId });
    const job = await db.replication.findFirstOrThrow({ where: { endpointId, status: "active" } });
    const vm = await db.virtualMachine.findFirstOrThrow({ where: { endpointId } });
    const [{ h: jobHash }] = await sql("select sync_hash as h from replication where id = $1", [job.id]);
    expect(jobHash).toMatch(/^[A-Za-z0-9+/=]{40,}$/);

    // A health update is state, not a synced column: the digest stays.
    await sql("update replication set fail_count = 99 where id = $1", [job.id]);
    expect((await sql("select sync_hash as h from replication where id = $1", [job.id]))[0].h).toBe(jobHash);

    // Writes that bypass the sync (another writer, a bug, a hand edit) clear it.
    await sql("update replication set comment = 'edited by hand' where id = $1", [job.id]);
    await sql("update virtual_machine set name = 'renamed by hand' where id = $1", [vm.id]);
    expect((await sql("select sync_hash as h from replication where id = $1", [job.id]))[0].h).toBeNull();
    expect((await sql("select sync_hash as h from virtual_machine where id = $1", [vm.id]))[0].h).toBeNull();

    const run = await syncNow({ kind: "full", endpointId });
    expect(run.counts).toMatchObject({ created: 0, updated: 1 });
    const after = await db.replication.findUniqueOrThrow({ where: { id: job.id } });
    expect(after.comment).toBe(job.comment);
    expect((await db.virtualMachine.findUniqueOrThrow({ where: { id: vm.id } })).name).toBe(vm.name);
    const change = await db.objectChange.findFirstOrThrow({
      where: { changedObjectType: "proxbox.replication", changedObjectId: job.id, action: "update" },
      orderBy: { id: "desc" },
    });
    expect((change.prechangeData as Record<string, unknown>).comment).toBe("edited by hand");
    expect((change.postchangeData as Record<string, unknown>).comment).toBe(job.comment);
    // Restored rows carry a digest again, so the next unchanged sync skips them.
    expect((await sql("select sync_hash as h from replication where id = $1", [job.id]))[0].h).toBe(jobHash);
    const again = await syncNow({ kind: "full", endpointId });
    expect(again.counts).toMatchObject({ created: 0, updated: 0 });
  });
});
