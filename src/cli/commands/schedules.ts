import type { Command } from "commander";
import { getEndpoint } from "@/server/endpoints/service";
import { createSchedule, deleteSchedule, getSchedule, listSchedules } from "@/server/schedules/service";
import { CliError, type CliOptions, cliActor, printJson, printTable, withDatabase } from "../context";

export function registerScheduleCommands(program: Command, opts: () => CliOptions): void {
  const schedule = program.command("schedule").description("scheduled syncs");
  schedule
    .command("add")
    .description("add a scheduled sync: every N minutes or on a cron expression")
    .requiredOption("--name <name>", "a unique name")
    .option("--every <minutes>", "interval in minutes")
    .option("--cron <expr>", 'cron expression, e.g. "*/30 * * * *"')
    .option("--kind <kind>", "full | replications", "replications")
    .option("--endpoint <name...>", "endpoints (default: all)")
    .option("--disabled", "create it disabled")
    .action(
      async (o: {
        name: string;
        every?: string;
        cron?: string;
        kind: string;
        endpoint?: string[];
        disabled?: boolean;
      }) => {
        if (o.every && !/^\d+$/.test(o.every))
          throw new CliError("--every must be a whole number of minutes");
        const created = await withDatabase(async () => {
          const endpointIds = [];
          for (const name of o.endpoint ?? []) endpointIds.push((await getEndpoint(name)).id);
          return createSchedule(cliActor(), {
            name: o.name,
            kind: o.kind as "full" | "replications",
            endpointIds,
            intervalMinutes: o.every ? Number(o.every) : null,
            cron: o.cron ?? null,
            enabled: !o.disabled,
          });
        });
        if (opts().json) printJson(created);
        else
          console.log(
            `added schedule ${created.name}; next run ${created.nextRunAt?.toISOString() ?? "never (disabled)"}`,
          );
      },
    );
  schedule
    .command("list")
    .description("list scheduled syncs")
    .action(async () => {
      const rows = await withDatabase(() => listSchedules());
      if (opts().json) return printJson(rows);
      printTable(
        ["NAME", "KIND", "WHEN", "ENDPOINTS", "ENABLED", "LAST RUN", "NEXT RUN"],
        rows.map((s) => [
          s.name,
          s.kind,
          s.cron ?? `every ${s.intervalMinutes} min`,
          s.endpointIds.length ? s.endpointIds.join(",") : "all",
          s.enabled ? "yes" : "no",
          s.lastRunAt?.toISOString() ?? "never",
          s.nextRunAt?.toISOString() ?? "-",
        ]),
      );
    });
  schedule
    .command("remove <name>")
    .description("remove a scheduled sync")
    .action(async (name: string) => {
      await withDatabase(async () => deleteSchedule(cliActor(), (await getSchedule(name)).id));
      if (opts().json) printJson({ removed: name });
      else console.log(`removed schedule ${name}`);
    });
}
