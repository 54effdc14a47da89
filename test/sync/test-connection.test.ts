import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEndpoint, testEndpointSettings } from "@/server/endpoints/service";
import { AppError } from "@/server/errors";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { setupTestDatabase } from "../helpers/db";
import { endpointForCluster } from "./helpers";

// "Test connection" works on settings not saved yet, and on a saved endpoint with changes typed over it.

setupTestDatabase();
let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim?.close();
});

describe("test connection", () => {
  it("tests typed settings of a new endpoint", async () => {
    const e = sim.endpointFor("pve-lab");
    const ok = await testEndpointSettings({
      url: e.url,
      authMode: "token",
      tokenId: e.tokenId,
      tokenSecret: e.secret,
      tlsMode: "fingerprint",
      fingerprint: e.fingerprint,
    });
    expect(ok).toMatchObject({ ok: true, clusterName: "pve-lab", nodes: 2 });
    const insecure = await testEndpointSettings({
      url: e.url,
      authMode: "token",
      tokenId: e.tokenId,
      tokenSecret: e.secret,
      tlsMode: "insecure",
    });
    expect(insecure.ok).toBe(true);
    expect(insecure.warning).toMatch(/verification is disabled/i);
    const wrong = await testEndpointSettings({
      url: e.url,
      authMode: "token",
      tokenId: e.tokenId,
      tokenSecret: "00000000-0000-0000-0000-000000000000",
      tlsMode: "insecure",
    });
    expect(wrong).toMatchObject({ ok: false });
    expect(wrong.error).toMatch(/authentication failed/i);
    expect(wrong.error).not.toContain("00000000-0000-0000-0000-000000000000");
  });

  it("tests edits over a saved endpoint: the stored secret only for the stored server and TLS trust", async () => {
    const saved = await endpointForCluster(sim, "pve-prod");
    expect((await testEndpoint(saved.id)).ok).toBe(true);
    const badPin = `${"00:".repeat(31)}00`;
    // A new pin decides who gets the secret: it must be typed again.
    const refused = await testEndpointSettings({ fingerprint: badPin }, saved.id).catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).fields?.tokenSecret?.[0]).toMatch(
      /required again because the pinned certificate fingerprint changed/,
    );
    const edited = await testEndpointSettings(
      { fingerprint: badPin, tokenSecret: sim.endpointFor("pve-prod").secret },
      saved.id,
    );
    expect(edited.ok).toBe(false);
    expect(edited.error).toMatch(/fingerprint/i);
    // A timeout does not: the stored secret is used.
    const backToGood = await testEndpointSettings({ requestTimeoutMs: 4000 }, saved.id);
    expect(backToGood).toMatchObject({ ok: true, clusterName: "pve-prod" });
  });
});
