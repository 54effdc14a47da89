import type { AlertDestination, AlertRule, Prisma } from "@/generated/prisma/client";
import { secretBoundChanges, secretRequiredMessage } from "@/lib/endpoint-secret-binding";
import { type Actor, recordObjectChanges, snapshot } from "@/server/changelog/service";
import { db } from "@/server/db/client";
import { parseEnv } from "@/server/env";
import { AppError, fromZodError } from "@/server/errors";
import { formatFingerprint } from "@/server/proxmox";
import { encryptSecret } from "@/server/secrets";
import { ruleScopeSql } from "./rule-filter";
import {
  type DeliveryQuery,
  type DestinationCreateInput,
  type DestinationInput,
  deliveryQuery,
  destinationCreateInput,
  destinationInput,
  EMAIL_ONLY,
  parseSmtpUrl,
  type RuleCreateInput,
  type RuleInput,
  ruleCreateInput,
  ruleInput,
  WEBHOOK_ONLY,
} from "./schema";
import { sendTestAlert } from "./senders";

// Alert destinations and rules (issue 14): the only code that writes them, and the only place their
// secrets are encrypted. Nothing here decrypts: the senders do, at send time. What leaves the server is
// destinationView / ruleView, never a row.

// ——— destinations ———

/** Everything about a destination that may leave the server (UI, REST, CLI --json, change log). */
export function destinationView(d: AlertDestination) {
  return {
    id: d.id,
    name: d.name,
    kind: d.kind,
    description: d.description,
    url: d.url,
    headerNames: d.headerNames,
    hasSecret: d.secretEncrypted !== null,
    tlsMode: d.tlsMode,
    caPem: d.caPem,
    fingerprint: d.fingerprint,
    timeoutMs: d.timeoutMs,
    emailTo: d.emailTo,
    emailFrom: d.emailFrom,
    // Stored without its password (see parseSmtpUrl).
    smtpUrl: d.smtpUrl,
    hasSmtpPassword: d.smtpPasswordEncrypted !== null,
    created: d.created,
    lastUpdated: d.lastUpdated,
  };
}
export type DestinationView = ReturnType<typeof destinationView>;

export async function listDestinations(): Promise<DestinationView[]> {
  const rows = await db.alertDestination.findMany({ orderBy: { name: "asc" } });
  return rows.map(destinationView);
}

/** The stored row, encrypted secrets included: for the senders and this service only. */
export async function loadDestination(idOrName: number | string): Promise<AlertDestination> {
  const row = await db.alertDestination.findFirst({
    where: typeof idOrName === "number" ? { id: idOrName } : { name: idOrName },
  });
  if (!row) throw new AppError("NOT_FOUND", `alert destination ${idOrName} does not exist`);
  return row;
}

export async function getDestination(idOrName: number | string): Promise<DestinationView> {
  return destinationView(await loadDestination(idOrName));
}

const badField = (field: string, message: string) =>
  new AppError("BAD_REQUEST", `${field}: ${message}`, { [field]: [message] });

function defaultSender(): string {
  const url = parseEnv().PROXBOX_PUBLIC_URL;
  return `proxbox@${url ? new URL(url).hostname : "localhost"}`;
}

type DestinationData = Omit<AlertDestination, "id" | "created" | "lastUpdated">;

/**
 * The row a destination becomes: `v` over what is stored (`before`, null on create). Secrets are kept
 * when not given, except where they would go somewhere new: custom header values are sent verbatim to the
 * webhook and the SMTP password to the mail server, so (as for endpoint secrets) changing where they go
 * requires typing them again. The webhook secret is only an HMAC key, never sent, so it stays.
 */
function destinationData(v: DestinationInput, before: AlertDestination | null): DestinationData {
  const kind = v.kind ?? before?.kind ?? "webhook";
  const other = kind === "webhook" ? EMAIL_ONLY : WEBHOOK_ONLY;
  // null (cleared) is accepted from a form that sends every field; a value is a mistake worth naming.
  for (const field of other) {
    const value = v[field];
    if (value !== undefined && value !== null && !(field === "tlsMode" && value === "system"))
      throw badField(field, `not used by ${kind} destinations`);
  }
  const same = before?.kind === kind ? before : null;
  const base = {
    name: v.name ?? before?.name ?? "",
    kind,
    description: v.description ?? before?.description ?? "",
    timeoutMs: v.timeoutMs ?? before?.timeoutMs ?? 10_000,
  };
  const none = {
    url: null,
    secretEncrypted: null,
    headerNames: [],
    headersEncrypted: null,
    tlsMode: "system" as const,
    caPem: null,
    fingerprint: null,
    emailTo: [],
    emailFrom: null,
    smtpUrl: null,
    smtpPasswordEncrypted: null,
  };
  if (kind === "webhook") {
    const url = v.url ?? same?.url;
    if (!url) throw badField("url", "This field is required.");
    const tlsMode = v.tlsMode ?? same?.tlsMode ?? "system";
    const caPem = tlsMode === "ca" ? (v.caPem ?? same?.caPem ?? null) : null;
    const fingerprint = tlsMode === "fingerprint" ? (v.fingerprint ?? same?.fingerprint ?? null) : null;
    if (tlsMode === "ca" && !caPem) throw badField("caPem", "required when TLS mode is a custom CA");
    if (tlsMode === "fingerprint" && !fingerprint)
      throw badField("fingerprint", "required when TLS mode is a fingerprint pin");
    let headerNames = same?.headerNames ?? [];
    let headersEncrypted = same?.headersEncrypted ?? null;
    if (v.headers !== undefined) {
      headerNames = Object.keys(v.headers);
      headersEncrypted = headerNames.length > 0 ? encryptSecret(JSON.stringify(v.headers)) : null;
    } else if (same && headersEncrypted) {
      const changed = secretBoundChanges(same, { url, tlsMode, caPem, fingerprint });
      if (changed.length > 0) throw badField("headers", secretRequiredMessage(changed, "header values"));
    }
    let secretEncrypted = same?.secretEncrypted ?? null;
    if (v.secret !== undefined) secretEncrypted = v.secret === null ? null : encryptSecret(v.secret);
    return {
      ...none,
      ...base,
      url,
      secretEncrypted,
      headerNames,
      headersEncrypted,
      tlsMode,
      caPem,
      fingerprint: fingerprint ? formatFingerprint(fingerprint) : null,
    };
  }
  const emailTo = v.emailTo ?? same?.emailTo ?? [];
  if (emailTo.length === 0) throw badField("emailTo", "give at least one recipient");
  const parsedUrl = v.smtpUrl !== undefined ? parseSmtpUrl(v.smtpUrl) : null;
  const smtpUrl = parsedUrl?.url ?? same?.smtpUrl;
  if (!smtpUrl) throw badField("smtpUrl", "This field is required.");
  if (parsedUrl?.password && v.smtpPassword !== undefined)
    throw badField("smtpPassword", "give the password either in smtpUrl or as smtpPassword, not both");
  const given = parsedUrl?.password ?? v.smtpPassword;
  const hasUser = new URL(smtpUrl).username !== "";
  let smtpPasswordEncrypted: string | null;
  if (given !== undefined && given !== null) {
    if (!hasUser)
      throw badField("smtpPassword", "a password needs a user name in smtpUrl (smtp://user@host)");
    smtpPasswordEncrypted = encryptSecret(given);
  } else if (given === null || !hasUser) {
    smtpPasswordEncrypted = null;
  } else {
    smtpPasswordEncrypted = same?.smtpPasswordEncrypted ?? null;
    // The stored password only goes to the server and user it was saved for.
    if (smtpPasswordEncrypted && same?.smtpUrl !== smtpUrl)
      throw badField(
        "smtpPassword",
        "The SMTP password is required again because the SMTP URL changed: a stored password is only sent to the server and user it was saved for.",
      );
  }
  return {
    ...none,
    ...base,
    emailTo,
    emailFrom: v.emailFrom ?? same?.emailFrom ?? defaultSender(),
    smtpUrl,
    smtpPasswordEncrypted,
  };
}

async function assertDestinationNameFree(name: string, exceptId?: number) {
  const other = await db.alertDestination.findUnique({ where: { name }, select: { id: true } });
  if (other && other.id !== exceptId) {
    throw new AppError("BAD_REQUEST", `an alert destination named ${name} already exists`, {
      name: ["alert destination with this name already exists."],
    });
  }
}

const destinationSnapshot = (d: AlertDestination) => snapshot(destinationView(d));

export async function createDestination(
  actor: Actor,
  input: DestinationCreateInput,
): Promise<DestinationView> {
  const parsed = destinationCreateInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const data = destinationData(parsed.data, null);
  await assertDestinationNameFree(data.name);
  return db.$transaction(async (tx) => {
    const row = await tx.alertDestination.create({ data });
    await recordObjectChanges(
      actor,
      [
        {
          action: "create",
          objectType: "proxbox.alertdestination",
          objectId: row.id,
          objectRepr: row.name,
          pre: null,
          post: destinationSnapshot(row),
        },
      ],
      tx,
    );
    return destinationView(row);
  });
}

export async function updateDestination(
  actor: Actor,
  id: number,
  input: DestinationInput,
): Promise<DestinationView> {
  const before = await loadDestination(id);
  const parsed = destinationInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const data = destinationData(parsed.data, before);
  await assertDestinationNameFree(data.name, id);
  return db.$transaction(async (tx) => {
    const row = await tx.alertDestination.update({
      where: { id },
      data: { ...data, lastUpdated: new Date() },
    });
    await recordObjectChanges(
      actor,
      [
        {
          action: "update",
          objectType: "proxbox.alertdestination",
          objectId: id,
          objectRepr: row.name,
          pre: destinationSnapshot(before),
          post: destinationSnapshot(row),
        },
      ],
      tx,
    );
    return destinationView(row);
  });
}

export async function deleteDestination(actor: Actor, id: number): Promise<void> {
  const before = await loadDestination(id);
  // A rule left without destinations would match and tell no one: refuse, as NetBox refuses to delete
  // a protected object.
  const orphaned = await db.alertRule.findMany({
    where: {
      destinations: { some: { destinationId: id }, every: { destinationId: id } },
    },
    select: { name: true },
    orderBy: { name: "asc" },
  });
  if (orphaned.length > 0) {
    throw new AppError(
      "CONFLICT",
      `alert destination ${before.name} is the only destination of ${orphaned.map((r) => r.name).join(", ")}: give those rules another destination or delete them first`,
    );
  }
  await db.$transaction(async (tx) => {
    await tx.alertDestination.delete({ where: { id } });
    await recordObjectChanges(
      actor,
      [
        {
          action: "delete",
          objectType: "proxbox.alertdestination",
          objectId: id,
          objectRepr: before.name,
          pre: destinationSnapshot(before),
          post: null,
        },
      ],
      tx,
    );
  });
}

/** "Send test": one test message through the destination, reporting success or the exact failure. */
export async function testDestination(id: number): Promise<{ ok: boolean; detail: string }> {
  return sendTestAlert(await loadDestination(id));
}

// ——— rules ———

const ruleInclude = {
  destinations: { include: { destination: { select: { id: true, name: true, kind: true } } } },
} as const;
type RuleWithDestinations = Prisma.AlertRuleGetPayload<{ include: typeof ruleInclude }>;
export type RuleRow = RuleWithDestinations & { endpoints: { id: number; name: string }[] };

export function ruleView(r: RuleRow) {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    enabled: r.enabled,
    transitions: r.transitions,
    endpointIds: r.endpointIds,
    endpoints: r.endpoints,
    filter: r.filter,
    digestSeconds: r.digestSeconds,
    destinations: r.destinations.map((d) => d.destination).sort((a, b) => a.name.localeCompare(b.name)),
    created: r.created,
    lastUpdated: r.lastUpdated,
  };
}
export type RuleView = ReturnType<typeof ruleView>;

/** Rules with their destinations and endpoint names, in `rows`' order. */
async function withEndpoints(rows: RuleWithDestinations[]): Promise<RuleRow[]> {
  const ids = [...new Set(rows.flatMap((r) => r.endpointIds))];
  const endpoints = await db.proxmoxEndpoint.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true },
  });
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  return rows.map((r) => ({ ...r, endpoints: r.endpointIds.flatMap((id) => byId.get(id) ?? []) }));
}

export async function loadRules(where: Prisma.AlertRuleWhereInput = {}): Promise<RuleRow[]> {
  const rows = await db.alertRule.findMany({ where, include: ruleInclude, orderBy: { name: "asc" } });
  return withEndpoints(rows);
}

export async function listRules(): Promise<RuleView[]> {
  return (await loadRules()).map(ruleView);
}

async function loadRule(idOrName: number | string): Promise<RuleRow> {
  const [row] = await loadRules(typeof idOrName === "number" ? { id: idOrName } : { name: idOrName });
  if (!row) throw new AppError("NOT_FOUND", `alert rule ${idOrName} does not exist`);
  return row;
}

export async function getRule(idOrName: number | string): Promise<RuleView> {
  return ruleView(await loadRule(idOrName));
}

/** The change log's shape: scalars and ids, no nesting (see snapshot). */
function ruleSnapshot(r: RuleRow) {
  const { endpoints: _e, destinations, ...rest } = ruleView(r);
  return snapshot({ ...rest, destinationIds: destinations.map((d) => d.id) });
}

type RuleData = Omit<AlertRule, "id" | "created" | "lastUpdated"> & { destinationIds: number[] };

async function checkRule(v: RuleData): Promise<void> {
  const errors: Record<string, string[]> = {};
  const endpoints = await db.proxmoxEndpoint.findMany({
    where: { id: { in: v.endpointIds } },
    select: { id: true },
  });
  const missingEndpoints = v.endpointIds.filter((id) => !endpoints.some((e) => e.id === id));
  if (missingEndpoints.length > 0)
    errors.endpointIds = missingEndpoints.map((id) => `endpoint ${id} does not exist`);
  const destinations = await db.alertDestination.findMany({
    where: { id: { in: v.destinationIds } },
    select: { id: true },
  });
  const missing = v.destinationIds.filter((id) => !destinations.some((d) => d.id === id));
  if (missing.length > 0)
    errors.destinationIds = missing.map((id) => `alert destination ${id} does not exist`);
  if (Object.keys(errors).length > 0) {
    const summary = Object.entries(errors)
      .map(([k, m]) => `${k}: ${m.join(", ")}`)
      .join("; ");
    throw new AppError("BAD_REQUEST", summary, errors);
  }
  // Throws a 400 naming the parameter (unknown filter, bad value).
  await ruleScopeSql({ filter: v.filter, endpointIds: v.endpointIds });
}

async function assertRuleNameFree(name: string, exceptId?: number) {
  const other = await db.alertRule.findUnique({ where: { name }, select: { id: true } });
  if (other && other.id !== exceptId) {
    throw new AppError("BAD_REQUEST", `an alert rule named ${name} already exists`, {
      name: ["alert rule with this name already exists."],
    });
  }
}

export async function createRule(actor: Actor, input: RuleCreateInput): Promise<RuleView> {
  const parsed = ruleCreateInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const p = parsed.data;
  const v: RuleData = {
    name: p.name,
    description: p.description ?? "",
    enabled: p.enabled ?? true,
    transitions: p.transitions,
    endpointIds: [...new Set(p.endpointIds ?? [])],
    filter: p.filter ?? "",
    digestSeconds: p.digestSeconds ?? 0,
    destinationIds: [...new Set(p.destinationIds)],
  };
  await assertRuleNameFree(v.name);
  await checkRule(v);
  const { destinationIds, ...data } = v;
  const id = await db.$transaction(async (tx) => {
    const row = await tx.alertRule.create({
      data: { ...data, destinations: { create: destinationIds.map((destinationId) => ({ destinationId })) } },
    });
    const [full] = await withEndpoints([
      await tx.alertRule.findUniqueOrThrow({ where: { id: row.id }, include: ruleInclude }),
    ]);
    await recordObjectChanges(
      actor,
      [
        {
          action: "create",
          objectType: "proxbox.alertrule",
          objectId: row.id,
          objectRepr: row.name,
          pre: null,
          post: ruleSnapshot(full),
        },
      ],
      tx,
    );
    return row.id;
  });
  return getRule(id);
}

export async function updateRule(actor: Actor, id: number, input: RuleInput): Promise<RuleView> {
  const before = await loadRule(id);
  const parsed = ruleInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const p = parsed.data;
  const v: RuleData = {
    name: p.name ?? before.name,
    description: p.description ?? before.description,
    enabled: p.enabled ?? before.enabled,
    transitions: p.transitions ?? before.transitions,
    endpointIds: [...new Set(p.endpointIds ?? before.endpointIds)],
    filter: p.filter ?? before.filter,
    digestSeconds: p.digestSeconds ?? before.digestSeconds,
    destinationIds: [...new Set(p.destinationIds ?? before.destinations.map((d) => d.destinationId))],
  };
  await assertRuleNameFree(v.name, id);
  await checkRule(v);
  const { destinationIds, ...data } = v;
  await db.$transaction(async (tx) => {
    await tx.alertRuleDestination.deleteMany({
      where: { ruleId: id, destinationId: { notIn: destinationIds } },
    });
    await tx.alertRuleDestination.createMany({
      data: destinationIds.map((destinationId) => ({ ruleId: id, destinationId })),
      skipDuplicates: true,
    });
    const row = await tx.alertRule.update({
      where: { id },
      data: { ...data, lastUpdated: new Date() },
      include: ruleInclude,
    });
    const [after] = await withEndpoints([row]);
    await recordObjectChanges(
      actor,
      [
        {
          action: "update",
          objectType: "proxbox.alertrule",
          objectId: id,
          objectRepr: row.name,
          pre: ruleSnapshot(before),
          post: ruleSnapshot(after),
        },
      ],
      tx,
    );
  });
  return getRule(id);
}

export async function deleteRule(actor: Actor, id: number): Promise<void> {
  const before = await loadRule(id);
  await db.$transaction(async (tx) => {
    await tx.alertRule.delete({ where: { id } });
    await recordObjectChanges(
      actor,
      [
        {
          action: "delete",
          objectType: "proxbox.alertrule",
          objectId: id,
          objectRepr: before.name,
          pre: ruleSnapshot(before),
          post: null,
        },
      ],
      tx,
    );
  });
}

// ——— the delivery log ———

const deliveryInclude = {
  rule: { select: { id: true, name: true } },
  destination: { select: { id: true, name: true, kind: true } },
} as const;
export type DeliveryRow = Prisma.AlertDeliveryGetPayload<{ include: typeof deliveryInclude }>;

export interface AttemptLogEntry {
  at: string;
  ok: boolean;
  status?: number;
  error?: string;
  ms?: number;
}

export function deliveryView(d: DeliveryRow) {
  return {
    id: d.id,
    rule: d.rule,
    destination: d.destination,
    state: d.state,
    // The events themselves are the job's; the log says how many a message carried.
    eventCount: d.eventIds.length,
    attempts: d.attempts,
    attemptLog: (Array.isArray(d.attemptLog) ? d.attemptLog : []) as unknown as AttemptLogEntry[],
    lastError: d.lastError,
    dueAt: d.dueAt,
    created: d.created,
    sentAt: d.sentAt,
  };
}
export type DeliveryView = ReturnType<typeof deliveryView>;

export function deliveryWhere(q: { ruleId?: number; destinationId?: number; state?: string }) {
  return {
    ...(q.ruleId !== undefined ? { ruleId: q.ruleId } : {}),
    ...(q.destinationId !== undefined ? { destinationId: q.destinationId } : {}),
    ...(q.state !== undefined ? { state: q.state } : {}),
  } satisfies Prisma.AlertDeliveryWhereInput;
}

/** Newest first. */
export async function listDeliveries(
  query: DeliveryQuery = {},
): Promise<{ count: number; results: DeliveryView[] }> {
  const parsed = deliveryQuery.safeParse(query);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { limit, offset, ...filters } = parsed.data;
  const where = deliveryWhere(filters);
  const [count, rows] = await Promise.all([
    db.alertDelivery.count({ where }),
    db.alertDelivery.findMany({
      where,
      include: deliveryInclude,
      orderBy: [{ created: "desc" }, { id: "desc" }],
      take: limit,
      skip: offset,
    }),
  ]);
  return { count, results: rows.map(deliveryView) };
}

/** Deliveries by id (the REST list pages through the filterset, then loads its ids). */
export async function loadDeliveries(ids: number[]): Promise<DeliveryView[]> {
  const rows = await db.alertDelivery.findMany({ where: { id: { in: ids } }, include: deliveryInclude });
  const byId = new Map(rows.map((r) => [r.id, deliveryView(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Destinations by id, as views (the REST list pages through the filterset, then loads its ids). */
export async function destinationViews(ids: number[]): Promise<DestinationView[]> {
  const rows = await db.alertDestination.findMany({ where: { id: { in: ids } } });
  return rows.map(destinationView);
}
