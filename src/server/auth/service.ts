import { randomBytes } from "node:crypto";
import { type Actor, recordObjectChanges } from "@/server/changelog/service";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { burnPasswordCheck, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./password";
import type { AuthUser, Role } from "./roles";
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

export async function setPassword(username: string, password: string): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError("BAD_REQUEST", `the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const result = await db.user.updateMany({
    where: { username },
    data: { passwordHash: await hashPassword(password) },
  });
  if (result.count === 0) throw new AppError("NOT_FOUND", `user ${username} does not exist`);
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

/** Sign-in: the user when the password matches an active account, else null (same timing either way). */
export async function authenticatePassword(username: string, password: string): Promise<AuthUser | null> {
  const user = await db.user.findUnique({
    where: { username },
    select: { id: true, username: true, role: true, isActive: true, passwordHash: true },
  });
  if (!user?.passwordHash) {
    await burnPasswordCheck(password);
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash)) || !user.isActive) return null;
  await db.user.update({ where: { id: user.id }, data: { lastLogin: new Date() } });
  return { id: user.id, username: user.username, role: user.role };
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

export async function userForSession(cookieValue: string | undefined): Promise<AuthUser | null> {
  if (!cookieValue || cookieValue.length > 200) return null;
  const session = await db.session.findUnique({
    where: { id: sha256Hex(cookieValue) },
    select: { expires: true, user: { select: { id: true, username: true, role: true, isActive: true } } },
  });
  if (!session || session.expires <= new Date() || !session.user.isActive) return null;
  const { id, username, role } = session.user;
  return { id, username, role };
}

export async function deleteSession(cookieValue: string | undefined): Promise<void> {
  if (!cookieValue) return;
  await db.session.deleteMany({ where: { id: sha256Hex(cookieValue) } });
}
