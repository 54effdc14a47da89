import type { Command } from "commander";
import { type Env, parseEnv } from "@/server/env";
import {
  loadDetails,
  loadListRows,
  matchingReplicationIds,
  type ReplicationListRow,
} from "@/server/replications/service";
import { serializeReplication } from "@/server/rest/serializers/replication";
import { urlBuilder } from "@/server/rest/urls";
import { type CliOptions, printTable, withDatabase, writeStdout } from "../context";

// `proxbox replications list`: the REST list's filters and order; with --json the REST representation,
// streamed in chunks so 100,000 jobs never become one string.

const CHUNK = 1000;

interface ListOptions {
  endpoint?: string;
  filter?: string;
}

/** The REST query string a `list` invocation stands for: --filter, plus endpoint=NAME for --endpoint. */
export function listQuery(o: ListOptions): string {
  const params = new URLSearchParams(o.filter ?? "");
  if (o.endpoint !== undefined) params.append("endpoint", o.endpoint);
  return params.toString();
}

/** Where the REST urls in the output point: the configured public URL, else this host's port. */
export function cliOrigin(settings: Pick<Env, "PROXBOX_PUBLIC_URL" | "PORT">): string {
  const configured = settings.PROXBOX_PUBLIC_URL;
  return configured && URL.canParse(configured)
    ? new URL(configured).origin
    : `http://localhost:${settings.PORT}`;
}

/**
 * Writes every matching job as one JSON array of REST objects, byte for byte what
 * `JSON.stringify(list, null, 2)` would print, loading and writing `chunk` jobs at a time.
 */
export async function writeReplicationsJson(
  query: string,
  origin: string,
  write: (text: string) => Promise<void>,
  chunk = CHUNK,
): Promise<void> {
  const ids = await matchingReplicationIds(query);
  if (ids.length === 0) return write("[]\n");
  const url = urlBuilder(origin);
  for (let i = 0; i < ids.length; i += chunk) {
    const objects = (await loadDetails(ids.slice(i, i + chunk))).map((row) =>
      JSON.stringify(serializeReplication(row, url), null, 2).replaceAll("\n", "\n  "),
    );
    await write(`${i === 0 ? "[\n  " : ",\n  "}${objects.join(",\n  ")}`);
  }
  await write("\n]\n");
}

async function readTableRows(query: string): Promise<ReplicationListRow[]> {
  const ids = await matchingReplicationIds(query);
  const rows: ReplicationListRow[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) rows.push(...(await loadListRows(ids.slice(i, i + CHUNK))));
  return rows;
}

function tableCells(r: ReplicationListRow): string[] {
  const vm = r.virtualMachine;
  return [
    r.endpoint.name,
    r.replicationId,
    vm ? (vm.name ?? `VM ${vm.vmid}`) : `(unlinked ${r.guest})`,
    r.source ?? "",
    r.target,
    r.schedule,
    r.rate === null ? "unlimited" : `${r.rate} MB/s`,
    r.status,
    r.error ? `${r.health}: ${r.error}` : r.health,
  ];
}

export function registerReplicationCommands(program: Command, opts: () => CliOptions): void {
  const replications = program.command("replications").description("replication jobs as last synced");
  replications
    .command("list")
    .description("list replication jobs in the REST list's order (with --json: a JSON array of REST objects)")
    .option("--endpoint <name>", "only this endpoint (the filter endpoint=NAME)")
    .option("--filter <query>", "NetBox filters as a query string, e.g. 'health=error&target=pve2'")
    .action(async (o: ListOptions) => {
      const query = listQuery(o);
      if (opts().json) {
        const origin = cliOrigin(parseEnv());
        return withDatabase(() => writeReplicationsJson(query, origin, writeStdout));
      }
      const rows = await withDatabase(() => readTableRows(query));
      printTable(
        ["ENDPOINT", "ID", "VM", "SOURCE", "TARGET", "SCHEDULE", "RATE", "STATUS", "HEALTH"],
        rows.map(tableCells),
      );
    });
}
