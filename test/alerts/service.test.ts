import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createDestination,
  createRule,
  deleteDestination,
  deleteRule,
  getDestination,
  getRule,
  listDeliveries,
  listDestinations,
  listRules,
  updateDestination,
  updateRule,
} from "@/server/alerts/service";
import { createCaller } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { decryptSecret, resetSecretKeyCache } from "@/server/secrets";
import { seedEndpoint, seedReplication, seedUser } from "../api/factories";
import { setupTestDatabase } from "../helpers/db";
import { testActor } from "../sync/helpers";

// The alert rule and destination service against a real PostgreSQL: validation errors are 400s naming
// the field and change nothing; secrets are stored encrypted and never come out (views, change log);
// a rule's filter is checked by the replication filterset.

setupTestDatabase();
const KEY = "ab".repeat(32);
const SECRET = "hmac-key-9f2c1d7e-never-shown";
const HEADER_VALUE = "Bearer tok-5b8e1a-never-shown";
const SMTP_PASSWORD = "smtp-pw-44d0c3-never-shown";
const SECRETS = [SECRET, HEADER_VALUE, SMTP_PASSWORD];

beforeAll(() => {
  process.env.PROXBOX_SECRET_KEY = KEY;
  resetSecretKeyCache();
});
afterAll(() => resetSecretKeyCache());
beforeEach(async () => {
  await db.alertRule.deleteMany();
  await db.alertDestination.deleteMany();
  await db.objectChange.deleteMany();
});

async function failureOf(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

/** Nothing the service shows or logged contains a secret, in clear or encrypted. */
async function expectNoSecretInClear() {
  const text = JSON.stringify({
    destinations: await listDestinations(),
    changes: await db.objectChange.findMany(),
  });
  for (const s of SECRETS) expect(text).not.toContain(s);
  // Nor the ciphertext (v1:<iv>:<tag>:<data>).
  expect(text).not.toContain("v1:");
}

const webhook = (over: Record<string, unknown> = {}) =>
  createDestination(testActor, {
    name: "ops-hook",
    kind: "webhook",
    url: "https://hooks.example.com/proxbox",
    secret: SECRET,
    headers: { Authorization: HEADER_VALUE },
    ...over,
  });

const mail = (over: Record<string, unknown> = {}) =>
  createDestination(testActor, {
    name: "ops-mail",
    kind: "email",
    emailTo: ["ops@example.com"],
    smtpUrl: `smtps://alerts:${encodeURIComponent(SMTP_PASSWORD)}@mail.example.com:465`,
    ...over,
  });

describe("destinations", () => {
  it("stores webhook secrets and header values encrypted, shows only that they exist", async () => {
    const view = await webhook();
    expect(view).toMatchObject({
      kind: "webhook",
      url: "https://hooks.example.com/proxbox",
      hasSecret: true,
      headerNames: ["Authorization"],
      tlsMode: "system",
      timeoutMs: 10_000,
      emailTo: [],
      hasSmtpPassword: false,
    });
    expect(Object.keys(view)).not.toContain("secretEncrypted");
    const row = await db.alertDestination.findUniqueOrThrow({ where: { id: view.id } });
    expect(row.secretEncrypted).toMatch(/^v1:/);
    expect(row.secretEncrypted).not.toContain(SECRET);
    expect(decryptSecret(row.secretEncrypted as string)).toBe(SECRET);
    expect(JSON.parse(decryptSecret(row.headersEncrypted as string))).toEqual({
      Authorization: HEADER_VALUE,
    });
    const [change] = await db.objectChange.findMany({ where: { changedObjectId: view.id } });
    expect(change).toMatchObject({ action: "create", changedObjectType: "proxbox.alertdestination" });
    expect(change.postchangeData).toMatchObject({ name: "ops-hook", hasSecret: true });
    await expectNoSecretInClear();
  });

  it("splits the SMTP password out of the URL, encrypts it and defaults the sender", async () => {
    const view = await mail();
    expect(view).toMatchObject({
      kind: "email",
      smtpUrl: "smtps://alerts@mail.example.com:465",
      hasSmtpPassword: true,
      emailFrom: "proxbox@localhost",
      url: null,
      hasSecret: false,
    });
    const row = await db.alertDestination.findUniqueOrThrow({ where: { id: view.id } });
    expect(row.smtpUrl).toBe("smtps://alerts@mail.example.com:465");
    expect(decryptSecret(row.smtpPasswordEncrypted as string)).toBe(SMTP_PASSWORD);
    await expectNoSecretInClear();
  });

  it("keeps secrets an update leaves out, clears them on null / {}, and re-encrypts new ones", async () => {
    const created = await webhook();
    const renamed = await updateDestination(testActor, created.id, { description: "pager" });
    expect(renamed).toMatchObject({ hasSecret: true, headerNames: ["Authorization"], description: "pager" });
    const cleared = await updateDestination(testActor, created.id, { secret: null, headers: {} });
    expect(cleared).toMatchObject({ hasSecret: false, headerNames: [] });
    const row = await db.alertDestination.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secretEncrypted).toBeNull();
    expect(row.headersEncrypted).toBeNull();
    const changes = await db.objectChange.findMany({
      where: { changedObjectId: created.id },
      orderBy: { id: "asc" },
    });
    expect(changes.map((c) => c.action)).toEqual(["create", "update", "update"]);
    await expectNoSecretInClear();
  });

  it("asks for header values / the SMTP password again when where they go changes", async () => {
    const hook = await webhook();
    const moved = await failureOf(
      updateDestination(testActor, hook.id, { url: "https://elsewhere.example.net/" }),
    );
    expect(moved.fields?.headers?.[0]).toMatch(/required again because the URL changed/);
    const repinned = await failureOf(updateDestination(testActor, hook.id, { tlsMode: "insecure" }));
    expect(repinned.fields?.headers?.[0]).toMatch(/TLS verification mode/);
    // With the values typed again, the move is fine; the HMAC key (never sent) stays.
    const ok = await updateDestination(testActor, hook.id, {
      url: "https://elsewhere.example.net/",
      headers: { Authorization: "Bearer other" },
    });
    expect(ok).toMatchObject({ hasSecret: true, url: "https://elsewhere.example.net/" });

    const m = await mail();
    const other = await failureOf(
      updateDestination(testActor, m.id, { smtpUrl: "smtps://alerts@evil.example.net:465" }),
    );
    expect(other.fields?.smtpPassword?.[0]).toMatch(/required again/);
    const row = await db.alertDestination.findUniqueOrThrow({ where: { id: m.id } });
    expect(row.smtpUrl).toBe("smtps://alerts@mail.example.com:465");
    // Same server, other recipients: the password stays.
    expect(
      await updateDestination(testActor, m.id, { emailTo: ["a@example.com", "b@example.com"] }),
    ).toMatchObject({ hasSmtpPassword: true, emailTo: ["a@example.com", "b@example.com"] });
  });

  it("refuses bad input with a 400 naming the field, and changes nothing", async () => {
    await webhook();
    const before = await db.alertDestination.findMany();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "x", kind: "webhook" }, "url"],
      [{ name: "x", kind: "webhook", url: "ftp://files.example.com/" }, "url"],
      [{ name: "x", kind: "webhook", url: "https://h.example.com", headers: { "Bad Name": "v" } }, "headers"],
      [
        { name: "x", kind: "webhook", url: "https://h.example.com", headers: { "X-A": "a\r\nX-B: b" } },
        "headers",
      ],
      [
        { name: "x", kind: "webhook", url: "https://h.example.com", headers: { "X-Proxbox-Signature": "v" } },
        "headers",
      ],
      [
        {
          name: "x",
          kind: "webhook",
          url: "https://h.example.com",
          headers: { "X-Team": "a", "x-team": "b" },
        },
        "headers",
      ],
      [{ name: "x", kind: "webhook", url: "https://h.example.com", tlsMode: "fingerprint" }, "fingerprint"],
      [
        {
          name: "x",
          kind: "webhook",
          url: "https://h.example.com",
          tlsMode: "fingerprint",
          fingerprint: "AB:CD",
        },
        "fingerprint",
      ],
      [{ name: "x", kind: "webhook", url: "https://h.example.com", timeoutMs: 50 }, "timeoutMs"],
      [{ name: "x", kind: "webhook", url: "https://h.example.com", emailTo: ["a@example.com"] }, "emailTo"],
      [{ name: "x", kind: "email", smtpUrl: "smtp://mail.example.com" }, "emailTo"],
      [
        { name: "x", kind: "email", emailTo: ["not-an-address"], smtpUrl: "smtp://mail.example.com" },
        "emailTo.0",
      ],
      [{ name: "x", kind: "email", emailTo: ["a@example.com"] }, "smtpUrl"],
      [
        { name: "x", kind: "email", emailTo: ["a@example.com"], smtpUrl: "http://mail.example.com" },
        "smtpUrl",
      ],
      [
        {
          name: "x",
          kind: "email",
          emailTo: ["a@example.com"],
          smtpUrl: "smtp://m.example.com",
          secret: "s",
        },
        "secret",
      ],
      [
        {
          name: "x",
          kind: "email",
          emailTo: ["a@example.com"],
          smtpUrl: "smtp://m.example.com",
          smtpPassword: "p",
        },
        "smtpPassword",
      ],
      [{ name: "ops-hook", kind: "webhook", url: "https://h.example.com" }, "name"],
      [{ name: "", kind: "webhook", url: "https://h.example.com" }, "name"],
      [{ name: "x", kind: "pager" }, "kind"],
    ];
    for (const [input, field] of cases) {
      const err = await failureOf(createDestination(testActor, input as never));
      expect(err.code, JSON.stringify(input)).toBe("BAD_REQUEST");
      expect(Object.keys(err.fields ?? {}), JSON.stringify(input)).toContain(field);
    }
    expect(await db.alertDestination.findMany()).toEqual(before);
    expect(await db.objectChange.count({ where: { action: "update" } })).toBe(0);
  });

  it("switching kind drops the other kind's settings and secrets", async () => {
    const hook = await webhook();
    const switched = await updateDestination(testActor, hook.id, {
      kind: "email",
      emailTo: ["ops@example.com"],
      smtpUrl: "smtp://mail.example.com:25",
    });
    expect(switched).toMatchObject({ kind: "email", url: null, hasSecret: false, headerNames: [] });
    const row = await db.alertDestination.findUniqueOrThrow({ where: { id: hook.id } });
    expect(row.secretEncrypted).toBeNull();
    expect(row.headersEncrypted).toBeNull();
  });

  it("404s an unknown destination and refuses to delete a rule's only destination", async () => {
    expect((await failureOf(getDestination("nope"))).message).toBe("alert destination nope does not exist");
    const a = await webhook();
    const b = await mail();
    const rule = await createRule(testActor, { name: "r", transitions: ["error"], destinationIds: [a.id] });
    const err = await failureOf(deleteDestination(testActor, a.id));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toContain("r");
    await updateRule(testActor, rule.id, { destinationIds: [a.id, b.id] });
    await deleteDestination(testActor, a.id);
    expect((await getRule(rule.id)).destinations.map((d) => d.name)).toEqual(["ops-mail"]);
  });
});

describe("rules", () => {
  it("creates, reads, updates and deletes a rule with its destinations, change-logged", async () => {
    const ep = await seedEndpoint();
    const hook = await webhook();
    const created = await createRule(testActor, {
      name: "pve3 errors",
      transitions: ["recovered", "error", "error"],
      endpointIds: [ep.id],
      filter: "target=pve3",
      digestSeconds: 300,
      destinationIds: [hook.id],
    });
    expect(created).toMatchObject({
      name: "pve3 errors",
      enabled: true,
      transitions: ["error", "recovered"],
      endpointIds: [ep.id],
      endpoints: [{ id: ep.id, name: ep.name }],
      filter: "target=pve3",
      digestSeconds: 300,
      destinations: [{ id: hook.id, name: "ops-hook", kind: "webhook" }],
    });
    const m = await mail();
    const updated = await updateRule(testActor, created.id, { enabled: false, destinationIds: [m.id] });
    expect(updated).toMatchObject({ enabled: false, destinations: [{ id: m.id, name: "ops-mail" }] });
    expect(updated.filter).toBe("target=pve3");
    expect((await listRules()).map((r) => r.name)).toEqual(["pve3 errors"]);
    await deleteRule(testActor, created.id);
    expect(await listRules()).toEqual([]);
    const changes = await db.objectChange.findMany({
      where: { changedObjectType: "proxbox.alertrule" },
      orderBy: { id: "asc" },
    });
    expect(changes.map((c) => c.action)).toEqual(["create", "update", "delete"]);
    expect(changes[1].prechangeData).toMatchObject({ enabled: true, destinationIds: [hook.id] });
    expect(changes[1].postchangeData).toMatchObject({ enabled: false, destinationIds: [m.id] });
  });

  it("checks the filter with the replication filterset", async () => {
    const hook = await webhook();
    const base = { transitions: ["error" as const], destinationIds: [hook.id] };
    await createRule(testActor, { ...base, name: "ok", filter: "target=pve3" });
    await createRule(testActor, { ...base, name: "ok2", filter: "guest__gte=100&target=pve3" });
    const bogus = await failureOf(createRule(testActor, { ...base, name: "b", filter: "bogus=1" }));
    expect(bogus.code).toBe("BAD_REQUEST");
    expect(bogus.fields?.filter?.[0]).toContain("bogus");
    const guest = await failureOf(createRule(testActor, { ...base, name: "g", filter: "guest=abc" }));
    expect(guest.code).toBe("BAD_REQUEST");
    expect(guest.fields?.filter?.[0]).toContain("guest");
    const paging = await failureOf(createRule(testActor, { ...base, name: "p", filter: "limit=5" }));
    expect(paging.fields?.filter?.[0]).toContain("limit");
    expect((await listRules()).map((r) => r.name)).toEqual(["ok", "ok2"]);
  });

  it("refuses bad input with a 400 naming the field, and changes nothing", async () => {
    const hook = await webhook();
    const rule = await createRule(testActor, {
      name: "r",
      transitions: ["error"],
      destinationIds: [hook.id],
    });
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "x", transitions: [], destinationIds: [hook.id] }, "transitions"],
      [{ name: "x", transitions: ["down"], destinationIds: [hook.id] }, "transitions.0"],
      [{ name: "x", transitions: ["error"], destinationIds: [] }, "destinationIds"],
      [{ name: "x", transitions: ["error"], destinationIds: [999_999] }, "destinationIds"],
      [
        { name: "x", transitions: ["error"], destinationIds: [hook.id], endpointIds: [999_999] },
        "endpointIds",
      ],
      [
        { name: "x", transitions: ["error"], destinationIds: [hook.id], digestSeconds: 86_401 },
        "digestSeconds",
      ],
      [{ name: "r", transitions: ["error"], destinationIds: [hook.id] }, "name"],
    ];
    for (const [input, field] of cases) {
      const err = await failureOf(createRule(testActor, input as never));
      expect(err.code, JSON.stringify(input)).toBe("BAD_REQUEST");
      expect(Object.keys(err.fields ?? {}), JSON.stringify(input)).toContain(field);
    }
    const upd = await failureOf(updateRule(testActor, rule.id, { filter: "bogus=1", enabled: false }));
    expect(upd.fields?.filter?.[0]).toContain("bogus");
    expect(await getRule(rule.id)).toMatchObject({ enabled: true, filter: "" });
    expect((await listRules()).length).toBe(1);
    expect((await failureOf(getRule(424242))).code).toBe("NOT_FOUND");
  });
});

describe("delivery log", () => {
  it("lists deliveries newest first, filtered, with event counts", async () => {
    const ep = await seedEndpoint();
    const job = await seedReplication(ep.id);
    const hook = await webhook();
    const m = await mail();
    const rule = await createRule(testActor, {
      name: "r",
      transitions: ["error"],
      destinationIds: [hook.id, m.id],
    });
    const ev = await db.alertEvent.create({
      data: { jobId: job.id, endpointId: ep.id, transition: "error", health: "error" },
    });
    const t = (s: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, s));
    await db.alertDelivery.createMany({
      data: [
        {
          ruleId: rule.id,
          destinationId: hook.id,
          state: "sent",
          eventIds: [ev.id],
          created: t(1),
          attempts: 1,
        },
        {
          ruleId: rule.id,
          destinationId: m.id,
          state: "failed",
          eventIds: [ev.id, ev.id],
          created: t(2),
          lastError: "535 auth failed",
        },
        { ruleId: rule.id, destinationId: hook.id, state: "retrying", eventIds: [], created: t(3) },
      ],
    });
    const all = await listDeliveries();
    expect(all.count).toBe(3);
    expect(all.results.map((d) => d.state)).toEqual(["retrying", "failed", "sent"]);
    expect(all.results[1]).toMatchObject({
      rule: { id: rule.id, name: "r" },
      destination: { id: m.id, name: "ops-mail", kind: "email" },
      eventCount: 2,
      lastError: "535 auth failed",
      attemptLog: [],
    });
    expect((await listDeliveries({ destinationId: hook.id })).count).toBe(2);
    expect((await listDeliveries({ state: "failed" })).results.map((d) => d.id)).toEqual([all.results[1].id]);
    const page = await listDeliveries({ limit: 1, offset: 1 });
    expect(page).toMatchObject({ count: 3, results: [{ state: "failed" }] });
    expect((await failureOf(listDeliveries({ state: "lost" as never }))).fields).toHaveProperty("state");
  });
});

describe("the alerts tRPC router", () => {
  const callerFor = async (role: "viewer" | "operator" | "admin") => {
    const user = await seedUser(role);
    return createCaller(
      await createContext({ headers: new Headers({ authorization: `Bearer ${user.writeToken}` }) }),
    );
  };
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => "ok",
      (err: { code?: string }) => err.code ?? "error",
    );

  it("lets viewers read and only admins write, with destinations as views", async () => {
    const [viewer, operator, admin] = [
      await callerFor("viewer"),
      await callerFor("operator"),
      await callerFor("admin"),
    ];
    const input = { name: "t-hook", kind: "webhook" as const, url: "https://h.example.com/", secret: SECRET };
    expect(await codeOf(viewer.alerts.destinations.create(input))).toBe("FORBIDDEN");
    expect(await codeOf(operator.alerts.destinations.create(input))).toBe("FORBIDDEN");
    const dest = await admin.alerts.destinations.create(input);
    expect(dest).toMatchObject({ name: "t-hook", hasSecret: true });
    expect(JSON.stringify(await viewer.alerts.destinations.list())).not.toContain(SECRET);
    expect(await viewer.alerts.destinations.get({ id: dest.id })).toMatchObject({ id: dest.id });
    expect(await codeOf(operator.alerts.destinations.test({ id: dest.id }))).toBe("FORBIDDEN");
    const rule = await admin.alerts.rules.create({
      name: "t",
      transitions: ["stuck"],
      destinationIds: [dest.id],
    });
    expect(await codeOf(operator.alerts.rules.setEnabled({ id: rule.id, enabled: false }))).toBe("FORBIDDEN");
    expect(await admin.alerts.rules.setEnabled({ id: rule.id, enabled: false })).toMatchObject({
      enabled: false,
    });
    expect(await admin.alerts.rules.update({ id: rule.id, digestSeconds: 60 })).toMatchObject({
      enabled: false,
      digestSeconds: 60,
    });
    expect((await viewer.alerts.rules.list()).map((r) => r.name)).toEqual(["t"]);
    expect(await viewer.alerts.deliveries.list({ ruleId: rule.id })).toEqual({ count: 0, results: [] });
    expect(
      await codeOf(
        admin.alerts.rules.create({
          name: "u",
          transitions: ["stuck"],
          destinationIds: [dest.id],
          filter: "bogus=1",
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(await codeOf(viewer.alerts.rules.delete({ id: rule.id }))).toBe("FORBIDDEN");
    await admin.alerts.rules.delete({ id: rule.id });
    await admin.alerts.destinations.delete({ id: dest.id });
    expect(await viewer.alerts.destinations.list()).toEqual([]);
  });
});
