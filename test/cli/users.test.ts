import { beforeAll, describe, expect, it } from "vitest";
import { createSession, createUser, userForSession } from "@/server/auth/service";
import { db } from "@/server/db/client";
import { setupTestDatabase } from "../helpers/db";
import { runCli } from "./run-cli";

// `proxbox user …` and `proxbox session …` as an administrator types them: each prints what it did,
// and an unknown user or role is a clear error with a non-zero exit that changes nothing.

const databaseUrl = setupTestDatabase();
const env = () => ({
  DATABASE_URL: databaseUrl(),
  PROXBOX_SECRET_KEY: "ab".repeat(32),
  PROXBOX_LOG_LEVEL: "warn",
});
const cli = (...args: string[]) => runCli(args, { env: env() });

beforeAll(async () => {
  await createUser({ username: "olga", role: "viewer", password: "olga's old password" });
  await createUser({ username: "pete", role: "operator", password: "pete's old password" });
});

async function sessionFor(username: string): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { username } });
  return (await createSession(user.id)).cookieValue;
}

describe("proxbox user", () => {
  it("lists users as a table and as JSON", async () => {
    const table = await cli("user", "list");
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+USERNAME\s+ROLE\s+ACTIVE\s+LAST LOGIN/);
    expect(table.stdout).toMatch(/\bolga\s+viewer\s+yes\b/);
    const json = await cli("--json", "user", "list");
    expect(json.code).toBe(0);
    const users = JSON.parse(json.stdout) as Array<{ username: string; role: string; isActive: boolean }>;
    expect(users.map((u) => [u.username, u.role, u.isActive])).toEqual([
      ["olga", "viewer", true],
      ["pete", "operator", true],
    ]);
    expect(json.stdout).not.toMatch(/password/i);
  }, 60_000);

  it("set-role changes the role; an unknown role or user fails and changes nothing", async () => {
    const ok = await cli("user", "set-role", "olga", "operator");
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.trim()).toBe("olga is now operator");
    const badRole = await cli("user", "set-role", "olga", "root");
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('error: the role must be one of viewer, operator, admin (got "root")');
    const badUser = await cli("user", "set-role", "nobody", "admin");
    expect(badUser.code).toBe(1);
    expect(badUser.stderr).toContain("error: user nobody does not exist");
    expect((await db.user.findUniqueOrThrow({ where: { username: "olga" } })).role).toBe("operator");
    const change = await db.objectChange.findFirstOrThrow({ where: { changedObjectType: "users.user" } });
    expect(change).toMatchObject({
      action: "update",
      objectRepr: "olga",
      userName: expect.stringMatching(/^cli:/),
    });
  }, 60_000);

  it("set-password ends all the user's sessions", async () => {
    const cookie = await sessionFor("pete");
    const res = await cli("user", "set-password", "pete", "--password", "pete's new password");
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe("password of pete changed\n1 session ended\n");
    expect(await userForSession(cookie)).toBeNull();
    const unknown = await cli("user", "set-password", "nobody", "--password", "long enough password");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("error: user nobody does not exist");
  }, 60_000);

  it("deactivate signs the user out everywhere; activate lets them back in", async () => {
    const cookie = await sessionFor("olga");
    const off = await cli("user", "deactivate", "olga");
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout.trim()).toBe("olga deactivated; 1 session ended");
    expect(await userForSession(cookie)).toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { username: "olga" } })).isActive).toBe(false);
    const on = await cli("--json", "user", "activate", "olga");
    expect(on.code, on.stderr).toBe(0);
    expect(JSON.parse(on.stdout)).toMatchObject({ username: "olga", isActive: true });
    const unknown = await cli("user", "deactivate", "nobody");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("error: user nobody does not exist");
  }, 60_000);

  it("delete removes the user but keeps their change-log entries under their name", async () => {
    const quinn = await createUser({ username: "quinn", role: "admin" });
    await db.objectChange.create({
      data: {
        userId: quinn.id,
        userName: "quinn",
        requestId: crypto.randomUUID(),
        action: "create",
        changedObjectType: "proxbox.syncschedule",
        changedObjectId: 7,
        objectRepr: "quinn's schedule",
      },
    });
    const res = await cli("user", "delete", "quinn");
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("deleted user quinn");
    expect(await db.user.findUnique({ where: { username: "quinn" } })).toBeNull();
    expect(
      await db.objectChange.findFirstOrThrow({ where: { objectRepr: "quinn's schedule" } }),
    ).toMatchObject({
      userId: null,
      userName: "quinn",
    });
    const again = await cli("user", "delete", "quinn");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("error: user quinn does not exist");
  }, 60_000);
});

describe("proxbox session", () => {
  it("lists and revokes a user's sessions", async () => {
    const one = await sessionFor("pete");
    await sessionFor("pete");
    const other = await sessionFor("olga");
    const list = await cli("--json", "session", "list", "--user", "pete");
    expect(list.code, list.stderr).toBe(0);
    const sessions = JSON.parse(list.stdout) as Array<{ user: { username: string } }>;
    expect(sessions.map((s) => s.user.username)).toEqual(["pete", "pete"]);
    expect(list.stdout).not.toContain(one);
    const revoke = await cli("session", "revoke", "--user", "pete");
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.stdout.trim()).toBe("2 sessions of pete ended");
    expect(await userForSession(one)).toBeNull();
    expect(await userForSession(other)).not.toBeNull();
    const unknown = await cli("session", "revoke", "--user", "nobody");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("error: user nobody does not exist");
  }, 60_000);

  it("purges expired and idle sessions", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { username: "olga" } });
    await db.session.create({
      data: { id: "expired-session-hash", userId: user.id, expires: new Date(Date.now() - 1000) },
    });
    const res = await cli("--json", "session", "purge");
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).sessions).toBeGreaterThanOrEqual(1);
    expect(await db.session.findUnique({ where: { id: "expired-session-hash" } })).toBeNull();
  }, 60_000);
});
