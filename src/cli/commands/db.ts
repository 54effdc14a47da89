import type { Command } from "commander";
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
}
