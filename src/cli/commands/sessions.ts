import type { Command } from "commander";
import { listSessions, purgeExpiredSessions, revokeUserSessions } from "@/server/auth/service";
import { purgeExpiredThrottleCounters } from "@/server/auth/throttle";
import { type CliOptions, printJson, printTable, withDatabase } from "../context";

// `proxbox session …` — browser sessions: who is signed in, and signing a user out everywhere.

export function registerSessionCommands(program: Command, opts: () => CliOptions): void {
  const session = program.command("session").description("browser sessions (sign-in cookies)");

  session
    .command("list")
    .description("live sessions: user, start, last request, when they end")
    .option("--user <name>", "only this user's sessions")
    .action(async (o: { user?: string }) => {
      const sessions = await withDatabase(() => listSessions(o.user));
      if (opts().json) printJson(sessions);
      else
        printTable(
          ["USER", "SIGNED IN", "LAST SEEN", "IDLE UNTIL", "EXPIRES"],
          sessions.map((s) => [
            s.user.username,
            s.created.toISOString(),
            s.lastSeen.toISOString(),
            s.idleExpires.toISOString(),
            s.expires.toISOString(),
          ]),
        );
    });

  session
    .command("revoke")
    .description("end every session of a user (they must sign in again; API tokens are not affected)")
    .requiredOption("--user <name>", "the user to sign out everywhere")
    .action(async (o: { user: string }) => {
      const { sessionsEnded } = await withDatabase(() => revokeUserSessions(o.user));
      if (opts().json) printJson({ user: o.user, sessionsEnded });
      else console.log(`${sessionsEnded} session${sessionsEnded === 1 ? "" : "s"} of ${o.user} ended`);
    });

  session
    .command("purge")
    .description("delete expired and idle sessions and spent sign-in throttle counters now")
    .action(async () => {
      const [sessions, counters] = await withDatabase(() =>
        Promise.all([purgeExpiredSessions(), purgeExpiredThrottleCounters()]),
      );
      if (opts().json) printJson({ sessions, counters });
      else console.log(`purged ${sessions} expired session(s) and ${counters} throttle counter(s)`);
    });
}
