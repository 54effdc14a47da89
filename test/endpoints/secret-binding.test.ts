import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as endpointDetail from "@/app/api/plugins/proxbox/endpoints/[id]/route";
import * as trpcRoute from "@/app/api/trpc/[trpc]/route";
import { db } from "@/server/db/client";
import { createEndpoint, testEndpointSettings, updateEndpoint } from "@/server/endpoints/service";
import { AppError } from "@/server/errors";
import { stopBoss } from "@/server/sync/queue";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { type SeededUser, seedUser } from "../api/factories";
import { call } from "../api/http";
import { setupTestDatabase } from "../helpers/db";
import { endpointForCluster, syncNow, testActor } from "../sync/helpers";
import { type RecordingServer, startRecordingServer } from "./recording-server";

// A stored Proxmox secret only ever goes to the server, TLS trust and principal it was saved for. Changing
// any of them — through the service, tRPC (the UI), REST or Test connection — needs the secret typed again;
// without it nothing changes and nothing is sent. A second HTTPS listener (`elsewhere`) records every byte
// it receives: the stored secret must never arrive there.

setupTestDatabase();
let sim: TestSimulator;
let elsewhere: RecordingServer;
let admin: SeededUser;

beforeAll(async () => {
  [sim, elsewhere] = await Promise.all([startTestSimulator(), startRecordingServer()]);
  admin = await seedUser("admin");
});
beforeEach(() => {
  elsewhere.requests.length = 0;
});
afterAll(async () => {
  await stopBoss();
  await Promise.all([sim?.close(), elsewhere?.close()]);
});

const stored = () => sim.endpointFor("pve-lab");
const TYPED = "7e57e57e-0000-4000-8000-000000000001";

/** The stored secret (and its URL-encoded form) never reached the other listener. */
function expectNeverSentElsewhere(secret: string) {
  const received = elsewhere.received();
  expect(received).not.toContain(secret);
  expect(received).not.toContain(encodeURIComponent(secret));
}

async function failureOf(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function rowOf(id: number) {
  return db.proxmoxEndpoint.findUniqueOrThrow({ where: { id } });
}

describe("test connection of a saved endpoint with changed settings", () => {
  it("never sends the stored token secret to a changed URL, TLS mode or pin; a typed one is used", async () => {
    const saved = await endpointForCluster(sim, "pve-lab");
    const changes = [
      { url: elsewhere.url, tlsMode: "insecure" as const },
      { url: elsewhere.url, tlsMode: "fingerprint" as const, fingerprint: elsewhere.fingerprint },
      { url: elsewhere.url, tlsMode: "ca" as const, caPem: elsewhere.caPem },
      { url: elsewhere.url }, // same pin: the TLS handshake would fail, but the rule is checked first
      { tlsMode: "insecure" as const },
      { fingerprint: elsewhere.fingerprint },
      { tokenId: "root@pam!other" },
    ];
    for (const change of changes) {
      const err = await failureOf(testEndpointSettings(change, saved.id));
      expect(err.fields?.tokenSecret?.[0], JSON.stringify(change)).toMatch(/required again because/);
      expect(err.message).not.toContain(stored().secret);
    }
    expect(elsewhere.requests).toHaveLength(0);

    // With the URL changed, the message names it.
    const urlOnly = await failureOf(
      testEndpointSettings({ url: elsewhere.url, tlsMode: "insecure" }, saved.id),
    );
    expect(urlOnly.fields?.tokenSecret).toEqual([expect.stringMatching(/because the URL and the TLS/)]);

    // A typed secret is what goes there — and only that.
    const typed = await testEndpointSettings(
      { url: elsewhere.url, tlsMode: "insecure", tokenSecret: TYPED },
      saved.id,
    );
    expect(typed).toMatchObject({ ok: false });
    expect(typed.error).toMatch(/authentication failed/i);
    expect(typed.error).not.toContain(TYPED);
    expect(elsewhere.requests.length).toBeGreaterThan(0);
    expect(elsewhere.received()).toContain(TYPED);
    expectNeverSentElsewhere(stored().secret);

    // Settings that do not decide where the secret goes keep using the stored one (a spelling of the same
    // URL included).
    expect(
      await testEndpointSettings(
        { requestTimeoutMs: 4000, connectTimeoutMs: 2000, url: `${stored().url.toUpperCase()}/` },
        saved.id,
      ),
    ).toMatchObject({ ok: true, clusterName: "pve-lab" });
  });

  it("never sends the stored password (ticket authentication) elsewhere", async () => {
    const lab = sim.cluster("pve-lab");
    const user = lab.user;
    if (!user) throw new Error("the demo scenario has a user on pve-lab");
    const saved = await createEndpoint(testActor, {
      name: "lab-ticket",
      url: lab.url,
      authMode: "ticket",
      username: user.username,
      password: user.password,
      tlsMode: "fingerprint",
      fingerprint: lab.fingerprint,
    });
    expect(await testEndpointSettings({}, saved.id)).toMatchObject({ ok: true });
    for (const change of [{ url: elsewhere.url, tlsMode: "insecure" as const }, { username: "other@pam" }]) {
      const err = await failureOf(testEndpointSettings(change, saved.id));
      expect(err.fields?.password?.[0]).toMatch(/password is required again because/);
    }
    expectNeverSentElsewhere(user.password);
  });
});

describe("changing where a stored secret goes", () => {
  it("the service refuses each secret-bound change without the secret and changes nothing", async () => {
    const saved = await endpointForCluster(sim, "pve-lab");
    const before = await rowOf(saved.id);
    const changes = [
      { url: elsewhere.url },
      { url: elsewhere.url, tlsMode: "insecure" as const },
      { tlsMode: "insecure" as const },
      { tlsMode: "system" as const },
      { fingerprint: elsewhere.fingerprint },
      { tlsMode: "ca" as const, caPem: elsewhere.caPem },
      { tokenId: "root@pam!other" },
      { authMode: "ticket" as const, username: "root@pam" },
    ];
    for (const change of changes) {
      const err = await failureOf(updateEndpoint(testActor, saved.id, change));
      const field = change.authMode === "ticket" ? "password" : "tokenSecret";
      expect(Object.keys(err.fields ?? {}), JSON.stringify(change)).toEqual([field]);
      expect(err.fields?.[field]?.[0]).toMatch(/required again because/);
    }
    expect(await rowOf(saved.id)).toEqual(before);
    expect(await db.objectChange.count({ where: { changedObjectId: saved.id, action: "update" } })).toBe(0);

    // Everything else keeps the stored secret.
    const kept = await updateEndpoint(testActor, saved.id, {
      name: "lab-renamed",
      enabled: true,
      requestTimeoutMs: 6000,
      url: `${stored().url}/`,
      fingerprint: stored().fingerprint.replaceAll(":", "").toLowerCase(),
    });
    expect(kept).toMatchObject({ name: "lab-renamed", hasSecret: true });
    expect((await rowOf(saved.id)).secretEncrypted).toBe(before.secretEncrypted);
  });

  it("after a refused URL change the next sync still goes to the saved server; with the secret typed, only that one goes elsewhere", async () => {
    const saved = await endpointForCluster(sim, "pve-lab");
    await failureOf(updateEndpoint(testActor, saved.id, { url: elsewhere.url, tlsMode: "insecure" }));
    const run = await syncNow({ kind: "replications", endpointId: saved.id });
    expect(run.state).toBe("succeeded");
    expect(elsewhere.requests).toHaveLength(0);

    const moved = await updateEndpoint(testActor, saved.id, {
      url: elsewhere.url,
      tlsMode: "insecure",
      tokenSecret: TYPED,
    });
    expect(moved).toMatchObject({ url: elsewhere.url, tlsMode: "insecure", hasSecret: true });
    const failed = await syncNow({ kind: "replications", endpointId: saved.id });
    expect(failed.state).toBe("failed");
    expect(elsewhere.received()).toContain(TYPED);
    expectNeverSentElsewhere(stored().secret);
    expect(JSON.stringify(failed)).not.toContain(TYPED);
  });

  it("REST PUT and PATCH answer a NetBox-shaped 400 on token_secret and change nothing", async () => {
    const saved = await endpointForCluster(sim, "pve-lab");
    const before = await rowOf(saved.id);
    for (const [method, handler] of [
      ["PATCH", endpointDetail.PATCH],
      ["PUT", endpointDetail.PUT],
    ] as const) {
      const res = await call<Record<string, string[]>>(handler, `/endpoints/${saved.id}/`, {
        method,
        token: admin.writeToken,
        params: { id: String(saved.id) },
        body: { proxmox_url: elsewhere.url, tls_mode: "insecure" },
      });
      expect(res.status, res.text).toBe(400);
      expect(Object.keys(res.body)).toEqual(["token_secret"]);
      expect(res.body.token_secret[0]).toMatch(
        /required again because the URL and the TLS verification mode/,
      );
      expect(res.text).not.toContain(stored().secret);
    }
    const pin = await call<Record<string, string[]>>(endpointDetail.PATCH, `/endpoints/${saved.id}/`, {
      method: "PATCH",
      token: admin.writeToken,
      params: { id: String(saved.id) },
      body: { fingerprint: elsewhere.fingerprint },
    });
    expect(pin.status).toBe(400);
    expect(pin.body.token_secret[0]).toMatch(/pinned certificate fingerprint/);
    expect(await rowOf(saved.id)).toEqual(before);
    expect(elsewhere.requests).toHaveLength(0);

    const withSecret = await call<Record<string, unknown>>(endpointDetail.PATCH, `/endpoints/${saved.id}/`, {
      method: "PATCH",
      token: admin.writeToken,
      params: { id: String(saved.id) },
      body: { tls_mode: "insecure", token_secret: stored().secret },
    });
    expect(withSecret.status).toBe(200);
    expect(withSecret.body).toMatchObject({ tls_mode: { value: "insecure" }, has_secret: true });
    expect(withSecret.text).not.toContain(stored().secret);
  });

  it("tRPC update (the form) gets the error on its secret field", async () => {
    const saved = await endpointForCluster(sim, "pve-lab");
    const before = await rowOf(saved.id);
    const res = await trpcRoute.POST(
      new Request("http://localhost/api/trpc/endpoints.update", {
        method: "POST",
        headers: { authorization: `Bearer ${admin.writeToken}`, "content-type": "application/json" },
        body: JSON.stringify({ json: { id: saved.id, url: elsewhere.url, tlsMode: "insecure" } }),
      }),
    );
    const text = await res.text();
    expect(res.status).toBe(400);
    const body = JSON.parse(text) as { error: { json: { data: { fields: Record<string, string[]> } } } };
    expect(body.error.json.data.fields).toEqual({
      tokenSecret: [expect.stringMatching(/^The token secret is required again because the URL and/)],
    });
    expect(text).not.toContain(stored().secret);
    expect(await rowOf(saved.id)).toEqual(before);
  });
});
