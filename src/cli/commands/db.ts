import type { Command } from "commander";
import { backupDatabase, restoreDatabase } from "@/server/db/backup";
import { migrate } from "@/server/db/migrate";
import { type CliOptions, printJson, withDatabase } from "../context";

export function registerDbCommands(program: Command, opts: () => CliOptions): void {
  const db = program.command("db").description("database maintenance");
  db.command("migrate")
    .description("apply pending migrations (the app also does this at start)")
    .action(async () => {
      const result = await withDatabase((booted) => migrate(booted.url));
      if (opts().json) printJson(result);
      else if (result.applied.length) console.log(`applied: ${result.applied.join(", ")}`);
      else console.log(`up to date (${result.alreadyApplied} migrations applied)`);
    });
  db.command("backup")
    .description(
      "write a consistent backup of the database to FILE (gzip'd JSON lines; online: the app may keep running)",
    )
    .argument("<file>", "where to write it (created with mode 0600; never half-written)")
    .action(async (file: string) => {
      const result = await withDatabase((booted) => backupDatabase(booted.url, file));
      if (opts().json) printJson(result);
      else
        console.log(
          `backed up ${result.rows} rows of ${result.tables} tables to ${file} (${result.bytes} bytes)`,
        );
    });
  db.command("restore")
    .description("restore a backup into the database, all or nothing (stop the web server and workers first)")
    .argument("<file>", "a file written by `proxbox db backup`")
    .option("--replace", "empty a database that already holds data before restoring")
    .action(async (file: string, o: { replace?: boolean }) => {
      const result = await withDatabase((booted) =>
        restoreDatabase(booted.url, file, { replace: o.replace }),
      );
      if (opts().json) printJson(result);
      else
        console.log(`restored ${result.rows} rows of ${result.tables} tables (backup of ${result.created})`);
    });
}
