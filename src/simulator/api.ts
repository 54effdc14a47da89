import { hasPrivilege, type Principal } from "./permissions";
import { JOB_ID_PATTERN } from "./scenario";
import type { ClusterRuntime, SimulatorState } from "./state";

// Shared vocabulary of the simulated API handlers: request/reply shapes, PVE-style errors and the
// parameter checks of PVE::JSONSchema (messages verbatim, spec §1.0).

export interface ApiRequest {
  state: SimulatorState;
  cluster: ClusterRuntime;
  method: string;
  path: string;
  /** Query parameters (GET/DELETE) or body parameters (POST/PUT), plus path parameters. */
  params: Record<string, string>;
  /** Undefined only for routes that need no authentication (POST /access/ticket). */
  principal?: Principal;
  /** SHA-256 fingerprint of the certificate this server presents (reported as ssl_fingerprint). */
  fingerprint: string;
}

export interface ApiReply {
  status?: number;
  reason?: string;
  data?: unknown;
  total?: number;
  /** A ready-made JSON body (used for large cached responses). */
  body?: string;
}

/** A failure pve-http-server would turn into an HTTP status plus `message` (and `errors` for 400). */
export class PveError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, string>,
  ) {
    super(message);
  }
}

export function requirePrivilege(req: ApiRequest, path: string, privilege: string): void {
  if (!req.principal || !hasPrivilege(req.principal, path, privilege)) {
    throw new PveError(403, `Permission check failed (${path}, ${privilege})`);
  }
}

export type ParamRule =
  | {
      type: "string";
      optional?: boolean;
      enum?: readonly string[];
      format?: "pve-node" | "pve-replication-job-id";
    }
  | { type: "integer"; optional?: boolean; minimum?: number; maximum?: number; format?: "pve-vmid" }
  | { type: "boolean"; optional?: boolean };

export type ParamSpec = Record<string, ParamRule>;

/** Validates all parameters at once and throws 400 "Parameter verification failed." with per-field errors. */
export function checkParams(params: Record<string, string>, spec: ParamSpec): void {
  const errors: Record<string, string> = {};
  for (const key of Object.keys(params)) {
    if (!(key in spec)) {
      errors[key] = "property is not defined in schema and the schema does not allow additional properties";
    }
  }
  for (const [key, rule] of Object.entries(spec)) {
    const value = params[key];
    if (value === undefined) {
      if (!rule.optional) errors[key] = "property is missing and it is not optional";
      continue;
    }
    const error = checkValue(value, rule);
    if (error) errors[key] = error;
  }
  if (Object.keys(errors).length > 0) throw new PveError(400, "Parameter verification failed.", errors);
}

function checkValue(value: string, rule: ParamRule): string | undefined {
  if (rule.type === "boolean") {
    return /^[01]$/.test(value) ? undefined : `type check ('boolean') failed - got '${value}'`;
  }
  if (rule.type === "integer") {
    if (!/^-?\d+$/.test(value)) return `type check ('integer') failed - got '${value}'`;
    if (rule.format === "pve-vmid" && !/^[1-9][0-9]{2,8}$/.test(value)) {
      return "invalid format - value does not look like a valid VM ID";
    }
    const n = Number(value);
    if (rule.minimum !== undefined && n < rule.minimum)
      return `value must have a minimum value of ${rule.minimum}`;
    if (rule.maximum !== undefined && n > rule.maximum)
      return `value must have a maximum value of ${rule.maximum}`;
    return undefined;
  }
  if (rule.format === "pve-node" && !/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(value)) {
    return "invalid format - value does not look like a valid node name";
  }
  if (rule.format === "pve-replication-job-id") {
    // The format is checked before the pattern, as PVE::JSONSchema does.
    const m = /^(\d+)-(\d+)$/.exec(value);
    if (!m) return `invalid format - invalid replication job id '${value}'`;
    if (Number(m[1]) < 100) {
      return `invalid format - invalid replication job id '${value}' (guest IDs < 100 are reserved)`;
    }
    if (!JOB_ID_PATTERN.test(value)) return "value does not match the regex pattern";
  }
  if (rule.enum && !rule.enum.includes(value)) {
    return `value '${value}' does not have a value in the enumeration '${rule.enum.join(", ")}'`;
  }
  return undefined;
}

export const NODE_PARAM: ParamRule = { type: "string", format: "pve-node" };
export const JOB_ID_PARAM: ParamRule = { type: "string", format: "pve-replication-job-id" };
