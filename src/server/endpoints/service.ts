import type { z } from "zod";
import type { ProxmoxEndpoint } from "@/generated/prisma/client";
import {
  type SecretBoundField,
  secretBoundChanges,
  secretRequiredMessage,
} from "@/lib/endpoint-secret-binding";
import { type Actor, recordObjectChanges, snapshot } from "@/server/changelog/service";
import { db } from "@/server/db/client";
import { parseEnv } from "@/server/env";
import { AppError, fromZodError } from "@/server/errors";
import {
  createProxmoxClient,
  formatFingerprint,
  type ProxmoxClient,
  type ProxmoxTls,
  tlsWarning,
} from "@/server/proxmox";
import { recomputeOverdue, recomputeStuck } from "@/server/replications/recovery";
import { decryptSecret, encryptSecret } from "@/server/secrets";
import { type ConnectionTest, probe } from "./probe";
import {
  checkModes,
  type EndpointCreateInput,
  type EndpointUpdateInput,
  endpointCreateInput,
  endpointFields,
  endpointUpdateInput,
} from "./schema";

// Proxmox endpoints: the only place that sees their secrets in clear, and only to build a client.

/** Everything about an endpoint that may leave the server. */
const publicSelect = {
  id: true,
  name: true,
  url: true,
  authMode: true,
  tokenId: true,
  username: true,
  tlsMode: true,
  fingerprint: true,
  caPem: true,
  connectTimeoutMs: true,
  requestTimeoutMs: true,
  enabled: true,
  overdueGraceFactor: true,
  stuckAfterSeconds: true,
  clusterName: true,
  pveVersion: true,
  timezone: true,
  warnings: true,
  lastSyncAt: true,
  created: true,
  lastUpdated: true,
  secretEncrypted: true, // only to compute hasSecret; stripped below
} as const;

type Selected = Pick<ProxmoxEndpoint, keyof typeof publicSelect>;

function toPublic({ secretEncrypted, ...e }: Selected) {
  return {
    ...e,
    hasSecret: secretEncrypted !== null,
    warnings: (e.warnings as string[]) ?? [],
    tlsWarning: tlsWarning(tlsOf(e)),
  };
}
export type EndpointView = ReturnType<typeof toPublic>;

function tlsOf(e: Pick<ProxmoxEndpoint, "tlsMode" | "caPem" | "fingerprint">): ProxmoxTls {
  switch (e.tlsMode) {
    case "ca":
      return { mode: "ca", caPem: e.caPem ?? "" };
    case "fingerprint":
      return { mode: "fingerprint", fingerprint: e.fingerprint ?? "" };
    case "insecure":
      return { mode: "insecure" };
    default:
      return { mode: "system" };
  }
}

export async function listEndpoints(): Promise<EndpointView[]> {
  const rows = await db.proxmoxEndpoint.findMany({ select: publicSelect, orderBy: { name: "asc" } });
  return rows.map(toPublic);
}

export async function getEndpoint(idOrName: number | string): Promise<EndpointView> {
  const row = await db.proxmoxEndpoint.findFirst({
    select: publicSelect,
    where: typeof idOrName === "number" ? { id: idOrName } : { name: idOrName },
  });
  if (!row) throw new AppError("NOT_FOUND", `endpoint ${idOrName} does not exist`);
  return toPublic(row);
}

function dataFor(v: Partial<z.output<typeof endpointFields>>) {
  const secret = v.authMode === "ticket" ? v.password : v.tokenSecret;
  return {
    name: v.name,
    url: v.url,
    authMode: v.authMode,
    tokenId: v.authMode === "ticket" ? null : v.tokenId,
    username: v.authMode === "token" ? null : v.username,
    ...(secret ? { secretEncrypted: encryptSecret(secret) } : {}),
    tlsMode: v.tlsMode,
    caPem: v.tlsMode === "ca" ? v.caPem : v.tlsMode ? null : undefined,
    fingerprint:
      v.tlsMode === "fingerprint" && v.fingerprint
        ? formatFingerprint(v.fingerprint)
        : v.tlsMode
          ? null
          : undefined,
    connectTimeoutMs: v.connectTimeoutMs,
    requestTimeoutMs: v.requestTimeoutMs,
    enabled: v.enabled,
    timezone: v.timezone,
    overdueGraceFactor: v.overdueGraceFactor,
    stuckAfterSeconds: v.stuckAfterSeconds,
  };
}

export async function createEndpoint(actor: Actor, input: EndpointCreateInput): Promise<EndpointView> {
  const parsed = endpointCreateInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  if (await db.proxmoxEndpoint.findUnique({ where: { name: parsed.data.name }, select: { id: true } })) {
    throw new AppError("BAD_REQUEST", `an endpoint named ${parsed.data.name} already exists`, {
      name: ["proxmox endpoint with this name already exists."],
    });
  }
  return db.$transaction(async (tx) => {
    const row = await tx.proxmoxEndpoint.create({
      data: dataFor(parsed.data) as never,
      select: publicSelect,
    });
    const view = toPublic(row);
    await recordObjectChanges(
      actor,
      [
        {
          action: "create",
          objectType: "proxbox.endpoint",
          objectId: row.id,
          objectRepr: row.name,
          pre: null,
          post: redacted(view),
        },
      ],
      tx,
    );
    return view;
  });
}

export async function updateEndpoint(
  actor: Actor,
  id: number,
  input: EndpointUpdateInput,
): Promise<EndpointView> {
  const before = await getEndpoint(id);
  const parsed = endpointUpdateInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  // Fields not sent keep their stored values; a secret is kept unless the auth mode changes.
  const keep = <T>(v: T | undefined, old: T | null) => v ?? old ?? undefined;
  const merged = {
    ...before,
    ...parsed.data,
    caPem: keep(parsed.data.caPem, before.caPem),
    fingerprint: keep(parsed.data.fingerprint, before.fingerprint),
    tokenId: keep(parsed.data.tokenId, before.tokenId),
    username: keep(parsed.data.username, before.username),
    timezone: keep(parsed.data.timezone, before.timezone),
  };
  // The stored secret stays only while it would go to the same server, trusted the same way, for the same
  // principal; otherwise the caller must type it again (see secret-binding).
  const changed = secretBoundChanges(before, merged);
  const secretKept = before.hasSecret && changed.length === 0;
  if (before.hasSecret && !secretKept) requireTypedSecret(merged, changed);
  const modeCheck = endpointUpdateInput
    .superRefine((v, ctx) => checkModes(v, ctx, { hasSecret: secretKept }))
    .safeParse(merged);
  if (!modeCheck.success) throw fromZodError(modeCheck.error);
  return db.$transaction(async (tx) => {
    const row = await tx.proxmoxEndpoint.update({
      where: { id },
      data: dataFor(merged) as never,
      select: publicSelect,
    });
    const after = toPublic(row);
    // The stored instants follow the settings at once (same transaction), not at the next sync.
    if (after.overdueGraceFactor !== before.overdueGraceFactor) await recomputeOverdue(tx, id);
    if (after.stuckAfterSeconds !== before.stuckAfterSeconds) await recomputeStuck(tx, id);
    await recordObjectChanges(
      actor,
      [
        {
          action: "update",
          objectType: "proxbox.endpoint",
          objectId: id,
          objectRepr: row.name,
          pre: redacted(before),
          post: redacted(after),
        },
      ],
      tx,
    );
    return after;
  });
}

export async function deleteEndpoint(actor: Actor, id: number): Promise<void> {
  const before = await getEndpoint(id);
  await db.$transaction(async (tx) => {
    await tx.proxmoxEndpoint.delete({ where: { id } });
    await recordObjectChanges(
      actor,
      [
        {
          action: "delete",
          objectType: "proxbox.endpoint",
          objectId: id,
          objectRepr: before.name,
          pre: redacted(before),
          post: null,
        },
      ],
      tx,
    );
  });
}

const secretField = (authMode: string | null | undefined) =>
  authMode === "ticket" ? "password" : "tokenSecret";

/** Fails with a field error on the secret when `v` changes a secret-bound setting and carries no secret. */
function requireTypedSecret(
  v: { authMode?: "token" | "ticket" | null; tokenSecret?: string; password?: string },
  changed: SecretBoundField[],
): void {
  const field = secretField(v.authMode);
  if (field === "password" ? v.password : v.tokenSecret) return;
  const message = secretRequiredMessage(changed, field === "password" ? "password" : "token secret");
  throw new AppError("BAD_REQUEST", message, { [field]: [message] });
}

function redacted(view: EndpointView) {
  const { tlsWarning: _w, ...rest } = view;
  return snapshot(rest as unknown as Record<string, unknown>);
}

type ConnectionSettings = Pick<
  ProxmoxEndpoint,
  | "url"
  | "authMode"
  | "tokenId"
  | "username"
  | "tlsMode"
  | "caPem"
  | "fingerprint"
  | "connectTimeoutMs"
  | "requestTimeoutMs"
>;

/** A client for connection settings (stored or typed) and their secret in clear. */
function clientFor(s: ConnectionSettings, secret: string): ProxmoxClient {
  return createProxmoxClient({
    baseUrl: s.url,
    auth:
      s.authMode === "ticket"
        ? { kind: "ticket", username: s.username ?? "", password: secret }
        : { kind: "token", tokenId: s.tokenId ?? "", secret },
    tls: tlsOf(s),
    connectTimeoutMs: s.connectTimeoutMs,
    requestTimeoutMs: s.requestTimeoutMs,
    maxResponseBytes: parseEnv().PROXBOX_PROXMOX_MAX_RESPONSE_MB * 1024 * 1024,
  });
}

/** A Proxmox client for a stored endpoint: the one place a stored secret is decrypted. */
export async function clientForEndpoint(id: number): Promise<ProxmoxClient> {
  const e = await db.proxmoxEndpoint.findUnique({ where: { id } });
  if (!e) throw new AppError("NOT_FOUND", `endpoint ${id} does not exist`);
  if (!e.secretEncrypted) throw new AppError("BAD_REQUEST", `endpoint ${e.name} has no credentials`);
  return clientFor(e, decryptSecret(e.secretEncrypted));
}

/** "Test connection" of a stored endpoint. */
export async function testEndpoint(id: number): Promise<ConnectionTest> {
  const endpoint = await getEndpoint(id);
  return probe(() => clientForEndpoint(id), endpoint.tlsWarning);
}

/**
 * "Test connection" of settings not saved yet (the add/edit form). For an existing endpoint, settings
 * not given — the secret included, unless the auth mode changes — are the stored ones.
 */
export async function testEndpointSettings(
  input: EndpointUpdateInput,
  existingId?: number,
): Promise<ConnectionTest> {
  const parsed = endpointUpdateInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const stored = existingId ? await db.proxmoxEndpoint.findUnique({ where: { id: existingId } }) : null;
  if (existingId && !stored) throw new AppError("NOT_FOUND", `endpoint ${existingId} does not exist`);
  const v = {
    ...(stored ?? {}),
    ...Object.fromEntries(Object.entries(parsed.data).filter(([, x]) => x !== undefined)),
  };
  const merged = endpointFields.safeParse({
    name: v.name ?? "test",
    url: v.url,
    authMode: v.authMode,
    tokenId: v.tokenId ?? undefined,
    username: v.username ?? undefined,
    tokenSecret: parsed.data.tokenSecret,
    password: parsed.data.password,
    tlsMode: v.tlsMode,
    caPem: v.caPem ?? undefined,
    fingerprint: v.fingerprint ?? undefined,
    connectTimeoutMs: v.connectTimeoutMs,
    requestTimeoutMs: v.requestTimeoutMs,
  });
  if (!merged.success) throw fromZodError(merged.error);
  const s = merged.data;
  const given = s.authMode === "ticket" ? s.password : s.tokenSecret;
  // The stored secret is used only for exactly the stored server, TLS trust and principal: a test against
  // a changed URL or TLS setting must never carry it there.
  const changed = stored ? secretBoundChanges(stored, s) : [];
  const storedSecret = stored?.secretEncrypted && changed.length === 0 ? stored.secretEncrypted : null;
  if (!given && !storedSecret) {
    if (stored?.secretEncrypted) requireTypedSecret(s, changed);
    throw new AppError("BAD_REQUEST", "a secret is needed to test", {
      [secretField(s.authMode)]: ["This field is required."],
    });
  }
  const secret = given ?? decryptSecret(storedSecret as string);
  const settings = {
    ...s,
    tokenId: s.tokenId ?? null,
    username: s.username ?? null,
    caPem: s.caPem ?? null,
    fingerprint: s.fingerprint ?? null,
  };
  return probe(async () => clientFor(settings, secret), tlsWarning(tlsOf(settings)));
}

export type { ConnectionTest };
