import type { Command } from "commander";
import type { SyncRun } from "@/generated/prisma/client";
import { db } from "@/server/db/client";
import { getEndpoint } from "@/server/endpoints/service";
import { stopBoss } from "@/server/sync/queue";
import { processRun, requestSync, requestSyncAll, waitForRun } from "@/server/sync/service";
import { CliError, type CliOptions, printJson, withDatabase } from "../context";

// `proxbox sync` asks for runs like the UI does, then works them itself when no worker has taken
// them yet (claiming is exactly-once), so it works whether or not the web server is running.

interface SyncOptions {
  endpoint?: string;
  kind: string;
  replication?: string;
}

function summary(run: SyncRun & { endpoint?: { name: string } | null }) {
  const c = (run.counts ?? {}) as Record<string, unknown>;
  return {
    run: run.id,
    endpoint: run.endpoint?.name ?? null,
    kind: run.kind,
    state: run.state,
    created: c.created ?? 0,
    updated: c.updated ?? 0,
    unchanged: c.unchanged ?? 0,
    stale: c.stale ?? 0,
    unlinked: c.unlinked ?? 0,
    errors: (run.errors ?? []) as string[],
    warnings: (run.warnings ?? []) as string[],
    duration_ms: run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
  };
}

export function registerSyncCommands(program: Command, opts: () => CliOptions): void {
  program
    .command("sync")
    .description("sync from Proxmox and wait; exit 1 when a run failed, 2 when one was partial")
    .option("--endpoint <name>", "only this endpoint (default: all enabled endpoints)")
    .option("--kind <kind>", "full | replications", "full")
    .option("--replication <id>", "refresh one replication job, e.g. 100-0 (needs --endpoint)")
    .action(async (o: SyncOptions) => {
      if (!["full", "replications"].includes(o.kind))
        throw new CliError("--kind must be full or replications");
      if (o.replication && !o.endpoint) throw new CliError("--replication needs --endpoint");
      const results = await withDatabase(async () => {
        try {
          const endpointId = o.endpoint ? (await getEndpoint(o.endpoint)).id : undefined;
          const kind = o.kind as "full" | "replications";
          const requested = o.replication
            ? [
                await requestSync({
                  kind: "replication",
                  endpointId: endpointId!,
                  replicationId: o.replication,
                  trigger: "cli",
                }),
              ]
            : endpointId
              ? [await requestSync({ kind, endpointId, trigger: "cli" })]
              : await requestSyncAll({ kind, trigger: "cli" });
          if (requested.length === 0)
            throw new CliError("no enabled endpoint to sync; add one with `proxbox endpoint add`");
          const finished = [];
          for (const { run } of requested) {
            await processRun(run.id); // a no-op when a worker already took it
            const done = await waitForRun(run.id, {
              onProgress: (r) =>
                !opts().json &&
                process.stderr.write(`\r#${r.id} ${r.state} ${Math.round(r.progress)}% ${r.stage ?? ""}   `),
            });
            if (!opts().json) process.stderr.write("\n");
            finished.push(
              await db.syncRun.findUniqueOrThrow({
                where: { id: done.id },
                include: { endpoint: { select: { name: true } } },
              }),
            );
          }
          return finished.map(summary);
        } finally {
          await stopBoss();
        }
      });
      if (opts().json)
        printJson(results.length === 1 && (o.endpoint || o.replication) ? results[0] : results);
      else {
        for (const r of results) {
          console.log(
            `${r.endpoint}: ${r.state} — created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, stale ${r.stale}, unlinked ${r.unlinked}, errors ${r.errors.length}, warnings ${r.warnings.length}`,
          );
          for (const e of r.errors) console.log(`  error: ${e}`);
          for (const w of r.warnings) console.log(`  warning: ${w}`);
        }
      }
      if (results.some((r) => r.state === "failed")) process.exitCode = 1;
      else if (results.some((r) => r.state === "partial")) process.exitCode = 2;
    });
}
