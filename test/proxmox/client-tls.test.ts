import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createProxmoxClient,
  formatFingerprint,
  normalizeFingerprint,
  type ProxmoxTls,
  ProxmoxTlsError,
  tlsWarning,
} from "@/server/proxmox";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { baseScenario, failure, SECRET, T0 } from "./fixtures";

let sim: TestSimulator;
let other: TestSimulator;

beforeAll(async () => {
  [sim, other] = await Promise.all([
    startTestSimulator(baseScenario(), { now: T0 }),
    startTestSimulator(baseScenario(), { now: T0 }),
  ]);
});
afterAll(async () => {
  await Promise.all([sim.close(), other.close()]);
});
beforeEach(() => {
  sim.resetRequests();
});

function client(tls: ProxmoxTls) {
  return createProxmoxClient({
    baseUrl: sim.cluster("alpha").url,
    auth: { kind: "token", tokenId: "root@pam!full", secret: SECRET },
    tls,
    retries: 0,
  });
}

async function works(tls: ProxmoxTls) {
  const c = client(tls);
  try {
    return (await c.version()).version;
  } finally {
    await c.close();
  }
}

describe("TLS modes", () => {
  it("system CAs refuse the self-signed simulator certificate before any request", async () => {
    const c = client({ mode: "system" });
    const err = await failure(c.version());
    expect(err).toBeInstanceOf(ProxmoxTlsError);
    expect((err as ProxmoxTlsError).code).toMatch(/SELF_SIGNED|UNABLE_TO/);
    expect(sim.countRequests()).toBe(0);
    await c.close();
  });

  it("a custom CA PEM works, and a different CA is refused", async () => {
    expect(await works({ mode: "ca", caPem: sim.cluster("alpha").caPem })).toBe("9.1.3");
    const c = client({ mode: "ca", caPem: other.cluster("alpha").caPem });
    expect(await failure(c.version())).toBeInstanceOf(ProxmoxTlsError);
    await c.close();
  });

  it("a custom CA still checks the host name", async () => {
    // The certificate names localhost/127.0.0.1 only; the same server reached as 127.0.0.2 must be refused.
    const alias = await startTestSimulator(baseScenario(), { now: T0, host: "127.0.0.2" });
    const c = createProxmoxClient({
      baseUrl: alias.cluster("alpha").url,
      auth: { kind: "token", tokenId: "root@pam!full", secret: SECRET },
      tls: { mode: "ca", caPem: alias.cluster("alpha").caPem },
      retries: 0,
    });
    const err = await failure(c.version());
    expect(err).toBeInstanceOf(ProxmoxTlsError);
    expect((err as ProxmoxTlsError).code).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
    expect(alias.countRequests()).toBe(0);
    await c.close();
    await alias.close();
  });

  it("a matching pinned fingerprint works in any spelling (case, colons)", async () => {
    const fp = sim.cluster("alpha").fingerprint;
    expect(fp).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    for (const spelling of [
      fp,
      fp.toLowerCase(),
      fp.replaceAll(":", ""),
      fp.replaceAll(":", "").toLowerCase(),
    ]) {
      expect(await works({ mode: "fingerprint", fingerprint: spelling })).toBe("9.1.3");
    }
    expect(sim.countRequests({ path: "/version", status: 200 })).toBe(4);
  });

  it("a pinned fingerprint that does not match is refused, naming both, with zero requests served", async () => {
    const expected = other.cluster("alpha").fingerprint;
    const c = client({ mode: "fingerprint", fingerprint: expected.toLowerCase() });
    const err = await failure(c.clusterReplication());
    expect(err).toBeInstanceOf(ProxmoxTlsError);
    expect(err.message).toContain(expected);
    expect(err.message).toContain(sim.cluster("alpha").fingerprint);
    expect((err as ProxmoxTlsError).expectedFingerprint).toBe(expected);
    expect((err as ProxmoxTlsError).actualFingerprint).toBe(sim.cluster("alpha").fingerprint);
    expect(sim.countRequests()).toBe(0);
    await c.close();
  });

  it("after the server's certificate changes, a pinned client stops talking to it", async () => {
    const target = await startTestSimulator(baseScenario(), { now: T0 });
    const pinned = target.cluster("alpha").fingerprint;
    const c = createProxmoxClient({
      baseUrl: target.cluster("alpha").url,
      auth: { kind: "token", tokenId: "root@pam!full", secret: SECRET },
      tls: { mode: "fingerprint", fingerprint: pinned },
      // The rotation drops the kept-alive socket; a request racing that close fails as a network error and
      // is retried on a fresh connection, which then meets the new certificate.
      retries: 1,
      retryBaseDelayMs: 1,
    });
    await c.version();
    const rotated = await target.rotateCertificate("alpha");
    expect(rotated).not.toBe(pinned);
    target.resetRequests();
    const err = await failure(c.version());
    expect(err).toBeInstanceOf(ProxmoxTlsError);
    expect(err.message).toContain(rotated);
    expect(target.countRequests()).toBe(0);
    await c.close();
    await target.close();
  });

  it("insecure mode works and comes with a warning for the caller to show", async () => {
    expect(await works({ mode: "insecure" })).toBe("9.1.3");
    expect(tlsWarning({ mode: "insecure" })).toMatch(/verification is disabled/);
    expect(tlsWarning({ mode: "system" })).toBeNull();
    expect(tlsWarning({ mode: "fingerprint", fingerprint: "AA" })).toBeNull();
  });

  it("rejects a configured fingerprint that is not a SHA-256 digest", () => {
    expect(() => client({ mode: "fingerprint", fingerprint: "AB:CD" })).toThrow(ProxmoxTlsError);
    expect(normalizeFingerprint("ab:cd")).toBeNull();
    expect(formatFingerprint("abcdef")).toBe("AB:CD:EF");
  });
});
