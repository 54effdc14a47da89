import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import {
  AUTH_MESSAGES,
  type AuthUser,
  authenticateRequest,
  crossSiteRejection,
  hasRole,
  type Role,
} from "@/server/auth";
import type { Actor } from "@/server/changelog/service";
import { isStatementTimeout, QUERY_TOO_SLOW_MESSAGE } from "@/server/db/errors";
import { AppError } from "@/server/errors";
import { logger } from "@/server/log";
import { internalErrorMessage } from "@/server/rest/errors";
import { requestIdOf } from "@/server/rest/request-id";

// tRPC's plumbing: context (who is calling), transformer (Dates survive the wire), errors flattened for
// forms, and one procedure per role. Mutations authenticated by cookie must come from our own pages.

export interface Context {
  requestId: string;
  headers: Headers;
  user: AuthUser | null;
  /** How the caller authenticated; "failed" carries NetBox's token message in authError. */
  auth: "anonymous" | "session" | "token" | "failed";
  tokenWriteEnabled?: boolean;
  authError?: string;
}

export async function createContext(opts: { headers: Headers }): Promise<Context> {
  const requestId = requestIdOf(opts.headers);
  const auth = await authenticateRequest(opts.headers);
  const base = { requestId, headers: opts.headers, auth: auth.kind };
  if (auth.kind === "failed") return { ...base, user: null, authError: auth.detail };
  if (auth.kind === "anonymous") return { ...base, user: null };
  return {
    ...base,
    user: auth.user,
    tokenWriteEnabled: auth.kind === "token" ? auth.writeEnabled : undefined,
  };
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx, path }) {
    // An internal error's message is ours, not the caller's business (a Prisma message names tables and
    // columns, a decryption failure the key): the client gets a generic text and the request id, the
    // log gets the whole error under that id. Expected errors (BAD_REQUEST, FORBIDDEN …) keep theirs.
    if (error.code === "INTERNAL_SERVER_ERROR") {
      const requestId = ctx?.requestId ?? crypto.randomUUID();
      logger.error({ err: error.cause ?? error, requestId, path }, "unhandled tRPC error");
      const { stack: _stack, ...data } = shape.data;
      return {
        ...shape,
        message: internalErrorMessage(requestId),
        data: { ...data, requestId, zodError: null, fields: null },
      };
    }
    return {
      ...shape,
      data: {
        ...shape.data,
        zodError: error.cause instanceof ZodError ? error.cause.flatten() : null,
        // NetBox-shaped field errors from the services: {"schedule": ["…"]}.
        fields: error.cause instanceof AppError ? (error.cause.fields ?? null) : null,
      },
    };
  },
});

const TRPC_CODE = {
  BAD_REQUEST: "BAD_REQUEST",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  FORBIDDEN: "FORBIDDEN",
  UNAUTHORIZED: "UNAUTHORIZED",
} as const;

/**
 * The services' AppError becomes the matching tRPC code instead of a 500; a query cut off by the
 * request statement timeout becomes a 503 that says what to do.
 */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  if (!result.ok && isStatementTimeout(result.error.cause)) {
    throw new TRPCError({
      code: "SERVICE_UNAVAILABLE",
      message: QUERY_TOO_SLOW_MESSAGE,
      cause: result.error.cause,
    });
  }
  return result;
});

function requireRole(role: Role) {
  return t.middleware(({ ctx, type, next }) => {
    if (!ctx.user)
      throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.authError ?? AUTH_MESSAGES.missing });
    if (type === "mutation") {
      if (ctx.auth === "token" && !ctx.tokenWriteEnabled) {
        throw new TRPCError({ code: "FORBIDDEN", message: AUTH_MESSAGES.denied });
      }
      const rejection = ctx.auth === "session" ? crossSiteRejection(ctx.headers) : null;
      if (rejection) throw new TRPCError({ code: "FORBIDDEN", message: rejection });
    }
    if (!hasRole(ctx.user.role, role))
      throw new TRPCError({ code: "FORBIDDEN", message: AUTH_MESSAGES.denied });
    const actor: Actor = { userId: ctx.user.id, userName: ctx.user.username, requestId: ctx.requestId };
    return next({ ctx: { ...ctx, user: ctx.user, actor } });
  });
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/** No authentication: only for what an anonymous visitor may see (health, the sign-in page's hints). */
export const publicProcedure = t.procedure.use(appErrors);
export const viewerProcedure = publicProcedure.use(requireRole("viewer"));
export const operatorProcedure = publicProcedure.use(requireRole("operator"));
export const adminProcedure = publicProcedure.use(requireRole("admin"));
