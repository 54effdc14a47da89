import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { type AuthUser, hasRole, type Role } from "./roles";
import { userForSession } from "./service";
import { SESSION_COOKIE } from "./session-cookie";

// For server components, layouts and server actions: who is signed in (from the session cookie).

export async function getCurrentUser(): Promise<AuthUser | null> {
  const jar = await cookies();
  return userForSession(jar.get(SESSION_COOKIE)?.value);
}

/**
 * The signed-in user with at least `role`. Anonymous visitors go to the sign-in page (and come back to
 * `next`, default: the current path as the proxy reports it); a user whose role is too low is sent
 * there with an explanation instead of seeing a page that would fail on every action.
 */
export async function requireUser(role: Role = "viewer", next?: string): Promise<AuthUser> {
  const user = await getCurrentUser();
  const back = next ?? (await headers()).get("x-proxbox-path") ?? "/";
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(back)}`);
  if (!hasRole(user.role, role)) redirect(`/sign-in?forbidden=${role}&next=${encodeURIComponent(back)}`);
  return user;
}
