import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { purgeStaleReplications } from "@/server/sync/purge";
import { setupTestDatabase } from "../helpers/db";

setupTestDatabase();

describe("stale purge policy", () => {
  it("is off by default and deletes only rows stale for longer than the policy, change-logged", async () => {
    const endpoint = await db.proxmoxEndpoint.create({ data: { name: "e", url: "https://e:8006" } });
    const day = 86_400_000;
    const mk = (replicationId: string, status: "active" | "stale", staleDaysAgo?: number) =>
      db.replication.create({
        data: {
          endpointId: endpoint.id,
          replicationId,
          guest: Number(replicationId.split("-")[0]),
          jobnum: 0,
          target: "pve2",
          status,
          staleSince: staleDaysAgo === undefined ? null : new Date(Date.now() - staleDaysAgo * day),
        },
      });
    await mk("100-0", "active");
    await mk("101-0", "stale", 2);
    await mk("102-0", "stale", 40);
    expect(await purgeStaleReplications(0)).toBe(0);
    expect(await db.replication.count()).toBe(3);
    expect(await purgeStaleReplications(30)).toBe(1);
    expect(
      (await db.replication.findMany({ orderBy: { replicationId: "asc" } })).map((r) => r.replicationId),
    ).toEqual(["100-0", "101-0"]);
    const log = await db.objectChange.findMany({ where: { action: "delete" } });
    expect(log.map((l) => l.objectRepr)).toEqual(["102-0"]);
  });
});
