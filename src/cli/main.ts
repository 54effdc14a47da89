// `proxbox` — the command line. Thin: each command module parses its arguments and calls services.
import "./cli-env";
import { Command } from "commander";
import { registerAlertCommands } from "./commands/alerts";
import { registerDbCommands } from "./commands/db";
import { registerEndpointCommands } from "./commands/endpoints";
import { registerReplicationCommands } from "./commands/replications";
import { registerScheduleCommands } from "./commands/schedules";
import { registerSessionCommands } from "./commands/sessions";
import { registerSyncCommands } from "./commands/sync";
import { registerTokenCommands } from "./commands/tokens";
import { registerUserCommands } from "./commands/users";
import { registerWorkerCommand } from "./commands/worker";
import { type CliOptions, reportError } from "./context";
import { exitWhenFlushed } from "./exit";

const program = new Command()
  .name("proxbox")
  .description("Proxmox VE storage replication inventory")
  .option("--json", "machine-readable output")
  .showHelpAfterError();

const opts = () => program.opts<CliOptions>();
registerDbCommands(program, opts);
registerEndpointCommands(program, opts);
registerSyncCommands(program, opts);
registerReplicationCommands(program, opts);
registerScheduleCommands(program, opts);
registerAlertCommands(program, opts);
registerWorkerCommand(program);
registerUserCommands(program, opts);
registerSessionCommands(program, opts);
registerTokenCommands(program, opts);

program.parseAsync(process.argv).then(
  () => exitWhenFlushed(),
  (err) => {
    reportError(err);
    process.exitCode = 1;
    return exitWhenFlushed();
  },
);
