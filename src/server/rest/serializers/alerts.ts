import { z } from "zod";
import { DELIVERY_STATES } from "@/server/alerts/schema";
import type { DeliveryView, DestinationView, RuleView } from "@/server/alerts/service";
import { TRANSITIONS } from "@/server/alerts/types";
import { choice, isoDateTime } from "../representation";
import type { UrlBuilder } from "../urls";
import { choiceSchema, dateTime, nestedEndpointSchema } from "./common";
import { TLS_MODE } from "./endpoint";
import { nestedEndpoint } from "./inventory";

// Alert destinations, rules and deliveries as the API shows them. A destination's secrets (the HMAC
// key, header values, the SMTP password) are write-only: responses say only whether one is stored.
// `url` is the API self link, as everywhere in NetBox, so the webhook's address is `webhook_url`.

export const DESTINATION_KIND = { webhook: "Webhook", email: "E-mail" } as const;
export const DELIVERY_STATE: Record<(typeof DELIVERY_STATES)[number], string> = {
  collecting: "Collecting (digest window open)",
  queued: "Queued",
  sending: "Sending",
  retrying: "Retrying",
  sent: "Sent",
  failed: "Failed",
};

export const nestedDestinationSchema = z
  .object({
    id: z.int(),
    url: z.url(),
    display: z.string(),
    name: z.string(),
    kind: choiceSchema(["webhook", "email"]),
  })
  .meta({ id: "NestedAlertDestination" });

export const nestedRuleSchema = z
  .object({ id: z.int(), url: z.url(), display: z.string(), name: z.string() })
  .meta({ id: "NestedAlertRule" });

const nestedDestination = (d: { id: number; name: string; kind: string }, url: UrlBuilder) => ({
  id: d.id,
  url: url("alert-destinations", d.id),
  display: d.name,
  name: d.name,
  kind: choice(DESTINATION_KIND, d.kind as "webhook" | "email"),
});

export const destinationSchema = z
  .object({
    id: z.int(),
    url: z.url(),
    display: z.string(),
    name: z.string(),
    kind: choiceSchema(["webhook", "email"]),
    description: z.string(),
    webhook_url: z.string().nullable(),
    header_names: z.array(z.string()).meta({ description: "custom headers sent (values are write-only)" }),
    has_secret: z.boolean().meta({ description: "an HMAC-SHA256 key for X-Proxbox-Signature is stored" }),
    tls_mode: choiceSchema(["system", "ca", "fingerprint", "insecure"]),
    ca_pem: z.string().nullable(),
    fingerprint: z.string().nullable(),
    timeout_ms: z.int(),
    email_to: z.array(z.string()),
    email_from: z.string().nullable(),
    smtp_url: z.string().nullable().meta({ description: "smtp[s]://[user@]host[:port], never the password" }),
    has_smtp_password: z.boolean(),
    created: dateTime,
    last_updated: dateTime,
  })
  .meta({ id: "AlertDestination" });

export const destinationWriteSchema = z
  .object({
    name: z.string(),
    kind: z.enum(["webhook", "email"]),
    description: z.string(),
    webhook_url: z.string().meta({ description: "webhook: the http(s) URL POSTed to" }),
    secret: z
      .string()
      .nullable()
      .meta({ description: "webhook, write-only: HMAC-SHA256 key; null clears it, leaving it out keeps it" }),
    headers: z.record(z.string(), z.string()).meta({
      description:
        "webhook, write-only: {name: value}; {} clears them; required again when webhook_url or the TLS settings change",
    }),
    tls_mode: z.enum(["system", "ca", "fingerprint", "insecure"]),
    ca_pem: z.string().nullable(),
    fingerprint: z.string().nullable(),
    timeout_ms: z.int().meta({ description: "1000–120000; default 10000" }),
    email_to: z.array(z.string()),
    email_from: z.string().meta({ description: "default proxbox@<public host>" }),
    smtp_url: z.string().meta({
      description: "smtp[s]://[user[:password]@]host[:port]; a password in it is stored encrypted, apart",
    }),
    smtp_password: z
      .string()
      .nullable()
      .meta({ description: "write-only; required again when smtp_url changes; null clears it" }),
  })
  .partial()
  .meta({ id: "AlertDestinationRequest" });

/** REST field name → the alert service's field name. */
export const DESTINATION_FIELD_NAMES: Record<string, string> = {
  name: "name",
  kind: "kind",
  description: "description",
  webhook_url: "url",
  secret: "secret",
  headers: "headers",
  tls_mode: "tlsMode",
  ca_pem: "caPem",
  fingerprint: "fingerprint",
  timeout_ms: "timeoutMs",
  email_to: "emailTo",
  email_from: "emailFrom",
  smtp_url: "smtpUrl",
  smtp_password: "smtpPassword",
};

export function serializeDestination(
  d: DestinationView,
  url: UrlBuilder,
): z.output<typeof destinationSchema> {
  return {
    id: d.id,
    url: url("alert-destinations", d.id),
    display: d.name,
    name: d.name,
    kind: choice(DESTINATION_KIND, d.kind),
    description: d.description,
    webhook_url: d.url,
    header_names: d.headerNames,
    has_secret: d.hasSecret,
    tls_mode: choice(TLS_MODE, d.tlsMode),
    ca_pem: d.caPem,
    fingerprint: d.fingerprint,
    timeout_ms: d.timeoutMs,
    email_to: d.emailTo,
    email_from: d.emailFrom,
    smtp_url: d.smtpUrl,
    has_smtp_password: d.hasSmtpPassword,
    created: isoDateTime(d.created),
    last_updated: isoDateTime(d.lastUpdated),
  };
}

export const ruleSchema = z
  .object({
    id: z.int(),
    url: z.url(),
    display: z.string(),
    name: z.string(),
    description: z.string(),
    enabled: z.boolean(),
    transitions: z.array(z.enum(TRANSITIONS)),
    endpoints: z.array(nestedEndpointSchema).meta({ description: "empty = every endpoint" }),
    filter: z.string().meta({ description: "a replication list query, e.g. target=pve3&guest__gte=100" }),
    digest_seconds: z.int().meta({ description: "0 = one message per transition" }),
    destinations: z.array(nestedDestinationSchema),
    created: dateTime,
    last_updated: dateTime,
  })
  .meta({ id: "AlertRule" });

const idList = z.array(z.union([z.int(), z.object({ id: z.int() })]));

export const ruleWriteSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    enabled: z.boolean(),
    transitions: z.array(z.enum(TRANSITIONS)),
    endpoints: idList.meta({ description: "endpoint ids; empty = every endpoint" }),
    filter: z.string(),
    digest_seconds: z.int().meta({ description: "0–86400; default 0" }),
    destinations: idList.meta({ description: "alert destination ids (at least one)" }),
  })
  .partial()
  .meta({ id: "AlertRuleRequest" });

export const RULE_FIELD_NAMES: Record<string, string> = {
  name: "name",
  description: "description",
  enabled: "enabled",
  transitions: "transitions",
  endpoints: "endpointIds",
  filter: "filter",
  digest_seconds: "digestSeconds",
  destinations: "destinationIds",
};

export function serializeRule(r: RuleView, url: UrlBuilder): z.output<typeof ruleSchema> {
  return {
    id: r.id,
    url: url("alert-rules", r.id),
    display: r.name,
    name: r.name,
    description: r.description,
    enabled: r.enabled,
    transitions: r.transitions as z.output<typeof ruleSchema>["transitions"],
    endpoints: r.endpoints.map((e) => nestedEndpoint(e, url)),
    filter: r.filter,
    digest_seconds: r.digestSeconds,
    destinations: r.destinations.map((d) => nestedDestination(d, url)),
    created: isoDateTime(r.created),
    last_updated: isoDateTime(r.lastUpdated),
  };
}

export const deliverySchema = z
  .object({
    id: z.int(),
    url: z.url(),
    display: z.string(),
    rule: nestedRuleSchema,
    destination: nestedDestinationSchema,
    state: choiceSchema(DELIVERY_STATES),
    event_count: z.int(),
    attempts: z.int(),
    attempt_log: z.array(
      z.object({
        at: z.string(),
        ok: z.boolean(),
        status: z.int().optional(),
        error: z.string().optional(),
        ms: z.number().optional(),
      }),
    ),
    last_error: z.string().nullable(),
    due_at: dateTime,
    created: dateTime,
    sent_at: dateTime.nullable(),
  })
  .meta({ id: "AlertDelivery" });

export function serializeDelivery(d: DeliveryView, url: UrlBuilder): z.output<typeof deliverySchema> {
  return {
    id: d.id,
    url: url("alert-deliveries", d.id),
    display: `${d.rule.name} → ${d.destination.name} #${d.id}`,
    rule: { id: d.rule.id, url: url("alert-rules", d.rule.id), display: d.rule.name, name: d.rule.name },
    destination: nestedDestination(d.destination, url),
    state: choice(DELIVERY_STATE, d.state as (typeof DELIVERY_STATES)[number]),
    event_count: d.eventCount,
    attempts: d.attempts,
    attempt_log: d.attemptLog,
    last_error: d.lastError,
    due_at: isoDateTime(d.dueAt),
    created: isoDateTime(d.created),
    sent_at: isoDateTime(d.sentAt),
  };
}
