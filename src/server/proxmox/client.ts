import type { z } from "zod";
import { ProxmoxError, ProxmoxTlsError, redactSecrets } from "./errors";
import { interpretResponse, isRetryable, retryDelayMs } from "./response";
import {
  type ClusterResourceNode,
  type ClusterResourceStorage,
  type ClusterResourceVm,
  type ClusterStatusEntry,
  endpointSchemas,
  type HaResource,
  type NodeReplicationStatus,
  type NodeTime,
  type PveNode,
  type PvePermissions,
  type PveVersion,
  type ReplicationJob,
  type ReplicationJobConfig,
  type ReplicationLog,
} from "./schemas";
import { type AuthSession, createSession, type ProxmoxAuth, type Ticket } from "./session";
import { createDispatcher, normalizeFingerprint, type ProxmoxTls } from "./tls";
import { type HttpMethod, Transport } from "./transport";

export interface ProxmoxClientOptions {
  /** e.g. https://pve1.example.com:8006 (no path, no credentials) */
  baseUrl: string;
  auth: ProxmoxAuth;
  tls: ProxmoxTls;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Cap on one response body (default DEFAULT_MAX_RESPONSE_BYTES); larger answers fail, unbuffered. */
  maxResponseBytes?: number;
  /** Extra tries for idempotent GETs on transient failures. */
  retries?: number;
  retryBaseDelayMs?: number;
  /** Clock in epoch milliseconds (Date.now); injectable so tests can age a ticket. */
  now?: () => number;
}

export type RequestParams = Record<string, string | number | boolean | undefined>;

export interface ProxmoxClient {
  version(): Promise<PveVersion>;
  clusterStatus(): Promise<ClusterStatusEntry[]>;
  nodes(): Promise<PveNode[]>;
  nodeTime(node: string): Promise<NodeTime>;
  clusterResources(type: "vm"): Promise<ClusterResourceVm[]>;
  clusterResources(type: "storage"): Promise<ClusterResourceStorage[]>;
  clusterResources(type: "node"): Promise<ClusterResourceNode[]>;
  clusterReplication(): Promise<ReplicationJobConfig[]>;
  /** GET /cluster/ha/resources: HA-managed guests (needs Sys.Audit on `/`, else a permission error). */
  clusterHaResources(opts?: { type?: "vm" | "ct" }): Promise<HaResource[]>;
  clusterReplicationJob(id: string): Promise<ReplicationJob>;
  nodeReplication(node: string, opts?: { guest?: number }): Promise<NodeReplicationStatus[]>;
  nodeReplicationStatus(node: string, id: string): Promise<NodeReplicationStatus>;
  nodeReplicationLog(
    node: string,
    id: string,
    opts?: { start?: number; limit?: number },
  ): Promise<ReplicationLog>;
  /** GET /access/permissions: path → privilege → granted. */
  permissions(path?: string): Promise<PvePermissions>;
  /** POST /nodes/{node}/replication/{id}/schedule_now. */
  scheduleNow(node: string, id: string): Promise<unknown>;
  /** Escape hatch for endpoints without a typed method; returns the unvalidated `data`. */
  request(method: HttpMethod, path: string, params?: RequestParams): Promise<unknown>;
  close(): Promise<void>;
  readonly requestCount: number;
}

const seg = encodeURIComponent;

export function createProxmoxClient(opts: ProxmoxClientOptions): ProxmoxClient {
  const base = new URL(opts.baseUrl);
  if (base.protocol !== "https:") throw new TypeError("Proxmox baseUrl must use https://");
  if (opts.tls.mode === "fingerprint" && !normalizeFingerprint(opts.tls.fingerprint)) {
    throw new ProxmoxTlsError({
      path: "",
      detail: "configured fingerprint is not a SHA-256 digest (64 hex digits)",
    });
  }
  const connectTimeoutMs = opts.connectTimeoutMs ?? 5000;
  const requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
  const retries = opts.retries ?? 2;
  const retryBaseDelayMs = opts.retryBaseDelayMs ?? 200;
  const now = opts.now ?? Date.now;
  const dispatcher = createDispatcher(opts.tls, { connectTimeoutMs, requestTimeoutMs });
  const transport = new Transport(
    base.origin,
    dispatcher,
    connectTimeoutMs,
    requestTimeoutMs,
    opts.maxResponseBytes,
  );

  const login = async (username: string, password: string): Promise<Ticket> => {
    const form = new URLSearchParams({ username, password });
    const res = await transport.send({ method: "POST", path: "/access/ticket", form, headers: {} });
    const body = interpretResponse(res, endpointSchemas.ticket, ctx("POST", "/access/ticket"));
    return { ticket: body.data.ticket, csrf: body.data.CSRFPreventionToken };
  };
  const session: AuthSession = createSession(opts.auth, now, login);

  function ctx(method: HttpMethod, path: string) {
    return { method, path, principal: session.principal, url: transport.urlFor(path) };
  }

  async function call<S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    schema: S,
    params?: RequestParams,
  ): Promise<z.output<S>> {
    const encoded = encodeParams(params);
    const isGet = method === "GET";
    let failures = 0;
    let relogged = false;
    for (;;) {
      try {
        const headers = await session.headers(method);
        const res = await transport.send({
          method,
          path,
          headers,
          query: isGet || method === "DELETE" ? encoded : undefined,
          form: isGet || method === "DELETE" ? undefined : encoded,
        });
        // An expired ticket answers 401 like a wrong one; one fresh login tells them apart.
        if (res.status === 401 && !relogged && session.invalidate()) {
          relogged = true;
          continue;
        }
        return interpretResponse(res, schema, ctx(method, path));
      } catch (err) {
        const error =
          err instanceof ProxmoxError ? err : new ProxmoxError("network", String(err), { path, method });
        if (isGet && failures < retries && isRetryable(error)) {
          await sleep(retryDelayMs(failures, retryBaseDelayMs));
          failures += 1;
          continue;
        }
        throw redactSecrets(error, session.secrets());
      }
    }
  }

  const data = async <S extends z.ZodType<{ data: unknown }>>(
    path: string,
    schema: S,
    params?: RequestParams,
  ): Promise<z.output<S>["data"]> => (await call("GET", path, schema, params)).data;

  function clusterResources(type: "vm"): Promise<ClusterResourceVm[]>;
  function clusterResources(type: "storage"): Promise<ClusterResourceStorage[]>;
  function clusterResources(type: "node"): Promise<ClusterResourceNode[]>;
  function clusterResources(
    type: "vm" | "storage" | "node",
  ): Promise<ClusterResourceVm[] | ClusterResourceStorage[] | ClusterResourceNode[]> {
    if (type === "vm") return data("/cluster/resources", endpointSchemas.resourcesVm, { type });
    if (type === "storage") return data("/cluster/resources", endpointSchemas.resourcesStorage, { type });
    return data("/cluster/resources", endpointSchemas.resourcesNode, { type });
  }

  return {
    version: () => data("/version", endpointSchemas.version),
    clusterStatus: () => data("/cluster/status", endpointSchemas.clusterStatus),
    nodes: () => data("/nodes", endpointSchemas.nodes),
    nodeTime: (node) => data(`/nodes/${seg(node)}/time`, endpointSchemas.nodeTime),
    clusterResources,
    clusterReplication: () => data("/cluster/replication", endpointSchemas.clusterReplication),
    clusterHaResources: (o) =>
      data("/cluster/ha/resources", endpointSchemas.clusterHaResources, { type: o?.type }),
    clusterReplicationJob: (id) =>
      data(`/cluster/replication/${seg(id)}`, endpointSchemas.clusterReplicationJob),
    nodeReplication: (node, o) =>
      data(`/nodes/${seg(node)}/replication`, endpointSchemas.nodeReplication, { guest: o?.guest }),
    nodeReplicationStatus: (node, id) =>
      data(`/nodes/${seg(node)}/replication/${seg(id)}/status`, endpointSchemas.nodeReplicationStatus),
    nodeReplicationLog: async (node, id, o) => {
      const body = await call(
        "GET",
        `/nodes/${seg(node)}/replication/${seg(id)}/log`,
        endpointSchemas.nodeReplicationLog,
        { start: o?.start, limit: o?.limit },
      );
      return { lines: body.data, total: body.total ?? body.data.length };
    },
    permissions: (path) => data("/access/permissions", endpointSchemas.permissions, { path }),
    scheduleNow: async (node, id) =>
      (await call("POST", `/nodes/${seg(node)}/replication/${seg(id)}/schedule_now`, endpointSchemas.any))
        .data,
    request: async (method, path, params) => (await call(method, path, endpointSchemas.any, params)).data,
    close: () => dispatcher.close(),
    get requestCount() {
      return transport.requestCount;
    },
  };
}

/** PVE wants booleans as 0/1; undefined parameters are left out. */
function encodeParams(params?: RequestParams): URLSearchParams | undefined {
  if (!params) return undefined;
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    out.append(key, typeof value === "boolean" ? (value ? "1" : "0") : String(value));
  }
  return out.size > 0 ? out : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
