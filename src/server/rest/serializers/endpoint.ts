import { z } from "zod";
import type { EndpointView } from "@/server/endpoints/service";
import { choice, isoDateTime } from "../representation";
import type { UrlBuilder } from "../urls";
import { choiceSchema, dateTime } from "./common";

// A Proxmox endpoint as the API shows it. Secrets are write-only (token_secret / password in request
// bodies); responses only say whether one is stored. `url` is the API self link, as everywhere in
// NetBox, so the Proxmox address is `proxmox_url`.

export const AUTH_MODE = { token: "API token", ticket: "Username and password" } as const;
export const TLS_MODE = {
  system: "System CAs",
  ca: "Custom CA",
  fingerprint: "Pinned fingerprint",
  insecure: "Insecure (no verification)",
} as const;

export const endpointSchema = z
  .object({
    id: z.int(),
    url: z.url(),
    display: z.string(),
    name: z.string(),
    proxmox_url: z.url(),
    auth_mode: choiceSchema(["token", "ticket"]),
    token_id: z.string().nullable(),
    username: z.string().nullable(),
    has_secret: z.boolean(),
    tls_mode: choiceSchema(["system", "ca", "fingerprint", "insecure"]),
    fingerprint: z.string().nullable(),
    ca_pem: z.string().nullable(),
    tls_warning: z.string().nullable(),
    connect_timeout_ms: z.int(),
    request_timeout_ms: z.int(),
    enabled: z.boolean(),
    overdue_grace_factor: z.number().meta({
      description:
        "A job is overdue when its recovery point is older than its expected interval × this factor plus its last duration",
    }),
    stuck_after_seconds: z.int().meta({ description: "A sync running longer than this counts as stuck" }),
    cluster_name: z.string().nullable(),
    pve_version: z.string().nullable(),
    timezone: z.string().nullable(),
    warnings: z.array(z.string()),
    last_sync_at: dateTime.nullable(),
    created: dateTime,
    last_updated: dateTime,
  })
  .meta({ id: "ProxmoxEndpoint" });

export const endpointWriteSchema = z
  .object({
    name: z.string(),
    proxmox_url: z.url().meta({ description: "https://host:8006" }),
    auth_mode: z.enum(["token", "ticket"]),
    token_id: z.string().meta({ description: "USER@REALM!TOKENID" }),
    token_secret: z.string().meta({
      description:
        "write-only; required again when proxmox_url, tls_mode, fingerprint, ca_pem or token_id change (a stored secret is only sent where it was saved for)",
    }),
    username: z.string(),
    password: z.string().meta({
      description:
        "write-only; required again when proxmox_url, tls_mode, fingerprint, ca_pem or username change",
    }),
    tls_mode: z.enum(["system", "ca", "fingerprint", "insecure"]),
    ca_pem: z.string(),
    fingerprint: z.string(),
    connect_timeout_ms: z.int(),
    request_timeout_ms: z.int(),
    enabled: z.boolean(),
    timezone: z.string(),
    overdue_grace_factor: z.number().meta({ description: "> 0, at most 100; default 2" }),
    stuck_after_seconds: z.int().meta({ description: "at least 60; default 3600" }),
  })
  .partial()
  .meta({ id: "ProxmoxEndpointRequest" });

/** REST field name → the endpoint service's field name. */
export const ENDPOINT_FIELD_NAMES: Record<string, string> = {
  name: "name",
  proxmox_url: "url",
  auth_mode: "authMode",
  token_id: "tokenId",
  token_secret: "tokenSecret",
  username: "username",
  password: "password",
  tls_mode: "tlsMode",
  ca_pem: "caPem",
  fingerprint: "fingerprint",
  connect_timeout_ms: "connectTimeoutMs",
  request_timeout_ms: "requestTimeoutMs",
  enabled: "enabled",
  timezone: "timezone",
  overdue_grace_factor: "overdueGraceFactor",
  stuck_after_seconds: "stuckAfterSeconds",
};

export function serializeEndpoint(e: EndpointView, url: UrlBuilder): z.output<typeof endpointSchema> {
  return {
    id: e.id,
    url: url("endpoints", e.id),
    display: e.name,
    name: e.name,
    proxmox_url: e.url,
    auth_mode: choice(AUTH_MODE, e.authMode),
    token_id: e.tokenId,
    username: e.username,
    has_secret: e.hasSecret,
    tls_mode: choice(TLS_MODE, e.tlsMode),
    fingerprint: e.fingerprint,
    ca_pem: e.caPem,
    tls_warning: e.tlsWarning ?? null,
    connect_timeout_ms: e.connectTimeoutMs,
    request_timeout_ms: e.requestTimeoutMs,
    enabled: e.enabled,
    overdue_grace_factor: e.overdueGraceFactor,
    stuck_after_seconds: e.stuckAfterSeconds,
    cluster_name: e.clusterName,
    pve_version: e.pveVersion,
    timezone: e.timezone,
    warnings: e.warnings,
    last_sync_at: isoDateTime(e.lastSyncAt),
    created: isoDateTime(e.created),
    last_updated: isoDateTime(e.lastUpdated),
  };
}
