import fs from "node:fs";
import type { Command } from "commander";
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpoints,
  testEndpoint,
} from "@/server/endpoints/service";
import { type CliOptions, cliActor, printJson, printTable, withDatabase } from "../context";

interface AddOptions {
  name: string;
  url: string;
  tokenId?: string;
  tokenSecret?: string;
  username?: string;
  password?: string;
  fingerprint?: string;
  caFile?: string;
  insecure?: boolean;
  timeout?: string;
}

export function registerEndpointCommands(program: Command, opts: () => CliOptions): void {
  const endpoint = program.command("endpoint").description("Proxmox VE endpoints (clusters) to sync");

  endpoint
    .command("add")
    .description("add an endpoint: API token (preferred) or username + password, and how to trust its TLS")
    .requiredOption("--name <name>", "a unique name, e.g. pve-prod")
    .requiredOption("--url <url>", "https://host:8006")
    .option("--token-id <id>", "API token id, USER@REALM!TOKENID")
    .option("--token-secret <secret>", "API token secret (stored encrypted)")
    .option("--username <user>", "USER@REALM, for ticket authentication")
    .option("--password <password>", "password, for ticket authentication (stored encrypted)")
    .option("--fingerprint <sha256>", "pin the server certificate's SHA-256 fingerprint")
    .option("--ca-file <file>", "trust this CA certificate (the cluster's pve-root-ca.pem)")
    .option("--insecure", "do not verify TLS at all (shown as a warning everywhere)")
    .option("--timeout <ms>", "request timeout in milliseconds")
    .action(async (o: AddOptions) => {
      const tlsMode = o.fingerprint ? "fingerprint" : o.caFile ? "ca" : o.insecure ? "insecure" : "system";
      const created = await withDatabase(() =>
        createEndpoint(cliActor(), {
          name: o.name,
          url: o.url,
          authMode: o.username ? "ticket" : "token",
          tokenId: o.tokenId,
          tokenSecret: o.tokenSecret,
          username: o.username,
          password: o.password,
          tlsMode,
          fingerprint: o.fingerprint,
          caPem: o.caFile ? fs.readFileSync(o.caFile, "utf8") : undefined,
          ...(o.timeout ? { requestTimeoutMs: Number(o.timeout) } : {}),
        }),
      );
      if (opts().json) printJson(created);
      else
        console.log(
          `added endpoint ${created.name} (#${created.id})${created.tlsWarning ? ` — warning: ${created.tlsWarning}` : ""}`,
        );
    });

  endpoint
    .command("list")
    .description("list endpoints")
    .action(async () => {
      const rows = await withDatabase(() => listEndpoints());
      if (opts().json) return printJson(rows);
      printTable(
        ["ID", "NAME", "URL", "CLUSTER", "VERSION", "TLS", "ENABLED", "LAST SYNC"],
        rows.map((e) => [
          e.id,
          e.name,
          e.url,
          e.clusterName ?? "",
          e.pveVersion ?? "",
          e.tlsMode,
          e.enabled ? "yes" : "no",
          e.lastSyncAt?.toISOString() ?? "never",
        ]),
      );
    });

  endpoint
    .command("test <name>")
    .description("connect and read version, cluster name and nodes")
    .action(async (name: string) => {
      const result = await withDatabase(async () => testEndpoint((await getEndpoint(name)).id));
      if (opts().json) printJson(result);
      else if (result.ok)
        console.log(
          `ok: Proxmox VE ${result.version}, cluster ${result.clusterName ?? "(standalone)"}, ${result.nodes} node(s)`,
        );
      else console.error(`failed: ${result.error}`);
      if (result.warning) console.error(`warning: ${result.warning}`);
      if (!result.ok) process.exitCode = 1;
    });

  endpoint
    .command("remove <name>")
    .description("remove an endpoint and everything synced from it")
    .action(async (name: string) => {
      await withDatabase(async () => deleteEndpoint(cliActor(), (await getEndpoint(name)).id));
      if (opts().json) printJson({ removed: name });
      else console.log(`removed endpoint ${name}`);
    });
}
