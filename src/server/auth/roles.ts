// Three roles, each including the one before: viewer reads; operator also syncs, edits schedules and
// bulk-edits replications; admin also manages endpoints, users and tokens.

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What a route needs; `withApi(…, { permission })` and the tRPC procedures speak this. */
export type Permission = "view" | "change" | "admin";

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export const ROLE_FOR_PERMISSION: Record<Permission, Role> = {
  view: "viewer",
  change: "operator",
  admin: "admin",
};

export function hasRole(userRole: Role, needed: Role): boolean {
  return RANK[userRole] >= RANK[needed];
}

export function canPerform(userRole: Role, permission: Permission): boolean {
  return hasRole(userRole, ROLE_FOR_PERMISSION[permission]);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface AuthUser {
  id: number;
  username: string;
  role: Role;
}
