import "server-only";
import { createHmac, X509Certificate } from "node:crypto";
import net from "node:net";
import tls, { type PeerCertificate } from "node:tls";
import nodemailer from "nodemailer";
import { request } from "undici";
import type { AlertDestination } from "@/generated/prisma/client";
import {
  createDispatcher,
  FingerprintMismatchError,
  formatFingerprint,
  normalizeFingerprint,
  type ProxmoxTls,
} from "@/server/proxmox/tls";
import { configuredOrigin } from "@/server/rest/urls";
import { decryptSecret } from "@/server/secrets";
import { renderEmail, renderWebhookBody } from "./render";
import { type AlertMessage, AlertSendError, type SendResult } from "./types";

// One send of one message to one destination, and nothing else: no retries, no logging, no database. The
// delivery worker owns those. A failure throws AlertSendError whose message is the exact reason an
// operator needs ("HTTP 500 from …", "connect ECONNREFUSED …", "Invalid login: 535 …") and never holds a
// secret: the webhook secret, header values and the SMTP password are decrypted here, used, and dropped.

/** How much of a refusing receiver's body is quoted in the error. */
const ERROR_BODY_CHARS = 200;
/** Never read more than this of a receiver's answer (it is only quoted, never parsed). */
const MAX_ANSWER_BYTES = 64 * 1024;

export async function sendAlert(
  dest: AlertDestination,
  message: AlertMessage,
  opts: { deliveryId?: number } = {},
): Promise<SendResult> {
  const secrets: string[] = [];
  try {
    if (dest.kind === "webhook") return await sendWebhook(dest, message, opts, secrets);
    return await sendEmail(dest, message, secrets);
  } catch (err) {
    // Belt and braces: whatever a library put in its message, a decrypted secret does not leave.
    const reason = redact(reasonOf(err), secrets);
    const status = err instanceof AlertSendError ? err.status : undefined;
    throw new AlertSendError(reason, status);
  }
}

/**
 * The "send test" action: a test message with one sample job, and the outcome as text instead of a throw
 * (the UI, REST and CLI show it as is).
 */
export async function sendTestAlert(dest: AlertDestination): Promise<{ ok: boolean; detail: string }> {
  const origin = publicAppOrigin();
  const message: AlertMessage = {
    rule: { id: 0, name: "send test" },
    digest: false,
    test: true,
    events: [
      {
        id: "0",
        transition: "recovered",
        replicationId: "test-0",
        jobId: 0,
        guest: null,
        vmName: null,
        source: null,
        target: "proxbox",
        endpoint: { id: 0, name: "proxbox" },
        previous: "error",
        state: "ok",
        error: null,
        at: new Date().toISOString(),
        url: `${origin}/`,
      },
    ],
  };
  try {
    const result = await sendAlert(dest, message);
    return { ok: true, detail: result.detail };
  } catch (err) {
    return { ok: false, detail: reasonOf(err) };
  }
}

/**
 * The origin links in alerts point to: PROXBOX_PUBLIC_URL, else this host's port (as the CLI does). Alerts
 * are sent by workers, outside any request, so there is no Host header to go by.
 */
export function publicAppOrigin(): string {
  return configuredOrigin() ?? `http://localhost:${process.env.PORT || 3000}`;
}

// ---------------------------------------------------------------------------------------------------
// Webhook

async function sendWebhook(
  dest: AlertDestination,
  message: AlertMessage,
  opts: { deliveryId?: number },
  secrets: string[],
): Promise<SendResult> {
  if (!dest.url) throw new AlertSendError("this webhook destination has no URL");
  if (!URL.canParse(dest.url)) throw new AlertSendError("this webhook destination's URL is not a valid URL");
  const target = new URL(dest.url);
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new AlertSendError(`webhook URLs are http:// or https://, not ${target.protocol}//`);
  }
  const shown = displayUrl(target);
  const body = renderWebhookBody(message);
  const headers: Record<string, string> = {};
  if (dest.headersEncrypted) {
    for (const [name, value] of Object.entries(customHeaders(reveal(dest.headersEncrypted, secrets)))) {
      secrets.push(value);
      headers[name.toLowerCase()] = value;
    }
  }
  // A token in the query string is sent (the receiver may need it) but never shown.
  for (const value of target.searchParams.values()) secrets.push(value);
  // user:password@ in the URL is HTTP Basic (as curl does); it is never shown or sent in the URL.
  if (target.username || target.password) {
    const user = decodeURIComponent(target.username);
    const pass = decodeURIComponent(target.password);
    if (pass) secrets.push(pass);
    headers.authorization ??= `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
    target.username = "";
    target.password = "";
  }
  // Ours last: a custom header cannot replace the content type, the event or the signature.
  headers["content-type"] = "application/json";
  headers["user-agent"] = "proxbox";
  headers["x-proxbox-event"] = message.test
    ? "test"
    : message.digest || message.events.length !== 1
      ? "digest"
      : (message.events[0]?.transition ?? "digest");
  if (opts.deliveryId !== undefined) headers["x-proxbox-delivery"] = String(opts.deliveryId);
  if (dest.secretEncrypted) {
    const secret = reveal(dest.secretEncrypted, secrets);
    headers["x-proxbox-signature"] =
      `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
  }

  const timeoutMs = dest.timeoutMs;
  // undici's own connect and header timers are set past ours so the whole-request deadline below is what
  // fires, with one message whatever phase the receiver stalled in.
  const dispatcher = createDispatcher(tlsOf(dest), {
    connectTimeoutMs: timeoutMs + 1000,
    requestTimeoutMs: timeoutMs,
  });
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const res = await request(target, {
      method: "POST",
      headers,
      body: Buffer.from(body, "utf8"),
      dispatcher,
      signal: controller.signal,
    });
    const answer = await readAnswer(res.body);
    if (res.statusCode < 200 || res.statusCode >= 300) {
      const excerpt = answer.slice(0, ERROR_BODY_CHARS).trim();
      throw new AlertSendError(
        `HTTP ${res.statusCode} from ${shown}${excerpt ? `: ${excerpt}` : ""}`,
        res.statusCode,
      );
    }
    return { status: res.statusCode, detail: `HTTP ${res.statusCode}` };
  } catch (err) {
    if (err instanceof AlertSendError) throw err;
    if (timedOut) throw new AlertSendError(`no answer from ${shown} within ${timeoutMs} ms`);
    throw new AlertSendError(reasonOf(err));
  } finally {
    clearTimeout(timer);
    // destroy, not close: an aborted request to a receiver that never answers must not hold us up.
    await dispatcher.destroy().catch(() => {});
  }
}

/** The stored {name: value} object. A parse error is not quoted: V8 puts part of the text in its message. */
function customHeaders(json: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new AlertSendError("the stored custom headers are unreadable (not a JSON object)");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new AlertSendError("the stored custom headers are unreadable (not a JSON object)");
  }
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

/** The answer's text, at most MAX_ANSWER_BYTES (the rest is dropped with the connection). */
async function readAnswer(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_ANSWER_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The URL as errors show it: no userinfo, no query string (either may carry a token). */
export function displayUrl(url: URL | string): string {
  const u = new URL(String(url));
  u.username = "";
  u.password = "";
  u.search = "";
  u.hash = "";
  return u.toString();
}

function tlsOf(dest: Pick<AlertDestination, "tlsMode" | "caPem" | "fingerprint">): ProxmoxTls {
  switch (dest.tlsMode) {
    case "ca":
      return { mode: "ca", caPem: dest.caPem ?? "" };
    case "fingerprint":
      return { mode: "fingerprint", fingerprint: dest.fingerprint ?? "" };
    case "insecure":
      return { mode: "insecure" };
    default:
      return { mode: "system" };
  }
}

// ---------------------------------------------------------------------------------------------------
// E-mail

async function sendEmail(
  dest: AlertDestination,
  message: AlertMessage,
  secrets: string[],
): Promise<SendResult> {
  if (!dest.smtpUrl) throw new AlertSendError("this e-mail destination has no SMTP URL");
  if (!dest.emailFrom) throw new AlertSendError("this e-mail destination has no sender address");
  if (dest.emailTo.length === 0) throw new AlertSendError("this e-mail destination has no recipients");
  if (!URL.canParse(dest.smtpUrl)) throw new AlertSendError("the SMTP URL is not a valid URL");
  const smtp = new URL(dest.smtpUrl);
  if (smtp.protocol !== "smtp:" && smtp.protocol !== "smtps:") {
    throw new AlertSendError(`SMTP URLs are smtp:// or smtps://, not ${smtp.protocol}//`);
  }
  // smtps:// is TLS from the first byte (port 465); smtp:// upgrades with STARTTLS when the server offers it
  // (port 587, nodemailer's default, when none is given).
  const secure = smtp.protocol === "smtps:";
  const host = smtp.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = smtp.port ? Number(smtp.port) : secure ? 465 : 587;
  const user = decodeURIComponent(smtp.username);
  const pass = dest.smtpPasswordEncrypted ? reveal(dest.smtpPasswordEncrypted, secrets) : undefined;
  if (user && pass === undefined) {
    throw new AlertSendError(`the SMTP URL names the user ${user} but no SMTP password is stored`);
  }
  const timeoutMs = dest.timeoutMs;
  const tlsOptions = await smtpTls(dest, { host, port, secure, timeoutMs });

  const mail = renderEmail(message);
  const transport = nodemailer.createTransport({
    host,
    port,
    secure,
    // A pinned certificate or a private CA only means something over TLS: the server must offer STARTTLS
    // (else someone on the path could strip it and read the password). With the system store it is used
    // whenever the server offers it.
    requireTLS: !secure && (dest.tlsMode === "ca" || dest.tlsMode === "fingerprint"),
    ...(user ? { auth: { user, pass } } : {}),
    tls: tlsOptions,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    logger: false,
    debug: false,
  });
  try {
    const info = await transport.sendMail({
      from: dest.emailFrom,
      to: dest.emailTo,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    });
    const response = String(info.response ?? "");
    const code = Number(response.match(/^(\d{3})/)?.[1] ?? 250);
    return { status: code, detail: response };
  } catch (err) {
    const { code, responseCode } = err as { code?: unknown; responseCode?: unknown };
    // nodemailer says only "Timeout" or "Greeting never received": name the server and the limit too.
    if (code === "ETIMEDOUT") {
      throw new AlertSendError(
        `no answer from ${smtp.protocol}//${smtp.host} within ${timeoutMs} ms (${reasonOf(err)})`,
      );
    }
    throw new AlertSendError(reasonOf(err), typeof responseCode === "number" ? responseCode : undefined);
  } finally {
    transport.close();
  }
}

/** node:tls options for the SMTP connection (the implicit TLS one, or the STARTTLS upgrade). */
async function smtpTls(
  dest: AlertDestination,
  where: { host: string; port: number; secure: boolean; timeoutMs: number },
): Promise<tls.ConnectionOptions> {
  switch (dest.tlsMode) {
    case "ca":
      // Only this CA is trusted, and the host name is still checked.
      return { ca: dest.caPem ?? "", rejectUnauthorized: true };
    case "insecure":
      return { rejectUnauthorized: false };
    case "fingerprint":
      return pinnedTls(dest.fingerprint ?? "", where);
    default:
      return { rejectUnauthorized: true };
  }
}

/**
 * Pinning for SMTP. Node calls checkServerIdentity only once the chain has verified, and nodemailer gives
 * no hook between its TLS handshake and AUTH, so the certificate is first fetched over a short connection
 * of our own (STARTTLS spoken by hand for smtp://) and compared with the pin; the real connection then
 * trusts exactly that certificate and checks its fingerprint again (a server that changes certificates in
 * between fails the chain or the pin, before the password is sent).
 */
async function pinnedTls(
  fingerprint: string,
  where: { host: string; port: number; secure: boolean; timeoutMs: number },
): Promise<tls.ConnectionOptions> {
  const expected = normalizeFingerprint(fingerprint);
  if (!expected) throw new AlertSendError("TLS fingerprint must be a SHA-256 hex digest (64 hex digits)");
  const cert = await fetchSmtpCertificate(where);
  const actual = normalizeFingerprint(cert.fingerprint256);
  if (actual !== expected) {
    throw new FingerprintMismatchError(
      formatFingerprint(expected),
      actual ? formatFingerprint(actual) : "none",
    );
  }
  return {
    ca: cert.toString(),
    allowPartialTrustChain: true,
    rejectUnauthorized: true,
    // The pin replaces the host name check, as for Proxmox endpoints pinned by fingerprint.
    checkServerIdentity: (_host: string, peer: PeerCertificate) => {
      const got = peer.fingerprint256 ? normalizeFingerprint(peer.fingerprint256) : null;
      if (got === expected) return undefined;
      return new FingerprintMismatchError(formatFingerprint(expected), got ? formatFingerprint(got) : "none");
    },
  } as tls.ConnectionOptions;
}

/** The server's certificate: over implicit TLS, or after EHLO + STARTTLS on a plain SMTP connection. */
function fetchSmtpCertificate(where: {
  host: string;
  port: number;
  secure: boolean;
  timeoutMs: number;
}): Promise<X509Certificate> {
  const servername = net.isIP(where.host) ? undefined : where.host;
  return new Promise((resolve, reject) => {
    let socket: net.Socket | undefined;
    let done = false;
    const finish = (err: Error | null, cert?: X509Certificate) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket?.destroy();
      if (err) reject(err);
      else if (cert) resolve(cert);
    };
    const timer = setTimeout(() => {
      const scheme = where.secure ? "smtps" : "smtp";
      const host = net.isIPv6(where.host) ? `[${where.host}]` : where.host;
      finish(
        new AlertSendError(`no answer from ${scheme}://${host}:${where.port} within ${where.timeoutMs} ms`),
      );
    }, where.timeoutMs);
    const handshake = (plain?: net.Socket) => {
      const secured = tls.connect({
        ...(plain ? { socket: plain } : { host: where.host, port: where.port }),
        servername,
        rejectUnauthorized: false,
      });
      socket = secured;
      secured.once("error", (err) => finish(err));
      secured.once("secureConnect", () => {
        const peer = secured.getPeerCertificate();
        if (!peer?.raw) finish(new Error("the SMTP server presented no certificate"));
        else finish(null, new X509Certificate(peer.raw));
      });
    };
    if (where.secure) {
      handshake();
      return;
    }
    const plain = net.connect({ host: where.host, port: where.port });
    socket = plain;
    plain.once("error", (err) => finish(err));
    let buffered = "";
    let stage: "greeting" | "ehlo" | "starttls" = "greeting";
    let offersStarttls = false;
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString("latin1");
      let nl = buffered.indexOf("\n");
      while (nl >= 0) {
        const line = buffered.slice(0, nl).replace(/\r$/, "");
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf("\n");
        const code = line.slice(0, 3);
        const last = line[3] !== "-";
        if (stage === "ehlo" && /^STARTTLS\b/i.test(line.slice(4))) offersStarttls = true;
        if (!last) continue;
        if (stage === "greeting") {
          if (code !== "220") return finish(new Error(`the SMTP server greeted with: ${line}`));
          stage = "ehlo";
          plain.write("EHLO proxbox\r\n");
        } else if (stage === "ehlo") {
          if (code !== "250") return finish(new Error(`the SMTP server refused EHLO: ${line}`));
          if (!offersStarttls) {
            return finish(
              new AlertSendError(
                "the SMTP server does not offer STARTTLS, so its certificate fingerprint cannot be checked",
              ),
            );
          }
          stage = "starttls";
          plain.write("STARTTLS\r\n");
        } else {
          if (code !== "220") return finish(new Error(`the SMTP server refused STARTTLS: ${line}`));
          plain.removeListener("data", onData);
          return handshake(plain);
        }
      }
    };
    plain.on("data", onData);
  });
}

// ---------------------------------------------------------------------------------------------------

function reveal(stored: string, secrets: string[]): string {
  const plain = decryptSecret(stored);
  secrets.push(plain);
  return plain;
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Replaces every occurrence of a secret (4+ characters: shorter ones would mangle ordinary words). */
function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("[secret]");
  return out;
}
