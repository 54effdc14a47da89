import { createHmac } from "node:crypto";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertDestination, Prisma } from "@/generated/prisma/client";
import { renderWebhookBody } from "@/server/alerts/render";
import { sendAlert, sendTestAlert } from "@/server/alerts/senders";
import { type AlertMessage, type AlertMessageEvent, AlertSendError } from "@/server/alerts/types";
import { db } from "@/server/db/client";
import { encryptSecret, resetSecretKeyCache } from "@/server/secrets";
import { generateCertificate } from "@/simulator/certs";
import { setupTestDatabase } from "../helpers/db";
import { mailSubject, mimePart, receiverErrorBody, startHttpReceiver, startSmtpServer } from "./receivers";

// The senders against real local receivers: node:http(s) servers that record the raw bytes they get, and
// smtp-server speaking real SMTP (STARTTLS, implicit TLS, AUTH). Destinations are real rows, their secrets
// encrypted as the app stores them. Nothing of ours is mocked.

process.env.PROXBOX_SECRET_KEY = "e".repeat(64);
process.env.PROXBOX_PUBLIC_URL = "https://proxbox.example.com";
resetSecretKeyCache();
setupTestDatabase();

const SECRET = "whsec-5f2c1e0a-topsecret";
const HEADER_TOKEN = "hdr-token-9b8a7c6d";
const SMTP_USER = "alerts@example.com";
const SMTP_PASS = "smtp-pass-3e4d5c6b";

let counter = 0;
function create(data: Omit<Prisma.AlertDestinationCreateInput, "name">): Promise<AlertDestination> {
  counter += 1;
  return db.alertDestination.create({ data: { name: `dest-${counter}`, timeoutMs: 2000, ...data } });
}

function event(over: Partial<AlertMessageEvent> = {}): AlertMessageEvent {
  return {
    id: "41",
    transition: "error",
    replicationId: "100-0",
    jobId: 7,
    guest: 100,
    vmName: "web01",
    source: "pve1",
    target: "pve2",
    endpoint: { id: 1, name: "pve-prod" },
    previous: "ok",
    state: "error",
    error: "<script>alert(1)</script> zfs send failed",
    at: "2026-12-03T14:05:09.000Z",
    url: "https://proxbox.example.com/replications/7",
    ...over,
  };
}

const single: AlertMessage = { rule: { id: 3, name: "prod" }, digest: false, test: false, events: [event()] };

async function failure(p: Promise<unknown>): Promise<AlertSendError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AlertSendError);
    return err as AlertSendError;
  }
  throw new Error("expected the send to fail");
}

/** A port nothing listens on (bound once, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("webhook", () => {
  let plain: Awaited<ReturnType<typeof startHttpReceiver>>;
  let secure: Awaited<ReturnType<typeof startHttpReceiver>>;
  let other: Awaited<ReturnType<typeof startHttpReceiver>>;
  beforeAll(async () => {
    [plain, secure, other] = await Promise.all([
      startHttpReceiver(),
      startHttpReceiver({ https: true }),
      startHttpReceiver({ https: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), secure?.close(), other?.close()]);
  });

  it("POSTs the rendered body, signed over the exact bytes received, with the custom headers", async () => {
    const dest = await create({
      kind: "webhook",
      url: plain.url,
      secretEncrypted: encryptSecret(SECRET),
      headerNames: ["X-Api-Key", "Content-Type"],
      headersEncrypted: encryptSecret(
        JSON.stringify({ "X-Api-Key": HEADER_TOKEN, "Content-Type": "text/plain" }),
      ),
    });
    const before = plain.requests.length;
    const result = await sendAlert(dest, single, { deliveryId: 912 });
    expect(result).toEqual({ status: 200, detail: "HTTP 200" });
    expect(plain.requests).toHaveLength(before + 1);
    const req = plain.requests[before];
    expect(req.method).toBe("POST");
    // Verified independently: HMAC-SHA256 over the raw received bytes with the secret.
    const expected = `sha256=${createHmac("sha256", SECRET).update(req.raw).digest("hex")}`;
    expect(req.headers["x-proxbox-signature"]).toBe(expected);
    expect(req.raw.toString("utf8")).toBe(renderWebhookBody(single));
    const body = JSON.parse(req.raw.toString("utf8"));
    expect(body.events[0]).toMatchObject({
      event: "replication.error",
      replication_id: "100-0",
      endpoint: { id: 1, name: "pve-prod" },
      url: "https://proxbox.example.com/replications/7",
    });
    expect(req.headers["x-api-key"]).toBe(HEADER_TOKEN);
    // A custom header cannot replace ours.
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["user-agent"]).toBe("proxbox");
    expect(req.headers["x-proxbox-event"]).toBe("error");
    expect(req.headers["x-proxbox-delivery"]).toBe("912");
  });

  it("sends no signature without a secret, and names digests and tests in X-Proxbox-Event", async () => {
    const dest = await create({ kind: "webhook", url: plain.url });
    const before = plain.requests.length;
    await sendAlert(dest, { ...single, digest: true, events: [event(), event({ id: "42", jobId: 8 })] });
    await sendAlert(dest, { ...single, test: true });
    const [digest, test] = plain.requests.slice(before);
    expect(digest.headers["x-proxbox-signature"]).toBeUndefined();
    expect(digest.headers["x-proxbox-delivery"]).toBeUndefined();
    expect(digest.headers["x-proxbox-event"]).toBe("digest");
    expect(JSON.parse(digest.raw.toString()).count).toBe(2);
    expect(test.headers["x-proxbox-event"]).toBe("test");
  });

  it("a non-2xx answer fails with the status and the start of the body; the URL shown has no userinfo or query", async () => {
    const refusing = await startHttpReceiver({ answers: [500] });
    try {
      const withCreds = refusing.url.replace("http://", "http://hookuser:url-pass-77@");
      const dest = await create({ kind: "webhook", url: `${withCreds}?token=query-secret-88` });
      const err = await failure(sendAlert(dest, single));
      expect(err.status).toBe(500);
      expect(err.message).toBe(`HTTP 500 from ${refusing.url}: ${receiverErrorBody(500)}`);
      expect(err.message).not.toMatch(/url-pass-77|query-secret-88|hookuser/);
      // userinfo went as HTTP Basic, the query string as sent.
      const req = refusing.requests[0];
      expect(req.headers.authorization).toBe(
        `Basic ${Buffer.from("hookuser:url-pass-77").toString("base64")}`,
      );
      expect(req.path).toBe("/hook?token=query-secret-88");
    } finally {
      await refusing.close();
    }
  });

  it("each send is one request: 500 twice then 200 is two failures and one delivery", async () => {
    const flaky = await startHttpReceiver({ answers: [500, 500] });
    try {
      const dest = await create({ kind: "webhook", url: flaky.url, secretEncrypted: encryptSecret(SECRET) });
      expect((await failure(sendAlert(dest, single, { deliveryId: 1 }))).status).toBe(500);
      expect((await failure(sendAlert(dest, single, { deliveryId: 1 }))).status).toBe(500);
      expect(await sendAlert(dest, single, { deliveryId: 1 })).toEqual({ status: 200, detail: "HTTP 200" });
      expect(flaky.requests).toHaveLength(3);
      // The same message is the same bytes, hence the same signature, on every attempt.
      expect(new Set(flaky.requests.map((r) => r.headers["x-proxbox-signature"])).size).toBe(1);
    } finally {
      await flaky.close();
    }
  });

  it("unreadable stored headers fail without quoting them, and nothing is sent", async () => {
    const dest = await create({
      kind: "webhook",
      url: plain.url,
      headersEncrypted: encryptSecret("Authorization: Bearer tok-not-json-4711"),
    });
    const before = plain.requests.length;
    const err = await failure(sendAlert(dest, single));
    expect(err.message).toBe("the stored custom headers are unreadable (not a JSON object)");
    expect(plain.requests).toHaveLength(before);
  });

  it("quotes at most 200 characters of a refusing body", async () => {
    const http = await import("node:http");
    const server = http.createServer((_req, res) => {
      res.writeHead(503);
      res.end("x".repeat(5000));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const dest = await create({ kind: "webhook", url: `http://127.0.0.1:${port}/` });
      const err = await failure(sendAlert(dest, single));
      expect(err.message).toBe(`HTTP 503 from http://127.0.0.1:${port}/: ${"x".repeat(200)}`);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("a refusing receiver that echoes the request does not get a secret into the error", async () => {
    const http = await import("node:http");
    // Some receivers (debug endpoints, misconfigured proxies) answer an error with what they were sent.
    const server = http.createServer((req, res) => {
      res.writeHead(400);
      res.end(`bad request; key=${req.headers["x-api-key"]} sig=${req.headers["x-proxbox-signature"]}`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const dest = await create({
        kind: "webhook",
        url: `http://127.0.0.1:${port}/`,
        secretEncrypted: encryptSecret(SECRET),
        headerNames: ["X-Api-Key"],
        headersEncrypted: encryptSecret(JSON.stringify({ "X-Api-Key": HEADER_TOKEN })),
      });
      const err = await failure(sendAlert(dest, single));
      expect(err.message).toMatch(
        /^HTTP 400 from http:\/\/127\.0\.0\.1:\d+\/: bad request; key=\[secret\] sig=sha256=/,
      );
      expect(err.message).not.toContain(HEADER_TOKEN);
      expect(err.message).not.toContain(SECRET);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("a receiver that never answers fails after timeoutMs with the timeout message", async () => {
    const hanging = await startHttpReceiver({ answers: ["hang"] });
    try {
      const dest = await create({ kind: "webhook", url: hanging.url, timeoutMs: 600 });
      const started = Date.now();
      const err = await failure(sendAlert(dest, single));
      const elapsed = Date.now() - started;
      expect(err.message).toBe(`no answer from ${hanging.url} within 600 ms`);
      expect(err.status).toBeUndefined();
      expect(elapsed).toBeGreaterThanOrEqual(550);
      expect(elapsed).toBeLessThan(2100);
      expect(hanging.requests).toHaveLength(1);
    } finally {
      await hanging.close();
    }
  });

  it("HTTPS pinned by fingerprint: the right pin delivers, another one fails before any request", async () => {
    const ok = await create({
      kind: "webhook",
      url: secure.url,
      tlsMode: "fingerprint",
      fingerprint: secure.fingerprint,
    });
    const before = secure.requests.length;
    expect(await sendAlert(ok, single)).toEqual({ status: 200, detail: "HTTP 200" });
    expect(secure.requests).toHaveLength(before + 1);

    const wrong = await create({
      kind: "webhook",
      url: secure.url,
      tlsMode: "fingerprint",
      fingerprint: other.fingerprint?.replaceAll(":", "").toLowerCase(),
    });
    const err = await failure(sendAlert(wrong, single));
    expect(err.message).toBe(
      `certificate fingerprint mismatch: expected ${other.fingerprint}, got ${secure.fingerprint}`,
    );
    expect(secure.requests).toHaveLength(before + 1);
  });

  it("HTTPS with a custom CA delivers; another CA and the system store refuse the self-signed certificate", async () => {
    const ca = await create({ kind: "webhook", url: secure.url, tlsMode: "ca", caPem: secure.certPem });
    expect((await sendAlert(ca, single)).status).toBe(200);
    const before = secure.requests.length;

    const otherCa = await create({ kind: "webhook", url: secure.url, tlsMode: "ca", caPem: other.certPem });
    expect((await failure(sendAlert(otherCa, single))).message).toMatch(/certificate/);

    const system = await create({ kind: "webhook", url: secure.url, tlsMode: "system" });
    expect((await failure(sendAlert(system, single))).message).toBe("self-signed certificate");
    expect(secure.requests).toHaveLength(before);

    const insecure = await create({ kind: "webhook", url: secure.url, tlsMode: "insecure" });
    expect((await sendAlert(insecure, single)).status).toBe(200);
  });

  it("sendTestAlert reports success, and the exact reason on a closed port instead of throwing", async () => {
    const dest = await create({ kind: "webhook", url: plain.url, secretEncrypted: encryptSecret(SECRET) });
    const before = plain.requests.length;
    expect(await sendTestAlert(dest)).toEqual({ ok: true, detail: "HTTP 200" });
    const body = JSON.parse(plain.requests[before].raw.toString("utf8"));
    expect(body.test).toBe(true);
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({
      replication_id: "test-0",
      endpoint: { id: 0, name: "proxbox" },
      state: "ok",
      url: "https://proxbox.example.com/",
    });

    const port = await closedPort();
    const down = await create({ kind: "webhook", url: `http://127.0.0.1:${port}/hook` });
    expect(await sendTestAlert(down)).toEqual({
      ok: false,
      detail: `connect ECONNREFUSED 127.0.0.1:${port}`,
    });
  });
});

describe("e-mail", () => {
  function email(smtpUrl: string, over: Omit<Prisma.AlertDestinationCreateInput, "name" | "kind"> = {}) {
    return create({
      kind: "email",
      smtpUrl,
      emailFrom: "proxbox@example.com",
      emailTo: ["ops@example.com", "oncall@example.com"],
      ...over,
    });
  }

  it("plain SMTP: one message with a text and an HTML part, the subject, the sender and recipients", async () => {
    const smtp = await startSmtpServer();
    try {
      const dest = await email(`smtp://127.0.0.1:${smtp.port}`);
      const result = await sendAlert(dest, single);
      expect(result.status).toBe(250);
      expect(result.detail).toMatch(/^250 /);
      expect(smtp.messages).toHaveLength(1);
      const [mail] = smtp.messages;
      expect(mail.from).toBe("proxbox@example.com");
      expect(mail.to).toEqual(["ops@example.com", "oncall@example.com"]);
      expect(mail.secure).toBe(false);
      expect(mailSubject(mail.raw)).toBe("[Proxbox] replication 100-0 on pve-prod: error");
      const text = mimePart(mail.raw, "text/plain");
      const html = mimePart(mail.raw, "text/html");
      expect(text).toContain("<script>alert(1)</script> zfs send failed");
      expect(text).toContain("https://proxbox.example.com/replications/7");
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; zfs send failed");
      expect(html).not.toContain("<script>");
      expect(html).toContain('<a href="https://proxbox.example.com/replications/7">100-0</a>');
    } finally {
      await smtp.close();
    }
  });

  it("STARTTLS with a self-signed certificate: delivered with tlsMode insecure (AUTH PLAIN) and ca (AUTH LOGIN)", async () => {
    const plainAuth = await startSmtpServer({
      starttls: true,
      auth: { user: SMTP_USER, pass: SMTP_PASS },
      authMethods: ["PLAIN"],
    });
    const loginAuth = await startSmtpServer({
      starttls: true,
      auth: { user: SMTP_USER, pass: SMTP_PASS },
      authMethods: ["LOGIN"],
    });
    try {
      const user = encodeURIComponent(SMTP_USER);
      const insecure = await email(`smtp://${user}@127.0.0.1:${plainAuth.port}`, {
        tlsMode: "insecure",
        smtpPasswordEncrypted: encryptSecret(SMTP_PASS),
      });
      expect((await sendAlert(insecure, single)).status).toBe(250);
      expect(plainAuth.authAttempts).toEqual([{ method: "PLAIN", user: SMTP_USER, ok: true }]);
      expect(plainAuth.messages[0]).toMatchObject({ secure: true, user: SMTP_USER });

      const ca = await email(`smtp://${user}@localhost:${loginAuth.port}`, {
        tlsMode: "ca",
        caPem: loginAuth.certPem,
        smtpPasswordEncrypted: encryptSecret(SMTP_PASS),
      });
      expect((await sendAlert(ca, single)).status).toBe(250);
      expect(loginAuth.authAttempts).toEqual([{ method: "LOGIN", user: SMTP_USER, ok: true }]);
      expect(loginAuth.messages[0]).toMatchObject({ secure: true, user: SMTP_USER });
    } finally {
      await Promise.all([plainAuth.close(), loginAuth.close()]);
    }
  });

  it("STARTTLS with the system store refuses the self-signed certificate before AUTH", async () => {
    const smtp = await startSmtpServer({ starttls: true, auth: { user: SMTP_USER, pass: SMTP_PASS } });
    try {
      const dest = await email(`smtp://${encodeURIComponent(SMTP_USER)}@127.0.0.1:${smtp.port}`, {
        smtpPasswordEncrypted: encryptSecret(SMTP_PASS),
      });
      const err = await failure(sendAlert(dest, single));
      expect(err.message).toBe("self-signed certificate");
      expect(smtp.authAttempts).toEqual([]);
      expect(smtp.messages).toEqual([]);
    } finally {
      await smtp.close();
    }
  });

  it("with a private CA or a pin, a server without STARTTLS is refused before the password is sent", async () => {
    const smtp = await startSmtpServer({ auth: { user: "ops", pass: SMTP_PASS } });
    try {
      const withCa = await email(`smtp://ops@127.0.0.1:${smtp.port}`, {
        tlsMode: "ca",
        caPem: (await generateCertificate()).cert,
        smtpPasswordEncrypted: encryptSecret(SMTP_PASS),
      });
      const err = await failure(sendAlert(withCa, single));
      // nodemailer insists on STARTTLS (requireTLS); this server does not know the command.
      expect(err.message).toMatch(/^Error upgrading connection with STARTTLS: 500 /);
      const pinned = await email(`smtp://ops@127.0.0.1:${smtp.port}`, {
        tlsMode: "fingerprint",
        fingerprint: `${"AB:".repeat(31)}AB`,
        smtpPasswordEncrypted: encryptSecret(SMTP_PASS),
      });
      expect((await failure(sendAlert(pinned, single))).message).toBe(
        "the SMTP server does not offer STARTTLS, so its certificate fingerprint cannot be checked",
      );
      expect(smtp.authAttempts).toEqual([]);
      expect(smtp.messages).toEqual([]);
    } finally {
      await smtp.close();
    }
  });

  it("implicit TLS (smtps) with a custom CA", async () => {
    const smtp = await startSmtpServer({ secure: true, auth: { user: "ops", pass: SMTP_PASS } });
    try {
      const dest = await email(`smtps://ops@localhost:${smtp.port}`, {
        tlsMode: "ca",
        caPem: smtp.certPem,
        smtpPasswordEncrypted: encryptSecret(SMTP_PASS),
      });
      expect((await sendAlert(dest, single)).status).toBe(250);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0].secure).toBe(true);
    } finally {
      await smtp.close();
    }
  });

  it("a pinned fingerprint delivers over smtps and STARTTLS; a wrong pin fails before AUTH", async () => {
    const implicit = await startSmtpServer({ secure: true, auth: { user: "ops", pass: SMTP_PASS } });
    const starttls = await startSmtpServer({ starttls: true, auth: { user: "ops", pass: SMTP_PASS } });
    try {
      const pinned = (url: string, fingerprint: string | undefined) =>
        email(url, { tlsMode: "fingerprint", fingerprint, smtpPasswordEncrypted: encryptSecret(SMTP_PASS) });
      expect(
        (
          await sendAlert(
            await pinned(`smtps://ops@127.0.0.1:${implicit.port}`, implicit.fingerprint),
            single,
          )
        ).status,
      ).toBe(250);
      expect(
        (await sendAlert(await pinned(`smtp://ops@127.0.0.1:${starttls.port}`, starttls.fingerprint), single))
          .status,
      ).toBe(250);
      expect(starttls.messages[0].secure).toBe(true);

      for (const [server, url] of [
        [implicit, `smtps://ops@127.0.0.1:${implicit.port}`],
        [starttls, `smtp://ops@127.0.0.1:${starttls.port}`],
      ] as const) {
        const attempts = server.authAttempts.length;
        const err = await failure(sendAlert(await pinned(url, `${"AB:".repeat(31)}AB`), single));
        expect(err.message).toBe(
          `certificate fingerprint mismatch: expected ${"AB:".repeat(31)}AB, got ${server.fingerprint}`,
        );
        expect(server.authAttempts).toHaveLength(attempts);
      }
    } finally {
      await Promise.all([implicit.close(), starttls.close()]);
    }
  });

  it("a wrong password fails with the server's answer, never the password", async () => {
    const smtp = await startSmtpServer({ starttls: true, auth: { user: SMTP_USER, pass: SMTP_PASS } });
    try {
      const wrongPassword = "wrong-pass-1f2e3d4c";
      const dest = await email(`smtp://${encodeURIComponent(SMTP_USER)}@127.0.0.1:${smtp.port}`, {
        tlsMode: "insecure",
        smtpPasswordEncrypted: encryptSecret(wrongPassword),
      });
      const err = await failure(sendAlert(dest, single));
      expect(err.message).toContain("Invalid login");
      expect(err.message).toContain("535");
      expect(err.status).toBe(535);
      expect(err.message).not.toContain(wrongPassword);
      expect(err.message).not.toContain(SMTP_PASS);
      expect(smtp.authAttempts.map((a) => a.ok)).toEqual([false]);
      const test = await sendTestAlert(dest);
      expect(test.ok).toBe(false);
      expect(test.detail).toContain("Invalid login");
      expect(test.detail).not.toContain(wrongPassword);
    } finally {
      await smtp.close();
    }
  });

  it("a refused message fails with the server's code and answer", async () => {
    const smtp = await startSmtpServer({ answers: [451] });
    try {
      const dest = await email(`smtp://127.0.0.1:${smtp.port}`);
      const err = await failure(sendAlert(dest, single));
      expect(err.status).toBe(451);
      expect(err.message).toContain("451 test server refuses this message (451)");
      expect(smtp.refused).toBe(1);
      expect(smtp.messages).toEqual([]);
      expect((await sendAlert(dest, single)).status).toBe(250);
      expect(smtp.messages).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });

  it("a server that never greets fails after timeoutMs", async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const dest = await email(`smtp://127.0.0.1:${port}`, { timeoutMs: 600 });
      const started = Date.now();
      const err = await failure(sendAlert(dest, single));
      expect(err.message).toMatch(
        new RegExp(`^no answer from smtp://127\\.0\\.0\\.1:${port} within 600 ms \\(.+\\)$`),
      );
      expect(Date.now() - started).toBeLessThan(2100);
      // With a pinned certificate the first contact is our own certificate fetch: same bound, same words.
      const pinned = await email(`smtp://127.0.0.1:${port}`, {
        timeoutMs: 600,
        tlsMode: "fingerprint",
        fingerprint: `${"AB:".repeat(31)}AB`,
      });
      const again = Date.now();
      expect((await failure(sendAlert(pinned, single))).message).toBe(
        `no answer from smtp://127.0.0.1:${port} within 600 ms`,
      );
      expect(Date.now() - again).toBeLessThan(2100);
    } finally {
      silent.close();
    }
  });

  it("sendTestAlert sends the test message, and reports a closed port exactly", async () => {
    const smtp = await startSmtpServer();
    try {
      const dest = await email(`smtp://127.0.0.1:${smtp.port}`);
      const result = await sendTestAlert(dest);
      expect(result.ok).toBe(true);
      expect(result.detail).toMatch(/^250 /);
      expect(mailSubject(smtp.messages[0].raw)).toBe("[Proxbox] test message from Proxbox");
      expect(mimePart(smtp.messages[0].raw, "text/plain")).toContain("test-0");
    } finally {
      await smtp.close();
    }
    const port = await closedPort();
    const down = await email(`smtp://127.0.0.1:${port}`);
    expect(await sendTestAlert(down)).toEqual({
      ok: false,
      detail: `connect ECONNREFUSED 127.0.0.1:${port}`,
    });
  });
});
