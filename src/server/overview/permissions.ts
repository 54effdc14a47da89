import { requireUser } from "@/server/auth/current-user";
import { hasRole, type Role } from "@/server/auth/roles";

/** For a page: the signed-in user (at least `role`, else to the sign-in page) and what they may do. */
export async function pagePermissions(role: Role = "viewer") {
  const user = await requireUser(role);
  return { operate: hasRole(user.role, "operator"), admin: hasRole(user.role, "admin") };
}
