import { beforeAll, describe, expect, it } from "vitest";
import * as signIn from "@/app/api/auth/sign-in/route";
import * as signOut from "@/app/api/auth/sign-out/route";
import * as replications from "@/app/api/plugins/proxbox/replications/route";
import { createApiToken, createUser } from "@/server/auth/service";
import { db } from "@/server/db/client";
import { freshDatabasePerFile } from "../api/db";
import { type SeededUser, seedEndpoint, seedUser } from "../api/factories";
import { call } from "../api/http";

// API tokens in both NetBox spellings and their failure modes; browser sessions: sign-in, the cookie,
// cross-site protection of cookie writes, sign-out.

freshDatabasePerFile();

let operator: SeededUser;
let endpointId: number;
let guest = 300;
const PASSWORD = "correct horse battery staple";

const list = (authorization?: string) => call(replications.GET, "/replications/", { authorization });
const create = (init: { authorization?: string; headers?: Record<string, string> }) => {
  guest += 1;
  return call(replications.POST, "/replications/", {
    method: "POST",
    ...init,
    body: { endpoint: endpointId, replication_id: `${guest}-0`, guest, jobnum: 0, target: "pve2" },
  });
};

function form(fields: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request("http://proxbox.local/api/auth/sign-in/", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

beforeAll(async () => {
  operator = await seedUser("operator");
  endpointId = (await seedEndpoint()).id;
  await createUser({ username: "alice", role: "operator", password: PASSWORD });
});

describe("API tokens", () => {
  it("accept v2 (Bearer nbt_…) and v1 (Token <40 hex>) forms of the same token", async () => {
    const token = await createApiToken({ userId: operator.id, write: true });
    expect(token.v2).toMatch(/^nbt_[A-Za-z0-9]{12}\.[0-9a-f]{40}$/);
    expect(token.v1).toMatch(/^[0-9a-f]{40}$/);
    expect((await list(`Bearer ${token.v2}`)).status).toBe(200);
    expect((await list(`Token ${token.v1}`)).status).toBe(200);
    // The version follows the nbt_ prefix, not the keyword; the keyword is case-insensitive.
    expect((await list(`token ${token.v2}`)).status).toBe(200);
    expect((await list(`BEARER ${token.v1}`)).status).toBe(200);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(stored.tokenHash).not.toContain(token.v1);
    expect(stored.lastUsed).not.toBeNull();
  });

  it("answer bad credentials with NetBox's messages", async () => {
    const token = await createApiToken({ userId: operator.id });
    const cases: [string, string][] = [
      [`Bearer nbt_${token.key}.${"0".repeat(40)}`, "Invalid v2 token"],
      ["Bearer nbt_nosuchkey123.abc", "Invalid v2 token"],
      [`Token ${"f".repeat(40)}`, "Invalid v1 token"],
      [
        "Bearer a b",
        'Invalid authorization header: Must be in the form "Bearer <key>.<token>" or "Token <token>"',
      ],
      [
        "Bearer nbt_nodot",
        'Invalid authorization header: Must be in the form "Bearer <key>.<token>" or "Token <token>"',
      ],
      ["Basic dXNlcjpwYXNz", "Authentication credentials were not provided."],
    ];
    for (const [header, detail] of cases) {
      const res = await list(header);
      expect(res.status, header).toBe(403);
      expect(res.body, header).toEqual({ detail });
    }
  });

  it("refuse expired, revoked and inactive-user tokens, and writes with read-only ones", async () => {
    const expired = await createApiToken({
      userId: operator.id,
      write: true,
      expires: new Date(Date.now() - 1000),
    });
    expect((await list(`Bearer ${expired.v2}`)).body).toEqual({ detail: "Token expired" });
    const future = await createApiToken({ userId: operator.id, expires: new Date(Date.now() + 3600_000) });
    expect((await list(`Bearer ${future.v2}`)).status).toBe(200);
    const revoked = await createApiToken({ userId: operator.id, write: true });
    await db.apiToken.update({ where: { id: revoked.id }, data: { revoked: true } });
    expect((await list(`Bearer ${revoked.v2}`)).body).toEqual({ detail: "Token disabled" });
    const gone = await seedUser("operator");
    await db.user.update({ where: { id: gone.id }, data: { isActive: false } });
    expect((await list(`Bearer ${gone.writeToken}`)).body).toEqual({ detail: "User inactive" });
    const readOnly = await create({ authorization: `Bearer ${operator.readToken}` });
    expect(readOnly.status).toBe(403);
    expect(readOnly.body).toEqual({ detail: "You do not have permission to perform this action." });
    expect((await create({ authorization: `Bearer ${operator.writeToken}` })).status).toBe(201);
  });

  it("are exempt from the cross-site check (no cookie to ride on)", async () => {
    const res = await create({
      authorization: `Bearer ${operator.writeToken}`,
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(201);
  });

  it("echo a valid X-Request-ID and replace anything else", async () => {
    const id = crypto.randomUUID();
    const echoed = await call(replications.GET, "/replications/", {
      token: operator.readToken,
      headers: { "x-request-id": id },
    });
    expect(echoed.headers.get("x-request-id")).toBe(id);
    const junk = await call(replications.GET, "/replications/", {
      token: operator.readToken,
      headers: { "x-request-id": "<script>" },
    });
    expect(junk.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
  });
});

describe("browser sessions", () => {
  let cookie = "";

  it("refuse a wrong password without a cookie", async () => {
    const res = await signIn.POST(
      form({ username: "alice", password: "wrong password!", next: "/replications" }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/sign-in?error=invalid&next=%2Freplications");
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("sign in with an HTTP-only, SameSite=Lax cookie and go back to a local page only", async () => {
    const res = await signIn.POST(form({ username: "alice", password: PASSWORD, next: "//evil.example/x" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(
      /^proxbox_session=[A-Za-z0-9_-]{43}; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/,
    );
    cookie = setCookie.split(";")[0];
    const session = await db.session.findFirstOrThrow({ where: { user: { username: "alice" } } });
    expect(cookie).not.toContain(session.id);
  });

  it("refuse a sign-in posted from another site", async () => {
    const res = await signIn.POST(
      form({ username: "alice", password: PASSWORD }, { "sec-fetch-site": "cross-site" }),
    );
    expect(res.status).toBe(403);
  });

  it("authenticate REST reads and same-site writes by cookie, refuse cross-site writes", async () => {
    expect((await call(replications.GET, "/replications/", { headers: { cookie } })).status).toBe(200);
    const crossOrigin = await create({
      headers: { cookie, origin: "https://evil.example", host: "proxbox.local" },
    });
    expect(crossOrigin.status).toBe(403);
    expect((crossOrigin.body as { detail: string }).detail).toMatch(/^CSRF Failed/);
    const crossSite = await create({ headers: { cookie, "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await create({
      headers: {
        cookie,
        origin: "http://proxbox.local",
        host: "proxbox.local",
        "sec-fetch-site": "same-origin",
      },
    });
    expect(sameOrigin.status).toBe(201);
    const change = await db.objectChange.findFirstOrThrow({
      where: { action: "create" },
      orderBy: { id: "desc" },
    });
    expect(change.userName).toBe("alice");
  });

  it("sign out: the session is gone and the cookie stops working", async () => {
    const res = await signOut.POST(
      new Request("http://proxbox.local/api/auth/sign-out/", { method: "POST", headers: { cookie } }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("set-cookie")).toMatch(/^proxbox_session=; Path=\/; Expires=Thu, 01 Jan 1970/);
    expect((await call(replications.GET, "/replications/", { headers: { cookie } })).status).toBe(403);
  });

  it("answers JSON clients with JSON", async () => {
    const res = await signIn.POST(
      new Request("http://proxbox.local/api/auth/sign-in/", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "alice", password: PASSWORD }),
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      user: { id: expect.any(Number), username: "alice", role: "operator" },
    });
  });
});
