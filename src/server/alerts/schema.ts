import { z } from "zod";
import { fingerprintField } from "@/lib/fingerprint";
import { TRANSITIONS } from "./types";

// What an operator may set on alert rules and destinations (UI forms, tRPC, REST, CLI). Secrets — the
// webhook's HMAC key, custom header values, the SMTP password — are write-only: they go in here and
// never come out (see destinationView). Without defaults: the service applies them on create only, so
// an update changes just what it names.

// RFC 9110 token characters: what a header name may be made of.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Set by the sender itself: a custom header must not replace the signature or break the framing.
const RESERVED_HEADERS = new Set([
  "x-proxbox-signature",
  "content-type",
  "content-length",
  "transfer-encoding",
  "host",
  "connection",
]);

const SMTP_URL_HINT = "must look like smtp://[user[:password]@]host[:port] or smtps://… (no path)";
const address = z.email({ message: "must be an e-mail address" });

export const destinationFields = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(["webhook", "email"]),
  description: z.string().trim().max(200),
  // webhook
  url: z
    .string()
    .trim()
    .refine(
      (u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol),
      "must be an http:// or https:// URL",
    ),
  /** HMAC-SHA256 key; null clears it. */
  secret: z.string().min(1).max(1024).nullable(),
  /** name → value; {} clears them all. */
  headers: z.record(z.string(), z.string()).superRefine((headers, ctx) => {
    const seen = new Set<string>();
    for (const [name, value] of Object.entries(headers)) {
      // Header names are case-insensitive: two spellings would be one header sent twice.
      if (seen.has(name.toLowerCase()))
        ctx.addIssue({ code: "custom", message: `${name} is given twice (names are case-insensitive)` });
      seen.add(name.toLowerCase());
      if (!HEADER_NAME.test(name))
        ctx.addIssue({ code: "custom", message: `${JSON.stringify(name)} is not a valid header name` });
      else if (RESERVED_HEADERS.has(name.toLowerCase()))
        ctx.addIssue({ code: "custom", message: `${name} is set by Proxbox and cannot be replaced` });
      // The value is a secret: say what is wrong with it, never echo it.
      if (/[\r\n\0]/.test(value))
        ctx.addIssue({ code: "custom", message: `the value of ${name} contains a line break` });
    }
  }),
  tlsMode: z.enum(["system", "ca", "fingerprint", "insecure"]),
  caPem: z.string().includes("BEGIN CERTIFICATE", { message: "must be a PEM certificate" }).nullable(),
  fingerprint: fingerprintField.nullable(),
  timeoutMs: z.number().int().min(1000).max(120_000),
  // email
  emailTo: z.array(address).min(1, "give at least one recipient"),
  emailFrom: address,
  /** smtp[s]://[user[:pass]@]host[:port]; a password in it is split out and stored encrypted. */
  smtpUrl: z
    .string()
    .trim()
    .refine((u) => parseSmtpUrl(u) !== null, SMTP_URL_HINT),
  /** null clears it. */
  smtpPassword: z.string().min(1).max(1024).nullable(),
});

export const destinationInput = destinationFields.partial();
export type DestinationInput = z.input<typeof destinationInput>;
/** A new destination: name, kind and the kind's address are required (checked by the service). */
export const destinationCreateInput = destinationInput.extend({
  name: destinationFields.shape.name,
  kind: destinationFields.shape.kind,
});
export type DestinationCreateInput = z.input<typeof destinationCreateInput>;

/** Which fields belong to one kind only. */
export const WEBHOOK_ONLY = ["url", "secret", "headers", "tlsMode", "caPem", "fingerprint"] as const;
export const EMAIL_ONLY = ["emailTo", "emailFrom", "smtpUrl", "smtpPassword"] as const;

export interface SmtpUrl {
  /** The URL without the password: smtp[s]://[user@]host[:port]. */
  url: string;
  password: string | null;
}

/** Splits smtp[s]://[user[:pass]@]host[:port]; null when it is not such a URL. */
export function parseSmtpUrl(text: string): SmtpUrl | null {
  if (!URL.canParse(text)) return null;
  const u = new URL(text);
  if (u.protocol !== "smtp:" && u.protocol !== "smtps:") return null;
  if (!u.hostname || !["", "/"].includes(u.pathname) || u.search || u.hash) return null;
  if (!u.username && u.password) return null;
  const user = u.username ? `${u.username}@` : "";
  let password: string | null = null;
  try {
    password = u.password ? decodeURIComponent(u.password) : null;
  } catch {
    return null;
  }
  return { url: `${u.protocol}//${user}${u.host}`, password };
}

export const ruleFields = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(200),
  enabled: z.boolean(),
  transitions: z
    .array(z.enum(TRANSITIONS, { message: `must be among ${TRANSITIONS.join(", ")}` }))
    .min(1, `give at least one of ${TRANSITIONS.join(", ")}`)
    .transform((t) => TRANSITIONS.filter((x) => t.includes(x))),
  /** Empty = every endpoint. */
  endpointIds: z.array(z.number().int().positive()),
  /** A query string over replications, as the list's URL takes it: "target=pve3&guest__gte=100". */
  filter: z
    .string()
    .trim()
    .max(2000)
    .transform((f) => f.replace(/^\?/, "")),
  digestSeconds: z.number().int().min(0).max(86_400),
  destinationIds: z.array(z.number().int().positive()).min(1, "give at least one destination"),
});

export const ruleInput = ruleFields.partial();
export type RuleInput = z.input<typeof ruleInput>;
export const ruleCreateInput = ruleInput.extend({
  name: ruleFields.shape.name,
  transitions: ruleFields.shape.transitions,
  destinationIds: ruleFields.shape.destinationIds,
});
export type RuleCreateInput = z.input<typeof ruleCreateInput>;

export const DELIVERY_STATES = ["collecting", "queued", "sending", "retrying", "sent", "failed"] as const;

export const deliveryQuery = z.object({
  ruleId: z.number().int().positive().optional(),
  destinationId: z.number().int().positive().optional(),
  state: z.enum(DELIVERY_STATES).optional(),
  limit: z.number().int().min(1).max(1000).default(50),
  offset: z.number().int().min(0).default(0),
});
export type DeliveryQuery = z.input<typeof deliveryQuery>;
