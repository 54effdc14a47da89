// Users, roles, sessions and API tokens. Server components import getCurrentUser/requireUser from
// "@/server/auth/current-user" (it needs next/headers); everything else is here.
export { crossSiteRejection, isSafeMethod } from "./csrf";
export { generatePassword, MIN_PASSWORD_LENGTH } from "./password";
export { AUTH_MESSAGES, authenticateRequest, type RequestAuth } from "./request";
export { type AuthUser, canPerform, hasRole, isRole, type Permission, ROLES, type Role } from "./roles";
export * from "./service";
export { SESSION_COOKIE } from "./session-cookie";
