import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ProxmoxAuthError, TICKET_RENEW_AFTER_MS } from "@/server/proxmox";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { baseScenario, clientFor, failure, PASSWORD, rawRequest, SECRET, T0, tokenHeader } from "./fixtures";

let sim: TestSimulator;

beforeAll(async () => {
  sim = await startTestSimulator(baseScenario(), { now: T0 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.state.setNow(T0);
  sim.resetRequests();
  sim.faults.clear();
});

const ticketAuth = { kind: "ticket" as const, username: "root@pam", password: PASSWORD };

describe("API token authentication", () => {
  it("sends PVEAPIToken=USER@REALM!TOKENID=SECRET and needs no login", async () => {
    const client = clientFor(sim);
    expect((await client.version()).release).toBe("9.1");
    expect(sim.countRequests({ path: "/access/ticket" })).toBe(0);
    expect(sim.countRequests({ path: "/version", status: 200 })).toBe(1);
    await client.close();
  });

  it("a wrong secret is a ProxmoxAuthError after exactly one request", async () => {
    const client = clientFor(sim, {
      auth: { kind: "token", tokenId: "root@pam!full", secret: "wrong-secret" },
    });
    const err = await failure(client.clusterReplication());
    expect(err).toBeInstanceOf(ProxmoxAuthError);
    expect(err.message).toContain("authentication failed for root@pam!full at https://127.0.0.1:");
    expect(err.message).toContain("Authentication failed!");
    expect(sim.countRequests()).toBe(1);
    await client.close();
  });

  it("the simulator accepts the header the way pve-http-server parses it", async () => {
    const url = `${sim.cluster("alpha").url}/api2/json/version`;
    expect((await rawRequest(url, { headers: tokenHeader() })).status).toBe(200);
    const spaced = { authorization: `PVEAPIToken root@pam!full=${SECRET}` };
    expect((await rawRequest(url, { headers: spaced })).status).toBe(200);
    const none = await rawRequest(url);
    expect([none.status, none.reason, none.text]).toEqual([401, "No ticket", ""]);
  });
});

describe("ticket authentication", () => {
  it("logs in once, then uses the PVEAuthCookie", async () => {
    const client = clientFor(sim, { auth: ticketAuth });
    await client.version();
    await client.clusterReplication();
    expect(sim.countRequests({ method: "POST", path: "/access/ticket" })).toBe(1);
    expect(sim.countRequests({ method: "GET", status: 200 })).toBe(2);
    await client.close();
  });

  it("sends the CSRFPreventionToken on a POST (schedule_now), which the simulator requires", async () => {
    sim.state.setJobState("alpha", "100-0", { last_sync: T0, last_try: T0, fail_count: 0 });
    const client = clientFor(sim, { auth: ticketAuth });
    await client.scheduleNow("pve1", "100-0");
    expect((await client.nodeReplicationStatus("pve1", "100-0")).last_try).toBe(0);
    expect(
      sim.countRequests({ method: "POST", path: "/nodes/pve1/replication/100-0/schedule_now", status: 200 }),
    ).toBe(1);
    await client.close();

    // Same ticket without the CSRF header: refused, so the header above really mattered.
    const base = sim.cluster("alpha").url;
    const login = await rawRequest(`${base}/api2/json/access/ticket`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "root@pam", password: PASSWORD }).toString(),
    });
    const { ticket, CSRFPreventionToken } = JSON.parse(login.text).data;
    const cookie = { cookie: `PVEAuthCookie=${encodeURIComponent(ticket)}` };
    const url = `${base}/api2/json/nodes/pve1/replication/100-0/schedule_now`;
    const noCsrf = await rawRequest(url, { method: "POST", headers: cookie });
    expect([noCsrf.status, noCsrf.reason]).toEqual([401, "Permission denied - invalid csrf token"]);
    const withCsrf = await rawRequest(url, { method: "POST", headers: { ...cookie, CSRFPreventionToken } });
    expect(withCsrf.status).toBe(200);
  });

  it("a wrong password fails the login once, naming the user but not the password", async () => {
    const client = clientFor(sim, { auth: { ...ticketAuth, password: "not-the-password" } });
    const err = await failure(client.version());
    expect(err).toBeInstanceOf(ProxmoxAuthError);
    expect(err.message).toContain("authentication failed for root@pam");
    expect(err.message).toContain("authentication failure");
    expect(err.message).not.toContain("not-the-password");
    expect(sim.countRequests()).toBe(1);
    await client.close();
  });

  it("renews the ticket before the 2 h expiry, driven by the injected clock", async () => {
    let nowMs = T0 * 1000;
    const client = clientFor(sim, { auth: ticketAuth, now: () => nowMs });
    await client.version();
    nowMs += TICKET_RENEW_AFTER_MS - 60_000;
    sim.state.setNow(T0 + (TICKET_RENEW_AFTER_MS - 60_000) / 1000);
    await client.version();
    expect(sim.countRequests({ path: "/access/ticket" })).toBe(1);

    // Past the renewal age (1 h 50 min): a new login happens before the request, no 401 is ever seen.
    nowMs = T0 * 1000 + 110 * 60_000;
    sim.state.setNow(T0 + 110 * 60);
    await client.version();
    expect(sim.countRequests({ path: "/access/ticket" })).toBe(2);
    expect(sim.countRequests({ status: 401 })).toBe(0);

    // The renewed ticket outlives the first one's 2 h.
    nowMs = T0 * 1000 + 130 * 60_000;
    sim.state.setNow(T0 + 130 * 60);
    await client.version();
    expect(sim.countRequests({ status: 401 })).toBe(0);
    await client.close();
  });

  it("re-logs in once when the server says the ticket expired (client clock unaware)", async () => {
    const client = clientFor(sim, { auth: ticketAuth, now: () => T0 * 1000 });
    await client.version();
    sim.state.setNow(T0 + 2 * 3600 + 1);
    const nodes = await client.nodes();
    expect(nodes.map((n) => n.node)).toEqual(["pve1", "pve2", "pve3", "pve4"]);
    expect(sim.countRequests({ path: "/access/ticket" })).toBe(2);
    expect(sim.countRequests({ path: "/nodes", status: 401 })).toBe(1);
    expect(sim.countRequests({ path: "/nodes", status: 200 })).toBe(1);
    await client.close();
  });

  it("a renewal can also post the current ticket as password (simulator supports PVE's renewal)", async () => {
    const base = `${sim.cluster("alpha").url}/api2/json/access/ticket`;
    const form = (password: string) => ({
      method: "POST" as const,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "root@pam", password }).toString(),
    });
    const first = JSON.parse((await rawRequest(base, form(PASSWORD))).text).data.ticket as string;
    const renewed = await rawRequest(base, form(first));
    expect(renewed.status).toBe(200);
    expect(JSON.parse(renewed.text).data.ticket).not.toBe(first);
    sim.state.setNow(T0 + 7200);
    const expired = await rawRequest(base, form(first));
    expect([expired.status, expired.reason]).toEqual([401, "authentication failure"]);
    expect(JSON.parse(expired.text)).toEqual({ data: null, message: "authentication failure\n" });
  });
});
