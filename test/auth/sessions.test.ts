import { beforeAll, describe, expect, it, vi } from "vitest";
import * as signIn from "@/app/api/auth/sign-in/route";
import * as replications from "@/app/api/plugins/proxbox/replications/route";
import {
  createSession,
  createUser,
  deleteUser,
  listSessions,
  purgeExpiredSessions,
  revokeUserSessions,
  setPassword,
  setUserActive,
  setUserRole,
  userForSession,
} from "@/server/auth/service";
import { sha256Hex } from "@/server/auth/tokens";
import { recordObjectChanges } from "@/server/changelog/service";
import { db } from "@/server/db/client";
import { freshDatabasePerFile } from "../api/db";
import { seedUser } from "../api/factories";
import { call } from "../api/http";

// Sessions can be ended: by a password change (all but the changing one), by deactivation (all, and
// the user's tokens stop working), by revocation, by the idle timeout; expired ones are purged.

freshDatabasePerFile();

const PASSWORD = "correct horse battery staple";
const MINUTE = 60_000;

const sessionRow = (cookie: string) => db.session.findUnique({ where: { id: sha256Hex(cookie) } });
const setLastSeen = (cookie: string, msAgo: number) =>
  db.session.update({ where: { id: sha256Hex(cookie) }, data: { lastSeen: new Date(Date.now() - msAgo) } });

beforeAll(async () => {
  await createUser({ username: "ivy", role: "operator", password: PASSWORD });
});

describe("idle timeout", () => {
  it("ends a session unused for PROXBOX_SESSION_IDLE_MINUTES (default 8 hours)", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { username: "ivy" } });
    const active = (await createSession(user.id)).cookieValue;
    const idle = (await createSession(user.id)).cookieValue;
    await setLastSeen(active, 479 * MINUTE);
    await setLastSeen(idle, 481 * MINUTE);
    expect(await userForSession(active)).toMatchObject({ username: "ivy" });
    expect(await userForSession(idle)).toBeNull();
    expect(await sessionRow(idle)).toBeNull(); // deleted on sight
    process.env.PROXBOX_SESSION_IDLE_MINUTES = "5";
    try {
      await setLastSeen(active, 6 * MINUTE);
      expect(await userForSession(active)).toBeNull();
    } finally {
      delete process.env.PROXBOX_SESSION_IDLE_MINUTES;
    }
  });

  it("records last use at most once a minute", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { username: "ivy" } });
    const cookie = (await createSession(user.id)).cookieValue;
    const first = (await sessionRow(cookie))?.lastSeen;
    for (let i = 0; i < 5; i++) expect(await userForSession(cookie)).not.toBeNull();
    expect((await sessionRow(cookie))?.lastSeen).toEqual(first);
    await setLastSeen(cookie, 2 * MINUTE);
    expect(await userForSession(cookie)).not.toBeNull();
    const touched = (await sessionRow(cookie))?.lastSeen ?? new Date(0);
    expect(Date.now() - touched.getTime()).toBeLessThan(5_000);
  });
});

describe("ending sessions", () => {
  it("a password change ends the user's other sessions and keeps the one that made it", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { username: "ivy" } });
    const mine = (await createSession(user.id)).cookieValue;
    const other = (await createSession(user.id)).cookieValue;
    const { sessionsEnded } = await setPassword("ivy", "a brand new password", { keepSession: mine });
    expect(sessionsEnded).toBeGreaterThanOrEqual(1);
    expect(await userForSession(mine)).toMatchObject({ username: "ivy" });
    expect(await userForSession(other)).toBeNull();
    // Without a session to keep (the CLI), all end.
    await setPassword("ivy", PASSWORD);
    expect(await userForSession(mine)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("deactivating a user ends all their sessions and their tokens are refused", async () => {
    const op = await seedUser("operator");
    await setPassword(op.username, PASSWORD);
    const res = await signIn.POST(
      new Request("http://proxbox.local/api/auth/sign-in/", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: op.username, password: PASSWORD }),
      }),
    );
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
    expect((await call(replications.GET, "/replications/", { headers: { cookie } })).status).toBe(200);
    expect((await call(replications.GET, "/replications/", { token: op.readToken })).status).toBe(200);

    const { sessionsEnded } = await setUserActive(op.username, false);
    expect(sessionsEnded).toBe(1);
    expect((await call(replications.GET, "/replications/", { headers: { cookie } })).status).toBe(403);
    const byToken = await call(replications.GET, "/replications/", { token: op.readToken });
    expect(byToken.status).toBe(403);
    expect(byToken.body).toEqual({ detail: "User inactive" });

    await setUserActive(op.username, true);
    expect((await call(replications.GET, "/replications/", { token: op.readToken })).status).toBe(200);
    // The ended session does not come back.
    expect((await call(replications.GET, "/replications/", { headers: { cookie } })).status).toBe(403);
  });

  it("revokes every session of one user and leaves others alone", async () => {
    const a = await createUser({ username: "jack", role: "viewer" });
    const b = await createUser({ username: "kim", role: "viewer" });
    const jack1 = (await createSession(a.id)).cookieValue;
    const jack2 = (await createSession(a.id)).cookieValue;
    const kim = (await createSession(b.id)).cookieValue;
    expect((await listSessions("jack")).map((s) => s.user.username)).toEqual(["jack", "jack"]);
    expect(await revokeUserSessions("jack")).toEqual({ userId: a.id, sessionsEnded: 2 });
    expect(await userForSession(jack1)).toBeNull();
    expect(await userForSession(jack2)).toBeNull();
    expect(await userForSession(kim)).toMatchObject({ username: "kim" });
    await expect(revokeUserSessions("nobody")).rejects.toThrow("user nobody does not exist");
  });
});

describe("users", () => {
  it("set-role refuses an unknown role and changes nothing", async () => {
    await expect(setUserRole("kim", "superuser")).rejects.toThrow(/unknown role superuser/);
    expect((await db.user.findUniqueOrThrow({ where: { username: "kim" } })).role).toBe("viewer");
    const { user } = await setUserRole("kim", "operator");
    expect(user.role).toBe("operator");
  });

  it("deleting a user keeps their change-log entries under their name", async () => {
    const user = await createUser({ username: "leo", role: "admin" });
    await createSession(user.id);
    await recordObjectChanges({ userId: user.id, userName: "leo", requestId: crypto.randomUUID() }, [
      {
        action: "create",
        objectType: "proxbox.syncschedule",
        objectId: 1,
        objectRepr: "nightly",
        pre: null,
        post: {},
      },
    ]);
    const deleted = await deleteUser("leo");
    expect(deleted).toMatchObject({ username: "leo", sessionsEnded: 1 });
    expect(await db.user.findUnique({ where: { username: "leo" } })).toBeNull();
    const change = await db.objectChange.findFirstOrThrow({ where: { objectRepr: "nightly" } });
    expect(change).toMatchObject({ userId: null, userName: "leo" });
    await expect(deleteUser("leo")).rejects.toThrow("user leo does not exist");
  });
});

describe("purging expired sessions", () => {
  it("deletes sessions past their expiry or idle too long, and keeps live ones", async () => {
    const user = await createUser({ username: "mia", role: "viewer" });
    const live = (await createSession(user.id)).cookieValue;
    const expired = (await createSession(user.id)).cookieValue;
    const idle = (await createSession(user.id)).cookieValue;
    await db.session.update({
      where: { id: sha256Hex(expired) },
      data: { expires: new Date(Date.now() - 1000) },
    });
    await setLastSeen(idle, 9 * 60 * MINUTE);
    expect(await purgeExpiredSessions()).toBeGreaterThanOrEqual(2);
    expect(await sessionRow(live)).not.toBeNull();
    expect(await sessionRow(expired)).toBeNull();
    expect(await sessionRow(idle)).toBeNull();
  });

  it("happens on a successful sign-in, at most every 10 minutes per process", async () => {
    const user = await createUser({ username: "ned", role: "viewer", password: PASSWORD });
    const signInNed = () =>
      signIn.POST(
        new Request("http://proxbox.local/api/auth/sign-in/", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "ned", password: PASSWORD }),
        }),
      );
    const staleSession = async () => {
      const cookie = (await createSession(user.id)).cookieValue;
      await setLastSeen(cookie, 24 * 60 * MINUTE);
      return cookie;
    };
    // Earlier sign-ins in this file purged already: the next purge is due 10 minutes later.
    const early = await staleSession();
    expect((await signInNed()).status).toBe(200);
    expect(await sessionRow(early)).not.toBeNull();

    const stale = await staleSession();
    const spent = await db.rateLimit.create({
      data: { key: "signin_c:192.0.2.200", points: 3, expire: new Date(Date.now() - 1000) },
    });
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 11 * MINUTE });
    try {
      expect((await signInNed()).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
    expect(await sessionRow(early)).toBeNull();
    expect(await sessionRow(stale)).toBeNull();
    expect(await db.rateLimit.findUnique({ where: { key: spent.key } })).toBeNull();
  });
});
