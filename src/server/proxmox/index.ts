export {
  createProxmoxClient,
  type ProxmoxClient,
  type ProxmoxClientOptions,
  type RequestParams,
} from "./client";
export {
  ProxmoxAuthError,
  ProxmoxError,
  type ProxmoxErrorKind,
  ProxmoxHttpError,
  ProxmoxMalformedError,
  ProxmoxNetworkError,
  ProxmoxPermissionError,
  ProxmoxResponseTooLargeError,
  ProxmoxTimeoutError,
  type ProxmoxTimeoutPhase,
  ProxmoxTlsError,
  ProxmoxUnreachableError,
} from "./errors";
export { isRetryable } from "./response";
export type {
  ClusterResourceNode,
  ClusterResourceStorage,
  ClusterResourceVm,
  ClusterStatusEntry,
  HaResource,
  NodeReplicationStatus,
  NodeTime,
  PveNode,
  PvePermissions,
  PveVersion,
  ReplicationJob,
  ReplicationJobConfig,
  ReplicationLog,
  ReplicationLogLine,
} from "./schemas";
export { describeIssues, endpointSchemas, pveBoolean } from "./schemas";
export { type ProxmoxAuth, TICKET_RENEW_AFTER_MS } from "./session";
export { formatFingerprint, normalizeFingerprint, type ProxmoxTls, tlsWarning } from "./tls";
export { DEFAULT_MAX_RESPONSE_BYTES, type HttpMethod } from "./transport";
