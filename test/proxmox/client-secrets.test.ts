import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProxmoxAuth, type ProxmoxClient, ProxmoxError, type ProxmoxErrorKind } from "@/server/proxmox";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { baseScenario, clientFor, failure, PASSWORD, SECRET, T0 } from "./fixtures";

// Provokes every error class with both credential kinds and checks that no rendering of the error (message,
// stack, inspect, JSON) contains the token secret, the password or the session ticket.

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

const ALL_KINDS: ProxmoxErrorKind[] = [
  "auth",
  "permission",
  "unreachable",
  "http",
  "timeout",
  "tls",
  "malformed",
  "network",
];

function renderings(err: Error): string[] {
  return [err.message, err.stack ?? "", String(err), inspect(err, { depth: 5 }), JSON.stringify(err)];
}

async function provokeAll(auth: ProxmoxAuth): Promise<ProxmoxError[]> {
  const errors: ProxmoxError[] = [];
  const grab = async (p: Promise<unknown>) => {
    const err = await failure(p);
    expect(err).toBeInstanceOf(ProxmoxError);
    errors.push(err as ProxmoxError);
  };
  const c: ProxmoxClient = clientFor(sim, { auth, retries: 0, requestTimeoutMs: 150 });
  sim.faults.clear();
  await grab(c.clusterReplicationJob("100-9")); // http 500
  await grab(c.nodeReplication("pve3")); // unreachable
  sim.faults.add({ path: "/cluster/status", status: 403, reason: "Permission check failed (/, Sys.Audit)" });
  await grab(c.clusterStatus()); // permission
  sim.faults.add({ path: "/version", delayMs: 400, times: 1 });
  await grab(c.version()); // timeout
  sim.faults.add({ path: "/nodes", malformed: true, times: 1 });
  await grab(c.nodes()); // malformed
  sim.faults.add({ path: "/cluster/resources", reset: true, times: 1 });
  await grab(c.clusterResources("vm")); // network
  // A proxy that echoes credentials back in its error text must not leak them either.
  sim.faults.add({
    path: "/nodes/pve1/time",
    status: 502,
    body: {
      data: null,
      message: `upstream said: credential=${auth.kind === "token" ? auth.secret : auth.password}\n`,
    },
  });
  await grab(c.nodeTime("pve1"));
  sim.faults.add({ path: "/access/permissions", status: 401, reason: "Authentication failed!" });
  await grab(c.permissions()); // auth
  await c.close();

  const pinned = clientFor(sim, {
    auth,
    tls: { mode: "fingerprint", fingerprint: other.cluster("alpha").fingerprint },
  });
  await grab(pinned.version()); // tls
  await pinned.close();
  const badCredentials =
    auth.kind === "token"
      ? { ...auth, secret: `${auth.secret}-wrong` }
      : { ...auth, password: `${auth.password}-x` };
  const wrong = clientFor(sim, { auth: badCredentials });
  await grab(wrong.version()); // auth with the wrong credential in play
  await wrong.close();
  sim.faults.clear();
  return errors;
}

describe("no error message contains a secret", () => {
  it.each([
    ["API token", { kind: "token", tokenId: "root@pam!full", secret: SECRET } as const],
    ["ticket", { kind: "ticket", username: "root@pam", password: PASSWORD } as const],
  ])("%s: every error class", async (_label, auth) => {
    const errors = await provokeAll(auth);
    expect(new Set(errors.map((e) => e.kind))).toEqual(new Set(ALL_KINDS));
    const forbidden = [SECRET, PASSWORD, `${SECRET}-wrong`, `${PASSWORD}-x`];
    for (const err of errors) {
      for (const text of renderings(err)) {
        for (const secret of forbidden) expect(text).not.toContain(secret);
        expect(text).not.toMatch(/PVE:root@pam:[0-9A-F]+::/);
      }
    }
    const echoed = errors.find((e) => e.status === 502);
    expect(echoed?.message).toContain("upstream said: credential=***");
  });
});
