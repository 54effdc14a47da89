import fs from "node:fs";
import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import type { Command } from "commander";
import { secretBoundChanges, secretRequiredMessage } from "@/lib/endpoint-secret-binding";
import type { EndpointCreateInput, EndpointUpdateInput } from "@/server/endpoints/schema";
import {
  createEndpoint,
  deleteEndpoint,
  type EndpointView,
  getEndpoint,
  listEndpoints,
  testEndpoint,
  updateEndpoint,
} from "@/server/endpoints/service";
import { AppError } from "@/server/errors";
import { CliError, type CliOptions, cliActor, printJson, printTable, withDatabase } from "../context";

// `proxbox endpoint …`. A Proxmox secret given as an argument shows in `ps` and lands in the shell history,
// so it is also read from a file (--token-secret-file), an environment variable (--token-secret-env) or,
// on a terminal, a prompt that does not echo. The argument form stays for scripts that use it, with a
// warning. The secret is never printed, not even in an error.

interface SecretOptions {
  tokenSecret?: string;
  tokenSecretFile?: string;
  tokenSecretEnv?: string;
  password?: string;
  passwordFile?: string;
  passwordEnv?: string;
}

interface ConnectionOptions extends SecretOptions {
  url?: string;
  tokenId?: string;
  username?: string;
  fingerprint?: string;
  caFile?: string;
  insecure?: boolean;
  systemCa?: boolean;
  timeout?: string;
  overdueGraceFactor?: string;
  stuckAfter?: string;
}

interface AddOptions extends ConnectionOptions {
  name: string;
  url: string;
}

interface UpdateOptions extends ConnectionOptions {
  rename?: string;
  enable?: boolean;
  disable?: boolean;
}

type SecretKind = "tokenSecret" | "password";

const SECRET_FLAGS: Record<SecretKind, { arg: string; file: string; env: string; label: string }> = {
  tokenSecret: {
    arg: "--token-secret",
    file: "--token-secret-file",
    env: "--token-secret-env",
    label: "token secret",
  },
  password: { arg: "--password", file: "--password-file", env: "--password-env", label: "password" },
};

function sourcesOf(o: SecretOptions, kind: SecretKind) {
  return kind === "tokenSecret"
    ? { arg: o.tokenSecret, file: o.tokenSecretFile, env: o.tokenSecretEnv }
    : { arg: o.password, file: o.passwordFile, env: o.passwordEnv };
}

/** File contents without the one line break an editor or `echo` adds at the end. */
function readSecretFile(file: string, flag: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : code;
    throw new CliError(`cannot read ${flag} ${file}: ${why ?? "unreadable"}`);
  }
  const secret = text.replace(/\r?\n$/, "");
  if (secret === "") throw new CliError(`${flag} ${file} is empty`);
  return secret;
}

/**
 * The secret from exactly one of its sources, or undefined when none was given. Sources of the other
 * authentication mode are refused rather than silently ignored.
 */
function explicitSecret(o: SecretOptions, kind: SecretKind): string | undefined {
  const other: SecretKind = kind === "tokenSecret" ? "password" : "tokenSecret";
  const stray = Object.entries(sourcesOf(o, other)).find(([, v]) => v !== undefined);
  if (stray) {
    const flag = SECRET_FLAGS[other][stray[0] as "arg" | "file" | "env"];
    throw new CliError(
      `${flag} does not apply: this endpoint uses ${kind === "tokenSecret" ? "an API token" : "username + password"}`,
    );
  }
  const flags = SECRET_FLAGS[kind];
  const src = sourcesOf(o, kind);
  const given = (["arg", "file", "env"] as const).filter((k) => src[k] !== undefined);
  if (given.length > 1) throw new CliError(`give only one of ${given.map((k) => flags[k]).join(", ")}`);
  if (src.file !== undefined) return readSecretFile(src.file, flags.file);
  if (src.env !== undefined) {
    const value = process.env[src.env];
    if (!value) throw new CliError(`${flags.env} ${src.env}: that environment variable is not set or empty`);
    return value;
  }
  if (src.arg !== undefined) {
    console.error(
      `warning: ${flags.arg} puts the ${flags.label} where \`ps\` and your shell history show it; prefer ${flags.file}, ${flags.env} or the prompt`,
    );
    if (src.arg === "") throw new CliError(`${flags.arg} is empty`);
    return src.arg;
  }
  return undefined;
}

/**
 * Asks on the terminal without echoing: readline reads the line (editing keys work as usual) but writes
 * what it would echo to a sink. Only when stdin is a terminal; scripts use a file or a variable.
 */
async function promptHidden(question: string): Promise<string> {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: sink, terminal: true });
  process.stderr.write(question);
  try {
    const cancelled = new Promise<never>((_, reject) =>
      rl.once("SIGINT", () => reject(new CliError("cancelled"))),
    );
    return await Promise.race([rl.question(""), cancelled]);
  } finally {
    rl.close();
    process.stderr.write("\n");
  }
}

async function secretFor(
  o: SecretOptions,
  kind: SecretKind,
  ask: { why?: string; principal?: string } | null,
): Promise<string | undefined> {
  const given = explicitSecret(o, kind);
  if (given !== undefined || !ask || !process.stdin.isTTY) return given;
  if (ask.why) console.error(ask.why);
  const label = SECRET_FLAGS[kind].label;
  const answer = await promptHidden(
    `${label[0].toUpperCase()}${label.slice(1)}${ask.principal ? ` for ${ask.principal}` : ""}: `,
  );
  if (answer === "") throw new CliError(`no ${label} given`);
  return answer;
}

function tlsOf(o: ConnectionOptions): Pick<EndpointCreateInput, "tlsMode" | "fingerprint" | "caPem"> | null {
  const chosen = [
    o.fingerprint && "--fingerprint",
    o.caFile && "--ca-file",
    o.insecure && "--insecure",
    o.systemCa && "--system-ca",
  ].filter(Boolean);
  if (chosen.length > 1) throw new CliError(`give only one of ${chosen.join(", ")}`);
  if (o.fingerprint) return { tlsMode: "fingerprint", fingerprint: o.fingerprint };
  if (o.caFile) {
    try {
      return { tlsMode: "ca", caPem: fs.readFileSync(o.caFile, "utf8") };
    } catch {
      throw new CliError(`cannot read --ca-file ${o.caFile}`);
    }
  }
  if (o.insecure) return { tlsMode: "insecure" };
  if (o.systemCa) return { tlsMode: "system" };
  return null;
}

function timeoutOf(o: ConnectionOptions) {
  return o.timeout ? { requestTimeoutMs: Number(o.timeout) } : {};
}

/** Recovery-point settings given on the command line (validated by the service: > 0 and ≤ 100, ≥ 60 s). */
function recoveryOf(o: ConnectionOptions) {
  return {
    ...(o.overdueGraceFactor !== undefined ? { overdueGraceFactor: Number(o.overdueGraceFactor) } : {}),
    ...(o.stuckAfter !== undefined ? { stuckAfterSeconds: Number(o.stuckAfter) } : {}),
  };
}

function addRecoveryOptions(cmd: Command): Command {
  return cmd
    .option(
      "--overdue-grace-factor <factor>",
      "a job is overdue when its last sync is older than its schedule's longest gap × this factor (default 2)",
    )
    .option("--stuck-after <seconds>", "a sync running longer than this is stuck (default 3600)");
}

/** The service's field errors under the option names a CLI user typed. */
const OPTION_OF: Record<string, string> = {
  url: "--url",
  tokenId: "--token-id",
  tokenSecret: "--token-secret(-file|-env)",
  username: "--username",
  password: "--password(-file|-env)",
  fingerprint: "--fingerprint",
  caPem: "--ca-file",
  requestTimeoutMs: "--timeout",
  overdueGraceFactor: "--overdue-grace-factor",
  stuckAfterSeconds: "--stuck-after",
  name: "--name",
};

async function withOptionNames<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && err.code === "BAD_REQUEST" && err.fields) {
      const lines = Object.entries(err.fields).map(([k, v]) => `${OPTION_OF[k] ?? k}: ${v.join(", ")}`);
      throw new CliError(lines.join("\n  "));
    }
    throw err;
  }
}

function addSecretOptions(cmd: Command): Command {
  return cmd
    .option(
      "--token-secret-file <file>",
      "read the API token secret from this file (one trailing newline is ignored)",
    )
    .option("--token-secret-env <var>", "read the API token secret from this environment variable")
    .option(
      "--token-secret <secret>",
      "the API token secret itself (visible in ps and shell history; prefer the above)",
    )
    .option("--password-file <file>", "read the password (ticket authentication) from this file")
    .option("--password-env <var>", "read the password from this environment variable")
    .option(
      "--password <password>",
      "the password itself (visible in ps and shell history; prefer the above)",
    );
}

function printSaved(verb: string, e: EndpointView, json: boolean | undefined) {
  if (json) printJson(e);
  else
    console.log(`${verb} endpoint ${e.name} (#${e.id})${e.tlsWarning ? ` — warning: ${e.tlsWarning}` : ""}`);
}

export function registerEndpointCommands(program: Command, opts: () => CliOptions): void {
  const endpoint = program.command("endpoint").description("Proxmox VE endpoints (clusters) to sync");

  addRecoveryOptions(
    addSecretOptions(
      endpoint
        .command("add")
        .description(
          "add an endpoint: API token (preferred) or username + password, and how to trust its TLS; without a secret option the secret is asked for on a terminal",
        )
        .requiredOption("--name <name>", "a unique name, e.g. pve-prod")
        .requiredOption("--url <url>", "https://host:8006")
        .option("--token-id <id>", "API token id, USER@REALM!TOKENID")
        .option("--username <user>", "USER@REALM, for ticket authentication"),
    )
      .option("--fingerprint <sha256>", "pin the server certificate's SHA-256 fingerprint")
      .option("--ca-file <file>", "trust this CA certificate (the cluster's pve-root-ca.pem)")
      .option("--insecure", "do not verify TLS at all (shown as a warning everywhere)")
      .option("--timeout <ms>", "request timeout in milliseconds"),
  ).action(async (o: AddOptions) => {
    const authMode = o.username ? "ticket" : "token";
    const kind: SecretKind = authMode === "ticket" ? "password" : "tokenSecret";
    const tls = tlsOf(o) ?? { tlsMode: "system" as const };
    // Read before the database boots: a missing file or variable fails with nothing stored.
    const secret = await secretFor(o, kind, { principal: o.username ?? o.tokenId });
    const created = await withOptionNames(() =>
      withDatabase(() =>
        createEndpoint(cliActor(), {
          name: o.name,
          url: o.url,
          authMode,
          tokenId: o.tokenId,
          username: o.username,
          [kind]: secret,
          ...tls,
          ...timeoutOf(o),
          ...recoveryOf(o),
        }),
      ),
    );
    printSaved("added", created, opts().json);
  });

  addRecoveryOptions(
    addSecretOptions(
      endpoint
        .command("update <name>")
        .description(
          "change an endpoint; a new URL, TLS trust, token id or username needs the secret again (asked for on a terminal)",
        )
        .option("--rename <new-name>", "a new name")
        .option("--url <url>", "https://host:8006")
        .option("--token-id <id>", "API token id (switches to API token authentication)")
        .option("--username <user>", "USER@REALM (switches to ticket authentication)"),
    )
      .option("--fingerprint <sha256>", "pin the server certificate's SHA-256 fingerprint")
      .option("--ca-file <file>", "trust this CA certificate")
      .option("--insecure", "do not verify TLS at all")
      .option("--system-ca", "trust the system's CAs")
      .option("--timeout <ms>", "request timeout in milliseconds")
      .option("--enable", "sync it manually and by schedules")
      .option("--disable", "leave it out of syncs"),
  ).action(async (name: string, o: UpdateOptions) => {
    if (o.enable && o.disable) throw new CliError("give only one of --enable, --disable");
    const tls = tlsOf(o);
    const authChange = o.username
      ? { authMode: "ticket" as const }
      : o.tokenId
        ? { authMode: "token" as const }
        : {};
    const saved = await withOptionNames(() =>
      withDatabase(async () => {
        const before = await getEndpoint(name);
        const authMode = authChange.authMode ?? before.authMode;
        const kind: SecretKind = authMode === "ticket" ? "password" : "tokenSecret";
        const input: EndpointUpdateInput = {
          ...(o.rename ? { name: o.rename } : {}),
          ...(o.url ? { url: o.url } : {}),
          ...authChange,
          ...(o.tokenId ? { tokenId: o.tokenId } : {}),
          ...(o.username ? { username: o.username } : {}),
          ...(tls ?? {}),
          ...timeoutOf(o),
          ...recoveryOf(o),
          ...(o.enable ? { enabled: true } : o.disable ? { enabled: false } : {}),
        };
        // Ask only when the stored secret cannot be kept; the service makes the same check.
        const changed = secretBoundChanges(before, { ...before, ...input });
        const secret = await secretFor(
          o,
          kind,
          changed.length > 0 || !before.hasSecret
            ? {
                why: before.hasSecret ? secretRequiredMessage(changed, SECRET_FLAGS[kind].label) : undefined,
                principal: input.username ?? input.tokenId ?? before.username ?? before.tokenId ?? undefined,
              }
            : null,
        );
        return updateEndpoint(cliActor(), before.id, { ...input, ...(secret ? { [kind]: secret } : {}) });
      }),
    );
    printSaved("updated", saved, opts().json);
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
