// `proxbox` — the command line. Thin: each command module parses its arguments and calls services.
import { Command } from "commander";
import { registerDbCommands } from "./commands/db";
import { type CliOptions, reportAndExit } from "./context";

const program = new Command()
  .name("proxbox")
  .description("Proxmox VE storage replication inventory")
  .option("--json", "machine-readable output")
  .showHelpAfterError();

const opts = () => program.opts<CliOptions>();
registerDbCommands(program, opts);

program.parseAsync(process.argv).then(
  () => process.exit(0),
  (err) => reportAndExit(err),
);
