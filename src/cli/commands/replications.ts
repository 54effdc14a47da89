import type { Command } from "commander";
import { db } from "@/server/db/client";
import { getEndpoint } from "@/server/endpoints/service";
import { type CliOptions, printJson, printTable, withDatabase } from "../context";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function registerReplicationCommands(program: Command, opts: () => CliOptions): void {
  const replications = program.command("replications").description("replication jobs as last synced");
  replications
    .command("list")
    .description("list replication jobs (with --json: one object per job, REST field names)")
    .option("--endpoint <name>", "only this endpoint")
    .action(async (o: { endpoint?: string }) => {
      const rows = await withDatabase(async () => {
        const endpointId = o.endpoint ? (await getEndpoint(o.endpoint)).id : undefined;
        return db.replication.findMany({
          where: endpointId ? { endpointId } : {},
          include: {
            endpoint: { select: { name: true } },
            virtualMachine: { select: { name: true, vmid: true } },
            proxmoxNode: { select: { name: true } },
          },
          orderBy: [{ endpointId: "asc" }, { guest: "asc" }, { jobnum: "asc" }],
        });
      });
      const out = rows.map((r) => ({
        id: r.id,
        endpoint: r.endpoint.name,
        replication_id: r.replicationId,
        guest: r.guest,
        jobnum: r.jobnum,
        target: r.target,
        source: r.source,
        job_type: r.jobType,
        schedule: r.schedule,
        rate: r.rate,
        disable: r.disable,
        comment: r.comment,
        remove_job: r.removeJob,
        status: r.status,
        virtual_machine: r.virtualMachine
          ? { name: r.virtualMachine.name, vmid: r.virtualMachine.vmid }
          : null,
        proxmox_node: r.proxmoxNode?.name ?? null,
        health: {
          state: r.health,
          last_sync: iso(r.lastSync),
          last_try: iso(r.lastTry),
          next_sync: iso(r.nextSync),
          duration: r.duration,
          fail_count: r.failCount,
          error: r.error,
        },
      }));
      if (opts().json) return printJson(out);
      printTable(
        ["ENDPOINT", "ID", "VM", "SOURCE", "TARGET", "SCHEDULE", "RATE", "STATUS", "HEALTH"],
        out.map((r) => [
          r.endpoint,
          r.replication_id,
          r.virtual_machine
            ? (r.virtual_machine.name ?? `VM ${r.virtual_machine.vmid}`)
            : `(unlinked ${r.guest})`,
          r.source ?? "",
          r.target,
          r.schedule,
          r.rate === null ? "unlimited" : `${r.rate} MB/s`,
          r.status,
          r.health.error ? `${r.health.state}: ${r.health.error}` : r.health.state,
        ]),
      );
    });
}
