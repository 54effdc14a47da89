import { Agent, request } from "undici";
import { createProxmoxClient, type ProxmoxClient, type ProxmoxClientOptions } from "@/server/proxmox";
import type { ScenarioInput } from "@/simulator/scenario";
import type { TestSimulator } from "@/simulator/test-helper";

// Shared test scenario: one cluster with four nodes (pve3 offline, pve2 in Tokyo), a few guests and jobs,
// and principals with full, partial and no privileges. Timestamps are absolute (clock frozen at T0).

export const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z, a Thursday
export const SECRET = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
export const LIMITED_SECRET = "11111111-2222-4333-8444-555555555555";
export const NONE_SECRET = "99999999-8888-4777-8666-555555555555";
export const PASSWORD = "Sup3r-S3cret-Passw0rd!";

export function baseScenario(): ScenarioInput {
  return {
    clusters: [
      {
        name: "alpha",
        nodes: [
          { name: "pve1", ip: "10.0.0.1", nodeid: 1, timezone: "UTC" },
          { name: "pve2", ip: "10.0.0.2", nodeid: 2, timezone: "Asia/Tokyo" },
          { name: "pve3", ip: "10.0.0.3", nodeid: 3, online: false },
          { name: "pve4", ip: "10.0.0.4", nodeid: 4 },
        ],
        guests: [
          { vmid: 100, type: "qemu", node: "pve1", name: "web" },
          { vmid: 101, type: "lxc", node: "pve1", name: "dns" },
          { vmid: 102, type: "qemu", node: "pve2", name: "db" },
          { vmid: 103, type: "qemu", node: "pve3" },
          { vmid: 104, type: "qemu", node: "pve1", name: "tpl", template: true, status: "stopped" },
        ],
        storages: [
          { storage: "local-zfs", node: "pve1", type: "zfspool" },
          { storage: "nfs", node: "pve1", type: "nfs", shared: true, content: "backup" },
        ],
        jobs: [
          {
            id: "100-0",
            target: "pve4",
            source: "pve1",
            schedule: "*/5",
            rate: 2.5,
            comment: "Sicherung nächtlich – Ω",
            state: { last_sync: T0 + 10, last_try: T0 + 10, fail_count: 0, duration: 3.412337 },
          },
          { id: "101-0", target: "pve2", source: "pve1", disable: true, schedule: "*/15" },
          {
            id: "102-0",
            target: "pve1",
            source: "pve2",
            schedule: "21:00",
            state: { last_try: T0, last_sync: T0 },
          },
          { id: "103-0", target: "pve1", source: "pve3" },
          { id: "150-0", target: "pve2", source: "pve1" },
        ],
        tokens: [
          { tokenId: "root@pam!full", secret: SECRET, privileges: { "/": ["*"] } },
          {
            tokenId: "audit@pve!limited",
            secret: LIMITED_SECRET,
            privileges: { "/vms": ["VM.Audit"], "/vms/101": [] },
          },
          { tokenId: "nobody@pve!none", secret: NONE_SECRET, privileges: {} },
        ],
        users: [{ username: "root@pam", password: PASSWORD, privileges: { "/": ["*"] } }],
      },
    ],
  };
}

type ClientOverrides = Partial<Omit<ProxmoxClientOptions, "baseUrl">>;

/** A client for cluster `alpha` pinned to the simulator's certificate, full-privilege token by default. */
export function clientFor(sim: TestSimulator, overrides: ClientOverrides = {}): ProxmoxClient {
  const c = sim.cluster("alpha");
  return createProxmoxClient({
    baseUrl: c.url,
    auth: { kind: "token", tokenId: "root@pam!full", secret: SECRET },
    tls: { mode: "fingerprint", fingerprint: c.fingerprint },
    retryBaseDelayMs: 1,
    ...overrides,
  });
}

const insecure = new Agent({ connect: { rejectUnauthorized: false } });

/** Plain HTTPS call (no client logic), to look at exactly what the simulator sends. */
export async function rawRequest(
  url: string,
  opts: { method?: "GET" | "POST"; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; reason: string; text: string; headers: Record<string, unknown> }> {
  const res = await request(url, {
    method: opts.method ?? "GET",
    headers: opts.headers,
    body: opts.body,
    dispatcher: insecure,
  });
  return {
    status: res.statusCode,
    reason: res.statusText,
    text: await res.body.text(),
    headers: res.headers,
  };
}

export function tokenHeader(tokenId = "root@pam!full", secret = SECRET): Record<string, string> {
  return { authorization: `PVEAPIToken=${tokenId}=${secret}` };
}

/** Catches the rejection of `promise` so its type and fields can be asserted. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`rejected with a non-Error: ${String(err)}`);
  }
  throw new Error("expected the promise to reject");
}
