import type { Actor } from "@/server/changelog/service";
import type { Context } from "../trpc";

/** Who the change log names for a change made through the web UI. */
export function actorOf(ctx: Context): Actor {
  const user = (ctx as Context & { user?: { id: number; username: string } | null }).user;
  return { userId: user?.id ?? null, userName: user?.username ?? "web", requestId: ctx.requestId };
}
