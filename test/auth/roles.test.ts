import { beforeAll, describe, expect, it } from "vitest";
import * as endpoints from "@/app/api/plugins/proxbox/endpoints/route";
import * as replications from "@/app/api/plugins/proxbox/replications/route";
import { createCaller } from "@/server/api/root";
import { adminProcedure, type Context, createCallerFactory, createContext, router } from "@/server/api/trpc";
import type { Role } from "@/server/auth";
import { freshDatabasePerFile } from "../api/db";
import { type SeededUser, seedEndpoint, seedReplication, seedUser } from "../api/factories";
import { call } from "../api/http";

// Each role against each kind of route: a tRPC query and mutation, a REST read, a REST write and an
// admin-only REST write. Anonymous callers get NetBox's 403 body everywhere on the API.

process.env.PROXBOX_SECRET_KEY ??= "b".repeat(64);
freshDatabasePerFile();

type Who = Role | "anonymous";
const WHO: Who[] = ["anonymous", "viewer", "operator", "admin"];
const users = {} as Record<Role, SeededUser>;
let endpointId: number;
let replicationId: number;
let n = 0;

const adminOnly = createCallerFactory(router({ secret: adminProcedure.query(() => "ok") }));

async function contextFor(who: Who, headers: Record<string, string> = {}): Promise<Context> {
  const h = new Headers(headers);
  if (who !== "anonymous") h.set("authorization", `Bearer ${users[who].writeToken}`);
  return createContext({ headers: h });
}

async function trpcOutcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "ok";
  } catch (err) {
    return (err as { code?: string }).code ?? "error";
  }
}

beforeAll(async () => {
  for (const role of ["viewer", "operator", "admin"] as const) users[role] = await seedUser(role);
  endpointId = (await seedEndpoint()).id;
  replicationId = (await seedReplication(endpointId, { guest: 100 })).id;
});

describe("role matrix", () => {
  const expected: Record<
    Who,
    {
      trpcRead: string;
      trpcWrite: string;
      trpcAdmin: string;
      restRead: number;
      restWrite: number;
      restAdmin: number;
    }
  > = {
    anonymous: {
      trpcRead: "UNAUTHORIZED",
      trpcWrite: "UNAUTHORIZED",
      trpcAdmin: "UNAUTHORIZED",
      restRead: 403,
      restWrite: 403,
      restAdmin: 403,
    },
    viewer: {
      trpcRead: "ok",
      trpcWrite: "FORBIDDEN",
      trpcAdmin: "FORBIDDEN",
      restRead: 200,
      restWrite: 403,
      restAdmin: 403,
    },
    operator: {
      trpcRead: "ok",
      trpcWrite: "ok",
      trpcAdmin: "FORBIDDEN",
      restRead: 200,
      restWrite: 201,
      restAdmin: 403,
    },
    admin: {
      trpcRead: "ok",
      trpcWrite: "ok",
      trpcAdmin: "ok",
      restRead: 200,
      restWrite: 201,
      restAdmin: 201,
    },
  };

  it.each(WHO)("%s", async (who) => {
    const ctx = await contextFor(who);
    const caller = createCaller(ctx);
    const got = {
      trpcRead: await trpcOutcome(() => caller.replications.list({ query: "" })),
      trpcWrite: await trpcOutcome(() =>
        caller.replications.bulkUpdate({
          selection: { ids: [replicationId] },
          patch: { comment: `by ${who}` },
        }),
      ),
      trpcAdmin: await trpcOutcome(() => adminOnly(ctx).secret()),
      restRead: 0,
      restWrite: 0,
      restAdmin: 0,
    };
    const token = who === "anonymous" ? undefined : users[who].writeToken;
    got.restRead = (await call(replications.GET, "/replications/", { token })).status;
    n += 1;
    const guest = 200 + n;
    const body = { endpoint: endpointId, replication_id: `${guest}-0`, guest, jobnum: 0, target: "pve2" };
    got.restWrite = (await call(replications.POST, "/replications/", { method: "POST", token, body })).status;
    const endpoint = {
      name: `cluster-${n}`,
      proxmox_url: `https://pve${n}.example.com:8006`,
      token_id: "root@pam!x",
      token_secret: "s",
    };
    got.restAdmin = (
      await call(endpoints.POST, "/endpoints/", { method: "POST", token, body: endpoint })
    ).status;
    expect(got).toEqual(expected[who]);
  });

  it("says why, in NetBox's words", async () => {
    const anonymous = await call(replications.GET, "/replications/");
    expect(anonymous.body).toEqual({ detail: "Authentication credentials were not provided." });
    const viewerWrite = await call(replications.POST, "/replications/", {
      method: "POST",
      token: users.viewer.writeToken,
      body: {},
    });
    expect(viewerWrite.body).toEqual({ detail: "You do not have permission to perform this action." });
  });
});

describe("tRPC mutations", () => {
  it("refuse read-only tokens and cross-site cookie requests", async () => {
    const readOnly = createCaller(
      await createContext({ headers: new Headers({ authorization: `Bearer ${users.operator.readToken}` }) }),
    );
    expect(await trpcOutcome(() => readOnly.replications.list({}))).toBe("ok");
    expect(
      await trpcOutcome(() => readOnly.replications.bulkDelete({ selection: { ids: [replicationId] } })),
    ).toBe("FORBIDDEN");
    const user = { id: users.operator.id, username: users.operator.username, role: "operator" as const };
    const crossSite = createCaller({
      requestId: crypto.randomUUID(),
      headers: new Headers({ origin: "https://evil.example", host: "proxbox.local" }),
      auth: "session",
      user,
    });
    expect(
      await trpcOutcome(() => crossSite.replications.bulkDelete({ selection: { ids: [replicationId] } })),
    ).toBe("FORBIDDEN");
    const sameSite = createCaller({
      requestId: crypto.randomUUID(),
      headers: new Headers({
        origin: "http://proxbox.local",
        host: "proxbox.local",
        "sec-fetch-site": "same-origin",
      }),
      auth: "session",
      user,
    });
    expect(
      await trpcOutcome(() =>
        sameSite.replications.bulkUpdate({ selection: { query: "guest=100" }, patch: { disable: true } }),
      ),
    ).toBe("ok");
  });

  it("map service validation errors to BAD_REQUEST with NetBox-shaped fields", async () => {
    const caller = createCaller(await contextFor("operator"));
    const outcome = await trpcOutcome(() =>
      caller.replications.bulkUpdate({ selection: { ids: [replicationId] }, patch: { schedule: "61" } }),
    );
    expect(outcome).toBe("BAD_REQUEST");
  });
});
