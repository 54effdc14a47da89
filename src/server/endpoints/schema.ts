import { z } from "zod";
import { fingerprintField } from "@/lib/fingerprint";
import { DEFAULT_GRACE_FACTOR, DEFAULT_STUCK_AFTER_SECONDS } from "@/lib/recovery-point";

// What an operator may set on an endpoint. Secrets are write-only: they go in here and never come out.
const tokenIdPattern = /^[^@\s!]+@[^@\s!]+![A-Za-z][A-Za-z0-9._-]*$/;

// Without defaults: an update changes only what it names.
const settableFields = z.object({
  name: z.string().trim().min(1).max(100),
  url: z
    .string()
    .trim()
    .url()
    .refine(
      (u) => new URL(u).protocol === "https:",
      "must be an https:// URL, e.g. https://pve1.example.com:8006",
    )
    .refine(
      (u) => ["", "/"].includes(new URL(u).pathname),
      "must not contain a path (just https://host:8006)",
    )
    .transform((u) => u.replace(/\/$/, "")),
  authMode: z.enum(["token", "ticket"]),
  tokenId: z.string().trim().regex(tokenIdPattern, "must look like USER@REALM!TOKENID").optional(),
  tokenSecret: z.string().min(1).optional(),
  username: z
    .string()
    .trim()
    .regex(/^[^@\s]+@[^@\s]+$/, "must look like USER@REALM")
    .optional(),
  password: z.string().min(1).optional(),
  tlsMode: z.enum(["system", "ca", "fingerprint", "insecure"]),
  caPem: z.string().includes("BEGIN CERTIFICATE", { message: "must be a PEM certificate" }).optional(),
  fingerprint: fingerprintField.optional(),
  connectTimeoutMs: z.number().int().min(100).max(120_000),
  requestTimeoutMs: z.number().int().min(100).max(600_000),
  enabled: z.boolean(),
  timezone: z.string().optional(),
  // Recovery point (issue 13): a job is overdue when its recovery point is older than its expected
  // interval × this factor (plus the last run's duration); below 1 a job on schedule would count as
  // overdue between runs, so the form suggests ≥ 1, but a stricter reading (e.g. 0.5) is the operator's call.
  overdueGraceFactor: z.number().positive().max(100),
  // A run in progress longer than this counts as stuck; below the scheduler's minute tick it would
  // flag ordinary runs.
  stuckAfterSeconds: z.number().int().min(60).max(2_147_483_647),
});

/** What a new endpoint gets when a setting is not given. */
export const endpointFields = settableFields.extend({
  authMode: settableFields.shape.authMode.default("token"),
  tlsMode: settableFields.shape.tlsMode.default("system"),
  connectTimeoutMs: settableFields.shape.connectTimeoutMs.default(5000),
  requestTimeoutMs: settableFields.shape.requestTimeoutMs.default(30_000),
  enabled: settableFields.shape.enabled.default(true),
  overdueGraceFactor: settableFields.shape.overdueGraceFactor.default(DEFAULT_GRACE_FACTOR),
  stuckAfterSeconds: settableFields.shape.stuckAfterSeconds.default(DEFAULT_STUCK_AFTER_SECONDS),
});

function checkModes(
  v: Partial<z.output<typeof endpointFields>>,
  ctx: z.RefinementCtx,
  existing?: { hasSecret: boolean },
) {
  const need = (field: string, message: string) => ctx.addIssue({ code: "custom", path: [field], message });
  if (v.authMode === "token") {
    if (!v.tokenId) need("tokenId", "required for API token authentication");
    if (!v.tokenSecret && !existing?.hasSecret) need("tokenSecret", "required for API token authentication");
  }
  if (v.authMode === "ticket") {
    if (!v.username) need("username", "required for ticket authentication");
    if (!v.password && !existing?.hasSecret) need("password", "required for ticket authentication");
  }
  if (v.tlsMode === "ca" && !v.caPem) need("caPem", "required when TLS mode is a custom CA");
  if (v.tlsMode === "fingerprint" && !v.fingerprint)
    need("fingerprint", "required when TLS mode is a fingerprint pin");
}

export const endpointCreateInput = endpointFields.superRefine((v, ctx) => checkModes(v, ctx));
export type EndpointCreateInput = z.input<typeof endpointCreateInput>;

export const endpointUpdateInput = settableFields.partial();
export type EndpointUpdateInput = z.input<typeof endpointUpdateInput>;
export { checkModes };
