import type { Privileges } from "./scenario";

/** The privileges the simulated endpoints check, plus a few common ones so "*" expands to something real. */
export const KNOWN_PRIVILEGES = [
  "Datastore.Allocate",
  "Datastore.AllocateSpace",
  "Datastore.Audit",
  "Sys.Audit",
  "Sys.Modify",
  "VM.Allocate",
  "VM.Audit",
  "VM.Config.Options",
  "VM.PowerMgmt",
  "VM.Replicate",
] as const;

export interface Principal {
  kind: "token" | "user";
  /** token id (user@realm!name) or user name (user@realm) */
  id: string;
  privileges: Privileges;
}

/**
 * Effective privileges on `path`: like PVE's propagating ACLs, the most specific path that has an entry
 * wins, so `{ "/vms": ["VM.Audit"], "/vms/105": [] }` hides guest 105 only.
 */
export function privilegesAt(privileges: Privileges, path: string): Set<string> {
  for (let p = normalize(path); ; p = parent(p)) {
    const entry = privileges[p];
    if (entry) return expand(entry);
    if (p === "/") return new Set();
  }
}

export function hasPrivilege(principal: Principal, path: string, privilege: string): boolean {
  return privilegesAt(principal.privileges, path).has(privilege);
}

/** GET /access/permissions: every ACL path (or just `path`) → privilege → 1 (propagate). */
export function permissionsView(principal: Principal, path?: string): Record<string, Record<string, 1>> {
  const paths = path
    ? [normalize(path)]
    : [...new Set(["/", ...Object.keys(principal.privileges).map(normalize)])];
  const out: Record<string, Record<string, 1>> = {};
  for (const p of paths.sort()) {
    const privs = privilegesAt(principal.privileges, p);
    if (privs.size === 0 && !path) continue;
    out[p] = Object.fromEntries([...privs].sort().map((priv) => [priv, 1 as const]));
  }
  return out;
}

function expand(list: string[]): Set<string> {
  return list.includes("*") ? new Set<string>(KNOWN_PRIVILEGES) : new Set(list);
}

function normalize(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed;
}

function parent(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

/** The `cap` object of POST /access/ticket: privileges per GUI area, filtered to that area's prefixes. */
export function capabilities(principal: Principal): Record<string, Record<string, 1>> {
  const area = (path: string, prefixes: string[]) =>
    Object.fromEntries(
      [...privilegesAt(principal.privileges, path)]
        .filter((p) => prefixes.some((prefix) => p.startsWith(prefix)))
        .sort()
        .map((p) => [p, 1 as const]),
    );
  return {
    vms: area("/vms", ["VM."]),
    storage: area("/storage", ["Datastore."]),
    nodes: area("/nodes", ["Sys."]),
    dc: area("/", ["Sys.Audit"]),
    access: area("/access", ["User.", "Group.", "Permissions."]),
  };
}
