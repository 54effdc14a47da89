import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { SMTPServer } from "smtp-server";
import { generateCertificate } from "@/simulator/certs";

// Real local receivers for alert delivery tests: an HTTP(S) webhook receiver with programmable answers and
// an SMTP server (the `smtp-server` package) that collects what it is sent. Nothing of our own sending code
// is replaced: the senders talk to these over real sockets.

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as received (a signature is computed over these bytes). */
  raw: Buffer;
  /** Date.now() when the body was complete. */
  at: number;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** The answers still to give (push more to program the next requests). */
  answers: Array<number | "hang">;
  /** HTTPS only: the certificate's SHA-256 fingerprint (AA:BB:… form) and its PEM (usable as a CA). */
  fingerprint?: string;
  certPem?: string;
  close(): Promise<void>;
}

/** What the receiver answers to the body of a non-2xx reply, so tests can look for the excerpt. */
export function receiverErrorBody(status: number): string {
  return `receiver refuses this delivery with ${status}`;
}

/**
 * A webhook receiver. `answers` is consumed one entry per request, in order: a status code is answered with
 * that status (non-2xx with `receiverErrorBody(status)`), "hang" reads the body and never answers. Once the
 * list is used up every request gets 200 `{"ok":true}`. Every request is recorded, hung ones included.
 */
export async function startHttpReceiver(
  opts: { https?: boolean; answers?: Array<number | "hang"> } = {},
): Promise<HttpReceiver> {
  const answers = [...(opts.answers ?? [])];
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        path: req.url ?? "",
        headers: { ...req.headers },
        raw: Buffer.concat(chunks),
        at: Date.now(),
      });
      const answer = answers.length > 0 ? answers.shift() : 200;
      if (answer === "hang") return;
      const status = answer ?? 200;
      const ok = status >= 200 && status < 300;
      res.writeHead(status, { "content-type": ok ? "application/json" : "text/plain" });
      res.end(ok ? '{"ok":true}' : receiverErrorBody(status));
    });
  };
  let server: http.Server | https.Server;
  let fingerprint: string | undefined;
  let certPem: string | undefined;
  if (opts.https) {
    const cert = await generateCertificate();
    fingerprint = cert.fingerprint;
    certPem = cert.cert;
    server = https.createServer({ key: cert.key, cert: cert.cert }, handler);
  } else {
    server = http.createServer(handler);
  }
  // Hung requests keep their sockets open: close() destroys them so a test never waits on them.
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("secureConnection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${opts.https ? "https" : "http"}://127.0.0.1:${port}/hook`,
    requests,
    answers,
    fingerprint,
    certPem,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The whole message as received (headers and MIME body). */
  raw: string;
  /** Whether the session was TLS (implicit or after STARTTLS) when the message arrived. */
  secure: boolean;
  /** The user the session authenticated as, if any. */
  user?: string;
}

export interface SmtpTestServer {
  port: number;
  /** Messages accepted (250); one refused through `answers` is counted in `refused` instead. */
  messages: ReceivedMail[];
  refused: number;
  /** The DATA answers still to give (push more to program the next messages). */
  answers: number[];
  /** AUTH attempts in order: the SASL method and whether the password matched. */
  authAttempts: Array<{ method: string; user: string; ok: boolean }>;
  /** Connection errors the server reported (e.g. a client that closed during the TLS handshake). */
  errors: Error[];
  /** The self-signed certificate when the server speaks TLS (secure or starttls). */
  certPem?: string;
  fingerprint?: string;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1. `secure`: implicit TLS (smtps). `starttls`: offers STARTTLS on the plain
 * port. `auth`: AUTH is required and the password is checked in onAuth (`authMethods` limits what is
 * offered, e.g. ["LOGIN"]); without it no AUTH is offered and any sender is accepted. `answers` is consumed
 * one entry per message: a code other than 250 refuses the message after DATA with that code (451: try
 * again later, 554: rejected); once used up every message is accepted.
 */
export async function startSmtpServer(
  opts: {
    secure?: boolean;
    auth?: { user: string; pass: string };
    starttls?: boolean;
    authMethods?: string[];
    answers?: number[];
  } = {},
): Promise<SmtpTestServer> {
  const messages: ReceivedMail[] = [];
  const answers = [...(opts.answers ?? [])];
  let refused = 0;
  const authAttempts: SmtpTestServer["authAttempts"] = [];
  const tls = opts.secure || opts.starttls ? await generateCertificate() : undefined;
  const disabled: string[] = [];
  if (!opts.auth) disabled.push("AUTH");
  if (!opts.secure && !opts.starttls) disabled.push("STARTTLS");
  const server = new SMTPServer({
    secure: !!opts.secure,
    ...(tls ? { key: tls.key, cert: tls.cert } : {}),
    logger: false,
    disabledCommands: disabled,
    authOptional: !opts.auth,
    // Tests authenticate over plain connections too (the server only has to check the password).
    allowInsecureAuth: true,
    ...(opts.authMethods ? { authMethods: opts.authMethods } : {}),
    onAuth(auth, _session, callback) {
      const ok = !!opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass;
      authAttempts.push({ method: auth.method, user: auth.username ?? "", ok });
      if (!ok) {
        callback(new Error("Authentication credentials invalid (535)"));
        return;
      }
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const answer = answers.length > 0 ? answers.shift() : 250;
        if (answer !== undefined && answer !== 250) {
          refused += 1;
          callback(
            Object.assign(new Error(`test server refuses this message (${answer})`), {
              responseCode: answer,
            }),
          );
          return;
        }
        const from = session.envelope.mailFrom;
        messages.push({
          from: from ? from.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          secure: !!session.secure,
          user: typeof session.user === "string" ? session.user : undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  // Clients that hang up mid-handshake (a failed pin, a refused certificate) are errors of the connection,
  // which smtp-server emits on the server: kept for tests to look at, never thrown.
  const errors: Error[] = [];
  server.on("error", (err: Error) => errors.push(err));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    messages,
    get refused() {
      return refused;
    },
    answers,
    authAttempts,
    errors,
    certPem: tls?.cert,
    fingerprint: tls?.fingerprint,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Text of one MIME part of a received message (decoding quoted-printable and base64), or null. */
export function mimePart(raw: string, contentType: "text/plain" | "text/html"): string | null {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]);
  for (const boundary of boundaries) {
    for (const part of raw.split(`--${boundary}`)) {
      const split = part.search(/\r?\n\r?\n/);
      if (split < 0) continue;
      const head = part.slice(0, split);
      if (!new RegExp(`^content-type:\\s*${contentType.replace("/", "\\/")}`, "im").test(head)) continue;
      const body = part.slice(split).replace(/^\r?\n\r?\n/, "");
      const encoding = head.match(/^content-transfer-encoding:\s*(\S+)/im)?.[1]?.toLowerCase();
      if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
      if (encoding === "quoted-printable") {
        const bytes = body
          .replace(/=\r?\n/g, "")
          .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
        return Buffer.from(bytes, "latin1").toString("utf8");
      }
      return body;
    }
  }
  return null;
}

/** The decoded Subject header of a received message (RFC 2047 encoded words included). */
export function mailSubject(raw: string): string | null {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? "";
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const line = unfolded.match(/^subject:\s*(.*)$/im)?.[1];
  if (line === undefined) return null;
  return line
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_m, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            "latin1",
          ).toString("utf8"),
    );
}
