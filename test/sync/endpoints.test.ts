import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createEndpoint, getEndpoint, listEndpoints, updateEndpoint } from "@/server/endpoints/service";
import { AppError } from "@/server/errors";
import { setupTestDatabase } from "../helpers/db";
import { testActor } from "./helpers";

setupTestDatabase();

const FP = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
const SECRET = "11111111-2222-3333-4444-555555555555";

describe("endpoint service", () => {
  it("a partial update changes only what it names; secrets never come back", async () => {
    const created = await createEndpoint(testActor, {
      name: "pve-a",
      url: "https://pve-a.example.com:8006/",
      tokenId: "root@pam!proxbox",
      tokenSecret: SECRET,
      tlsMode: "fingerprint",
      fingerprint: FP.toLowerCase().replaceAll(":", ""),
      requestTimeoutMs: 7000,
    });
    expect(created).toMatchObject({
      url: "https://pve-a.example.com:8006",
      fingerprint: FP,
      hasSecret: true,
    });
    const updated = await updateEndpoint(testActor, created.id, { enabled: false });
    expect(updated).toMatchObject({
      enabled: false,
      tlsMode: "fingerprint",
      fingerprint: FP,
      requestTimeoutMs: 7000,
      authMode: "token",
      hasSecret: true,
    });
    expect(
      JSON.stringify([created, updated, await getEndpoint(created.id), await listEndpoints()]),
    ).not.toContain(SECRET);
    const stored = await db.proxmoxEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.secretEncrypted).not.toContain(SECRET);
    const log = await db.objectChange.findMany({ where: { changedObjectType: "proxbox.endpoint" } });
    expect(log.map((l) => l.action)).toEqual(["create", "update"]);
    expect(JSON.stringify(log)).not.toContain(SECRET);
  });

  it("rejects bad input with field errors and changes nothing", async () => {
    const before = await db.proxmoxEndpoint.count();
    const err = await createEndpoint(testActor, {
      name: "x",
      url: "http://pve:8006",
      tlsMode: "fingerprint",
    }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(Object.keys((err as AppError).fields ?? {}).sort()).toEqual([
      "fingerprint",
      "tokenId",
      "tokenSecret",
      "url",
    ]);
    expect(await db.proxmoxEndpoint.count()).toBe(before);
  });
});
