import type { Command } from "commander";
import { createApiToken, findUserByName, listApiTokens, revokeApiToken } from "@/server/auth/service";
import { CliError, type CliOptions, printJson, printTable, withDatabase } from "../context";

// `proxbox token …` — API tokens for REST clients (pynetbox, scripts). The value is printed once.

interface CreateOptions {
  user: string;
  write?: boolean;
  expires?: string;
  description?: string;
}

function expiryOf(text: string | undefined): Date | null {
  if (!text) return null;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime()))
    throw new CliError(`--expires: not a date: ${text} (use YYYY-MM-DD or ISO 8601)`);
  if (date <= new Date()) throw new CliError("--expires must be in the future");
  return date;
}

export function registerTokenCommands(program: Command, opts: () => CliOptions): void {
  const token = program.command("token").description("API tokens (Authorization: Bearer nbt_… or Token …)");

  token
    .command("create")
    .description("create a token for a user (read-only unless --write); the value is shown once")
    .requiredOption("--user <name>", "the user the token acts as (its role applies)")
    .option("--write", "allow POST/PUT/PATCH/DELETE")
    .option("--expires <date>", "expiry, YYYY-MM-DD (UTC midnight) or ISO 8601")
    .option("--description <text>", "what the token is for")
    .action(async (o: CreateOptions) => {
      const expires = expiryOf(o.expires);
      const created = await withDatabase(async () => {
        const user = await findUserByName(o.user);
        if (!user) throw new CliError(`user ${o.user} does not exist (create it with: proxbox user create)`);
        return createApiToken({
          userId: user.id,
          write: o.write ?? false,
          expires,
          description: o.description,
        });
      });
      if (opts().json) {
        printJson({
          id: created.id,
          user: o.user,
          write: created.writeEnabled,
          expires: created.expires?.toISOString() ?? null,
          v1: created.v1,
          v2: created.v2,
        });
        return;
      }
      console.log(
        `token ${created.id} for ${o.user} (${created.writeEnabled ? "read/write" : "read-only"}), shown once:`,
      );
      console.log(`  Authorization: Bearer ${created.v2}`);
      console.log(`  Authorization: Token ${created.v1}    (legacy NetBox v1 form of the same token)`);
    });

  token
    .command("list")
    .description("list tokens (keys only, never secrets)")
    .option("--user <name>", "only this user's tokens")
    .action(async (o: { user?: string }) => {
      const tokens = await withDatabase(async () => {
        if (!o.user) return listApiTokens();
        const user = await findUserByName(o.user);
        if (!user) throw new CliError(`user ${o.user} does not exist`);
        return listApiTokens(user.id);
      });
      if (opts().json) printJson(tokens);
      else
        printTable(
          ["ID", "USER", "KEY", "WRITE", "EXPIRES", "LAST USED", "REVOKED"],
          tokens.map((t) => [
            t.id,
            t.user.username,
            `nbt_${t.key}`,
            t.writeEnabled ? "yes" : "no",
            t.expires?.toISOString() ?? "never",
            t.lastUsed?.toISOString() ?? "—",
            t.revoked ? "yes" : "no",
          ]),
        );
    });

  token
    .command("revoke <id>")
    .description("revoke a token (it stops working at once)")
    .action(async (id: string) => {
      if (!/^\d+$/.test(id)) throw new CliError("the token id is a number (see proxbox token list)");
      await withDatabase(() => revokeApiToken(Number(id)));
      if (opts().json) printJson({ id: Number(id), revoked: true });
      else console.log(`token ${id} revoked`);
    });
}
