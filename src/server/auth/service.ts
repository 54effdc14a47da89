import { randomBytes } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { type Actor, recordObjectChanges } from "@/server/changelog/service";
import { db } from "@/server/db/client";
import { readRows } from "@/server/db/reader";
import { AppError } from "@/server/errors";
import { burnPasswordCheck, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./password";
import { type AuthUser, isRole, ROLES, type Role } from "./roles";
import { authSettings } from "./settings";
import { newToken, sha256Hex } from "./tokens";

// Users, API tokens and browser sessions. Secrets (passwords, token secrets, session ids) are stored
// only as hashes; plaintexts are returned once, to the caller that created them.

const userSelect = {
  id: true,
  username: true,
  role: true,
  isActive: true,
  created: true,
  lastLogin: true,
} as const;

export const USERNAME_PATTERN = /^[A-Za-z0-9_.@+-]{1,150}$/;

export interface CreateUserInput {
  username: string;
  role: Role;
  /** Omitted: the user can only use API tokens until a password is set. */
  password?: string;
}

export async function createUser(input: CreateUserInput, actor?: Actor) {
  if (!USERNAME_PATTERN.test(input.username)) {
    throw new AppError("BAD_REQUEST", "invalid username", {
      username: [
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
      ],
    });
  }
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError("BAD_REQUEST", "password too short", {
      password: [`This password is too short. It must contain at least ${MIN_PASSWORD_LENGTH} characters.`],
    });
  }
  if (await db.user.findUnique({ where: { username: input.username }, select: { id: true } })) {
    throw new AppError("BAD_REQUEST", `user ${input.username} already exists`, {
      username: ["A user with that username already exists."],
    });
  }
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { username: input.username, role: input.role, passwordHash },
      select: userSelect,
    });
    if (actor) {
      const post = { id: user.id, username: user.username, role: user.role, is_active: user.isActive };
      await recordObjectChanges(
        actor,
        [
          {
            action: "create",
            objectType: "users.user",
            objectId: user.id,
            objectRepr: user.username,
            pre: null,
            post,
          },
        ],
        tx,
      );
    }
    return user;
  });
}

/**
 * Sets a user's password and ends their sessions — all of them, or all but `keepSession` (the
 * cookie value of the session that made the change, when a signed-in user changes their own).
 */
export async function setPassword(
  username: string,
  password: string,
  opts: { keepSession?: string } = {},
): Promise<{ sessionsEnded: number }> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError("BAD_REQUEST", `the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const user = await requireUserByName(username);
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const keep = opts.keepSession ? sha256Hex(opts.keepSession) : undefined;
    const { count } = await tx.session.deleteMany({
      where: { userId: user.id, ...(keep ? { id: { not: keep } } : {}) },
    });
    return { sessionsEnded: count };
  });
}

async function requireUserByName(username: string) {
  const user = await db.user.findUnique({ where: { username }, select: userSelect });
  if (!user) throw new AppError("NOT_FOUND", `user ${username} does not exist`);
  return user;
}

const userSnapshot = (u: { id: number; username: string; role: Role; isActive: boolean }) => ({
  id: u.id,
  username: u.username,
  role: u.role,
  is_active: u.isActive,
});

async function updateUser(
  username: string,
  data: { role?: Role; isActive?: boolean },
  actor?: Actor,
): Promise<{ user: Awaited<ReturnType<typeof requireUserByName>>; sessionsEnded: number }> {
  const before = await requireUserByName(username);
  return db.$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: before.id }, data, select: userSelect });
    // A deactivated user is signed out everywhere at once (their API tokens are refused as inactive).
    const { count } =
      data.isActive === false ? await tx.session.deleteMany({ where: { userId: user.id } }) : { count: 0 };
    if (actor) {
      await recordObjectChanges(
        actor,
        [
          {
            action: "update",
            objectType: "users.user",
            objectId: user.id,
            objectRepr: user.username,
            pre: userSnapshot(before),
            post: userSnapshot(user),
          },
        ],
        tx,
      );
    }
    return { user, sessionsEnded: count };
  });
}

export async function setUserRole(username: string, role: string, actor?: Actor) {
  if (!isRole(role)) {
    throw new AppError("BAD_REQUEST", `unknown role ${role}: use one of ${ROLES.join(", ")}`, {
      role: [`"${role}" is not a valid choice.`],
    });
  }
  return updateUser(username, { role }, actor);
}

/** Deactivating ends every session of the user; their tokens stop working (User inactive). */
export async function setUserActive(username: string, active: boolean, actor?: Actor) {
  return updateUser(username, { isActive: active }, actor);
}

/**
 * Deletes a user with their sessions and tokens. Their change-log entries stay: the link becomes
 * null (ObjectChange.user onDelete: SetNull) and user_name keeps the name, as NetBox does.
 */
export async function deleteUser(
  username: string,
  actor?: Actor,
): Promise<{ id: number; username: string; sessionsEnded: number; tokensDeleted: number }> {
  const user = await requireUserByName(username);
  return db.$transaction(async (tx) => {
    const sessions = await tx.session.count({ where: { userId: user.id } });
    const tokens = await tx.apiToken.count({ where: { userId: user.id } });
    await tx.user.delete({ where: { id: user.id } });
    if (actor) {
      await recordObjectChanges(
        actor,
        [
          {
            action: "delete",
            objectType: "users.user",
            objectId: user.id,
            objectRepr: user.username,
            pre: userSnapshot(user),
            post: null,
          },
        ],
        tx,
      );
    }
    return { id: user.id, username: user.username, sessionsEnded: sessions, tokensDeleted: tokens };
  });
}

export async function listUsers() {
  return db.user.findMany({ select: userSelect, orderBy: { username: "asc" } });
}

export async function countUsers(): Promise<number> {
  return db.user.count();
}

export async function findUserByName(username: string) {
  return db.user.findUnique({ where: { username }, select: userSelect });
}

export type PasswordCheck =
  | { user: AuthUser; userId: number }
  /** userId: the account the name belongs to, if any (for the log — never the typed name). */
  | { user: null; userId: number | null };

/**
 * Sign-in: the user when the password matches an active account (same timing either way). Throws
 * PasswordCheckBusyError when too many password checks are already running or waiting.
 */
export async function authenticatePassword(username: string, password: string): Promise<PasswordCheck> {
  const user = await db.user.findUnique({
    where: { username },
    select: { id: true, username: true, role: true, isActive: true, passwordHash: true },
  });
  if (!user?.passwordHash) {
    await burnPasswordCheck(password);
    return { user: null, userId: user?.id ?? null };
  }
  if (!(await verifyPassword(password, user.passwordHash)) || !user.isActive) {
    return { user: null, userId: user.id };
  }
  await db.user.update({ where: { id: user.id }, data: { lastLogin: new Date() } });
  return { user: { id: user.id, username: user.username, role: user.role }, userId: user.id };
}

export interface CreateTokenInput {
  userId: number;
  write?: boolean;
  expires?: Date | null;
  description?: string;
}

export interface CreatedToken {
  id: number;
  key: string;
  writeEnabled: boolean;
  expires: Date | null;
  /** The value after `Authorization: Token ` (NetBox v1). Shown once. */
  v1: string;
  /** The value after `Authorization: Bearer `, starting with nbt_ (NetBox v2). Shown once. */
  v2: string;
  /** Same as v2. */
  plaintext: string;
}

export async function createApiToken(input: CreateTokenInput): Promise<CreatedToken> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const value = newToken();
    if (await db.apiToken.findUnique({ where: { key: value.key }, select: { id: true } })) continue;
    const row = await db.apiToken.create({
      data: {
        userId: input.userId,
        key: value.key,
        tokenHash: value.tokenHash,
        version: 2,
        writeEnabled: input.write ?? false,
        expires: input.expires ?? null,
        description: input.description ?? "",
      },
    });
    return {
      id: row.id,
      key: row.key,
      writeEnabled: row.writeEnabled,
      expires: row.expires,
      v1: value.v1,
      v2: value.v2,
      plaintext: value.v2,
    };
  }
  throw new Error("could not generate a unique token key");
}

export async function revokeApiToken(id: number): Promise<void> {
  const result = await db.apiToken.updateMany({ where: { id }, data: { revoked: true } });
  if (result.count === 0) throw new AppError("NOT_FOUND", `token ${id} does not exist`);
}

export async function listApiTokens(userId?: number) {
  return db.apiToken.findMany({
    where: userId === undefined ? {} : { userId },
    select: {
      id: true,
      key: true,
      version: true,
      writeEnabled: true,
      description: true,
      expires: true,
      lastUsed: true,
      revoked: true,
      created: true,
      user: { select: { id: true, username: true } },
    },
    orderBy: { id: "asc" },
  });
}

// Sessions: the cookie carries a random id; the table holds its SHA-256, so a database dump holds no
// usable session.
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000; // Django's SESSION_COOKIE_AGE

export async function createSession(userId: number): Promise<{ cookieValue: string; expires: Date }> {
  const cookieValue = randomBytes(32).toString("base64url");
  const expires = new Date(Date.now() + SESSION_TTL_MS);
  await db.session.create({ data: { id: sha256Hex(cookieValue), userId, expires } });
  return { cookieValue, expires };
}

/** NetBox's last_used resolution: a busy browser writes last_seen at most once a minute. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export async function userForSession(cookieValue: string | undefined): Promise<AuthUser | null> {
  if (!cookieValue || cookieValue.length > 200) return null;
  const id = sha256Hex(cookieValue);
  // One joined statement rather than findUnique with a nested select (Prisma's relation loading cost
  // ~4 ms of CPU per page or tRPC call under load; see src/server/auth/request.ts).
  const [session] = await readRows<{
    expires: Date;
    lastSeen: Date;
    userId: number;
    username: string;
    role: Role;
    isActive: boolean;
  }>(Prisma.sql`SELECT s.expires, s.last_seen AS "lastSeen", u.id AS "userId", u.username, u.role::text AS role,
      u.is_active AS "isActive"
    FROM session s JOIN "user" u ON u.id = s.user_id WHERE s.id = ${id}`);
  if (!session?.isActive) return null;
  const now = Date.now();
  const idleMs = authSettings().sessionIdleMinutes * 60_000;
  if (session.expires.getTime() <= now || session.lastSeen.getTime() + idleMs <= now) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  if (now - session.lastSeen.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.session.updateMany({ where: { id }, data: { lastSeen: new Date(now) } });
  }
  const { userId, username, role } = session;
  return { id: userId, username, role };
}

export async function deleteSession(cookieValue: string | undefined): Promise<void> {
  if (!cookieValue) return;
  await db.session.deleteMany({ where: { id: sha256Hex(cookieValue) } });
}

/** Ends every session of a user (`proxbox session revoke --user`). */
export async function revokeUserSessions(
  username: string,
): Promise<{ userId: number; sessionsEnded: number }> {
  const user = await requireUserByName(username);
  const { count } = await db.session.deleteMany({ where: { userId: user.id } });
  return { userId: user.id, sessionsEnded: count };
}

/** Live sessions (never their ids: the table holds hashes, and even those stay in the database). */
export async function listSessions(username?: string) {
  const user = username === undefined ? undefined : await requireUserByName(username);
  const now = new Date();
  const idleSince = new Date(now.getTime() - authSettings().sessionIdleMinutes * 60_000);
  const sessions = await db.session.findMany({
    where: { ...(user ? { userId: user.id } : {}), expires: { gt: now }, lastSeen: { gt: idleSince } },
    select: { created: true, lastSeen: true, expires: true, user: { select: { id: true, username: true } } },
    orderBy: [{ userId: "asc" }, { created: "asc" }],
  });
  return sessions.map((s) => ({
    user: s.user,
    created: s.created,
    lastSeen: s.lastSeen,
    idleExpires: new Date(s.lastSeen.getTime() + authSettings().sessionIdleMinutes * 60_000),
    expires: s.expires,
  }));
}

/** Deletes sessions past their absolute expiry or idle for longer than PROXBOX_SESSION_IDLE_MINUTES. */
export async function purgeExpiredSessions(now = new Date()): Promise<number> {
  const idleSince = new Date(now.getTime() - authSettings().sessionIdleMinutes * 60_000);
  const { count } = await db.session.deleteMany({
    where: { OR: [{ expires: { lte: now } }, { lastSeen: { lte: idleSince } }] },
  });
  return count;
}
