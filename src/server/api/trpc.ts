import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";

// tRPC's plumbing: context, transformer (Dates survive the wire), and zod errors flattened for forms.
export interface Context {
  requestId: string;
  headers: Headers;
}

export function createContext(opts: { headers: Headers }): Context {
  return { requestId: opts.headers.get("x-request-id") ?? crypto.randomUUID(), headers: opts.headers };
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        zodError: error.cause instanceof ZodError ? error.cause.flatten() : null,
      },
    };
  },
});

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
