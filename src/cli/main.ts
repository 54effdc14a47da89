// `proxbox` — the command line. Thin: every command parses its arguments and calls a service.
import { Command } from "commander";
import { migrate } from "@/server/db/migrate";
import { printJson, reportAndExit, withDatabase } from "./context";

const program = new Command()
  .name("proxbox")
  .description("Proxmox VE storage replication inventory")
  .option("--json", "machine-readable output")
  .showHelpAfterError();

const dbCmd = program.command("db").description("database maintenance");
dbCmd
  .command("migrate")
  .description("apply pending migrations (the app also does this at start)")
  .action(async () => {
    const result = await withDatabase((db) => migrate(db.url));
    if (program.opts().json) printJson(result);
    else if (result.applied.length) console.log(`applied: ${result.applied.join(", ")}`);
    else console.log(`up to date (${result.alreadyApplied} migrations applied)`);
  });

program.parseAsync(process.argv).then(
  () => process.exit(0),
  (err) => reportAndExit(err),
);
