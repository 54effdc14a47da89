import { randomUUID } from "node:crypto";
import { once } from "node:events";
import type { Actor } from "@/server/changelog/service";
import { type BootedDatabase, bootDatabase } from "@/server/db/boot";
import { ConfigError, parseEnv } from "@/server/env";
import { AppError } from "@/server/errors";

// Every CLI command runs inside this: parse the environment, boot (or attach to) the database, run,
// then release the database. Errors become a message and a non-zero exit code, never a stack trace.

export class CliError extends Error {}

export interface CliOptions {
  json?: boolean;
}

export async function withDatabase<T>(fn: (db: BootedDatabase) => Promise<T>): Promise<T> {
  const env = parseEnv();
  const verbose = process.env.PROXBOX_CLI_VERBOSE === "1";
  const db = await bootDatabase(env, "cli", (msg) => {
    if (verbose || msg.startsWith("attached") || msg.startsWith("waiting")) console.error(msg);
  });
  try {
    return await fn(db);
  } finally {
    await db.stop();
  }
}

export function reportError(err: unknown): void {
  if (err instanceof ConfigError || err instanceof CliError || err instanceof AppError) {
    console.error(`error: ${err.message}`);
  } else {
    console.error(`error: ${(err as Error)?.message ?? String(err)}`);
    if (process.env.PROXBOX_CLI_VERBOSE === "1") console.error(err);
  }
}

/** Writes to stdout and waits while the pipe is full, so large output streams in bounded memory. */
export async function writeStdout(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Changes made from the CLI are attributed to the operating-system user, like NetBox's nbshell. */
export function cliActor(): Actor {
  return { userId: null, userName: `cli:${process.env.USER ?? "unknown"}`, requestId: randomUUID() };
}

export function printTable(headers: string[], rows: Array<Array<string | number>>): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  for (const r of cells)
    console.log(
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    );
}
