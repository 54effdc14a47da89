import type { IncomingMessage, ServerResponse } from "node:http";
import { type ApiReply, PveError } from "./api";
import type { FaultSpec } from "./faults";

// Wire format of pve-http-server (spec §1.0): `{"data":…}` envelope, errors with the first line of the
// message as status reason, 401 without body.

export const JSON_TYPE = "application/json;charset=UTF-8";
const MAX_BODY = 1024 * 1024;

/** Form or JSON body of a POST/PUT, as PVE sees it: flat string parameters. */
export async function readParams(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new PveError(413, "request entity too large");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return {};
  if ((req.headers["content-type"] ?? "").includes("application/json")) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new PveError(400, "malformed JSON request body");
    }
    if (!json || typeof json !== "object" || Array.isArray(json)) return {};
    return Object.fromEntries(
      Object.entries(json as Record<string, unknown>).map(([k, v]) => [
        k,
        typeof v === "boolean" ? (v ? "1" : "0") : String(v),
      ]),
    );
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** Status reasons must be plain ASCII on the wire. */
function reasonText(text: string): string {
  const first = text.split("\n")[0] ?? "";
  return first.replace(/[^\x20-\x7e]/g, "?").slice(0, 200);
}

export interface Outgoing {
  status: number;
  reason?: string;
  body: string;
}

export function replyToOutgoing(reply: ApiReply): Outgoing {
  if (reply.body !== undefined)
    return { status: reply.status ?? 200, reason: reply.reason, body: reply.body };
  const envelope: Record<string, unknown> = { data: reply.data ?? null };
  if (reply.total !== undefined) envelope.total = reply.total;
  return { status: reply.status ?? 200, reason: reply.reason, body: JSON.stringify(envelope) };
}

export function errorToOutgoing(error: unknown): Outgoing {
  if (error instanceof PveError) {
    // 401 and pveproxy's 59x pseudo statuses carry no JSON body.
    if (error.status === 401 || (error.status >= 595 && error.status <= 599)) {
      return { status: error.status, reason: error.message, body: "" };
    }
    const body: Record<string, unknown> = { data: null, message: `${error.message}\n` };
    if (error.errors) body.errors = error.errors;
    return { status: error.status, reason: error.message, body: JSON.stringify(body) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, reason: message, body: JSON.stringify({ data: null, message: `${message}\n` }) };
}

export function faultToOutgoing(fault: FaultSpec & { status: number }): Outgoing {
  const reason = fault.reason ?? "";
  if (fault.body !== undefined) {
    const body = typeof fault.body === "string" ? fault.body : JSON.stringify(fault.body);
    return { status: fault.status, reason, body };
  }
  if (fault.status === 401 || (fault.status >= 595 && fault.status <= 599)) {
    return { status: fault.status, reason, body: "" };
  }
  const message = reason || `simulated ${fault.status}`;
  return { status: fault.status, reason, body: JSON.stringify({ data: null, message: `${message}\n` }) };
}

/** Writes the answer, optionally damaged the way a fault asks for. */
export function send(
  res: ServerResponse,
  out: Outgoing,
  damage?: { truncate?: boolean; malformed?: boolean },
): void {
  let body = Buffer.from(out.body, "utf8");
  if (damage?.malformed) {
    // Cut the JSON in the middle and append junk: a parser must reject it.
    body = Buffer.concat([body.subarray(0, Math.floor(body.length / 2)), Buffer.from("<<garbage>>\u0000")]);
  }
  const headers: Record<string, string | number> = {
    "content-type": JSON_TYPE,
    "content-length": body.length,
    "cache-control": "max-age=0",
    pragma: "no-cache",
  };
  if (out.reason) res.writeHead(out.status, reasonText(out.reason), headers);
  else res.writeHead(out.status, headers);
  if (damage?.truncate && body.length > 1) {
    // Promise the whole body, deliver half, then drop the connection.
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    return;
  }
  res.end(body);
}
