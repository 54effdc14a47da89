import fs from "node:fs";
import type { Command } from "commander";
import type { DestinationCreateInput } from "@/server/alerts/schema";
import {
  createDestination,
  createRule,
  type DestinationView,
  deleteDestination,
  deleteRule,
  getDestination,
  getRule,
  listDeliveries,
  listDestinations,
  listRules,
  type RuleView,
  testDestination,
  updateRule,
} from "@/server/alerts/service";
import { TRANSITIONS } from "@/server/alerts/types";
import { getEndpoint } from "@/server/endpoints/service";
import { AppError } from "@/server/errors";
import { CliError, type CliOptions, cliActor, printJson, printTable, withDatabase } from "../context";

// `proxbox alert …`: rules and destinations from automation. Secrets (the webhook's HMAC key, header
// values, the SMTP password) come from an environment variable or a file, never only from argv where
// `ps` and the shell history show them; they are never printed, and --json prints destinationView.

interface DestinationOptions {
  name: string;
  description?: string;
  webhook?: string;
  secretEnv?: string;
  secretFile?: string;
  header: string[];
  headerEnv: string[];
  tlsFingerprint?: string;
  tlsCa?: string;
  insecure?: boolean;
  timeout?: string;
  email?: string[];
  smtpUrl?: string;
  smtpPasswordEnv?: string;
  smtpPasswordFile?: string;
  from?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** The value of one of a secret's sources (env or file), or undefined when neither was given. */
function secretFrom(env: string | undefined, file: string | undefined, flags: [string, string]) {
  if (env !== undefined && file !== undefined) throw new CliError(`give only one of ${flags.join(", ")}`);
  if (env !== undefined) {
    const value = process.env[env];
    if (!value) throw new CliError(`${flags[0]} ${env}: that environment variable is not set or empty`);
    return value;
  }
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new CliError(
      `cannot read ${flags[1]} ${file}: ${(err as NodeJS.ErrnoException).code ?? "unreadable"}`,
    );
  }
  // One trailing newline is what `echo` and editors add, not part of the secret.
  const secret = text.replace(/\r?\n$/, "");
  if (secret === "") throw new CliError(`${flags[1]} ${file} is empty`);
  return secret;
}

/** --header 'Name: value' and --header-env 'Name=VAR'; errors name the header, never the value. */
function headersOf(o: DestinationOptions): Record<string, string> | undefined {
  if (o.header.length === 0 && o.headerEnv.length === 0) return undefined;
  const headers: Record<string, string> = {};
  for (const h of o.header) {
    const colon = h.indexOf(":");
    if (colon <= 0) throw new CliError("--header must look like 'Name: value'");
    headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
  }
  for (const h of o.headerEnv) {
    const eq = h.indexOf("=");
    if (eq <= 0) throw new CliError(`--header-env must look like 'Name=VARIABLE', not ${h}`);
    const [name, variable] = [h.slice(0, eq).trim(), h.slice(eq + 1).trim()];
    const value = process.env[variable];
    if (!value) throw new CliError(`--header-env ${name}: ${variable} is not set or empty`);
    headers[name] = value;
  }
  return headers;
}

function tlsOf(o: DestinationOptions): Partial<DestinationCreateInput> {
  const chosen = [o.tlsFingerprint && "--tls-fingerprint", o.tlsCa && "--tls-ca", o.insecure && "--insecure"];
  const given = chosen.filter(Boolean);
  if (given.length > 1) throw new CliError(`give only one of ${given.join(", ")}`);
  if (o.tlsFingerprint) return { tlsMode: "fingerprint", fingerprint: o.tlsFingerprint };
  if (o.tlsCa) {
    try {
      return { tlsMode: "ca", caPem: fs.readFileSync(o.tlsCa, "utf8") };
    } catch {
      throw new CliError(`cannot read --tls-ca ${o.tlsCa}`);
    }
  }
  return o.insecure ? { tlsMode: "insecure" } : {};
}

function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliError(`${flag} must be a whole number`);
  return Number(value);
}

/** What a destination add builds from its options; read before the database boots, so a bad source stores nothing. */
function destinationInputOf(o: DestinationOptions): DestinationCreateInput {
  if (!o.webhook === !o.email) throw new CliError("give either --webhook URL or --email ADDRESS…");
  const common = {
    name: o.name,
    ...(o.description !== undefined ? { description: o.description } : {}),
    ...(o.timeout !== undefined ? { timeoutMs: wholeNumber(o.timeout, "--timeout") } : {}),
  };
  if (o.webhook) {
    const stray = [
      o.smtpUrl && "--smtp-url",
      o.from && "--from",
      (o.smtpPasswordEnv || o.smtpPasswordFile) && "--smtp-password-env/-file",
    ].filter(Boolean);
    if (stray.length > 0) throw new CliError(`${stray.join(", ")} only apply to --email destinations`);
    const secret = secretFrom(o.secretEnv, o.secretFile, ["--secret-env", "--secret-file"]);
    const headers = headersOf(o);
    return {
      ...common,
      kind: "webhook",
      url: o.webhook,
      ...(secret !== undefined ? { secret } : {}),
      ...(headers ? { headers } : {}),
      ...tlsOf(o),
    };
  }
  const stray = [
    (o.secretEnv || o.secretFile) && "--secret-env/-file",
    (o.header.length || o.headerEnv.length) && "--header",
    (o.tlsFingerprint || o.tlsCa || o.insecure) && "--tls-*/--insecure",
  ].filter(Boolean);
  if (stray.length > 0) throw new CliError(`${stray.join(", ")} only apply to --webhook destinations`);
  if (!o.smtpUrl)
    throw new CliError("--smtp-url smtp[s]://[user[:pass]@]host[:port] is required with --email");
  const smtpPassword = secretFrom(o.smtpPasswordEnv, o.smtpPasswordFile, [
    "--smtp-password-env",
    "--smtp-password-file",
  ]);
  return {
    ...common,
    kind: "email",
    emailTo: o.email,
    smtpUrl: o.smtpUrl,
    ...(o.from ? { emailFrom: o.from } : {}),
    ...(smtpPassword !== undefined ? { smtpPassword } : {}),
  };
}

/** The service's field errors under the option names a CLI user typed. */
const OPTION_OF: Record<string, string> = {
  name: "--name",
  url: "--webhook",
  secret: "--secret-env/--secret-file",
  headers: "--header",
  fingerprint: "--tls-fingerprint",
  caPem: "--tls-ca",
  timeoutMs: "--timeout",
  emailTo: "--email",
  emailFrom: "--from",
  smtpUrl: "--smtp-url",
  smtpPassword: "--smtp-password-env",
  transitions: "--on",
  destinationIds: "--destination",
  endpointIds: "--endpoint",
  filter: "--filter",
  digestSeconds: "--digest-seconds",
};

async function withOptionNames<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && err.code === "BAD_REQUEST" && err.fields) {
      const lines = Object.entries(err.fields).map(([k, v]) => {
        const [head, ...rest] = k.split(".");
        return `${[OPTION_OF[head] ?? head, ...rest].join(".")}: ${v.join(", ")}`;
      });
      throw new CliError(lines.join("\n  "));
    }
    throw err;
  }
}

const where = (d: DestinationView) =>
  d.kind === "webhook" ? (d.url ?? "") : `${d.emailTo.join(", ")} via ${d.smtpUrl ?? ""}`;

function printDestinations(rows: DestinationView[]) {
  printTable(
    ["ID", "NAME", "KIND", "TO", "SECRETS"],
    rows.map((d) => [
      d.id,
      d.name,
      d.kind,
      where(d),
      [
        d.hasSecret && "hmac",
        d.headerNames.length > 0 && `headers: ${d.headerNames.join(", ")}`,
        d.hasSmtpPassword && "smtp password",
      ]
        .filter(Boolean)
        .join("; ") || "-",
    ]),
  );
}

function printRules(rows: RuleView[]) {
  printTable(
    ["ID", "NAME", "ON", "ENDPOINTS", "FILTER", "DIGEST", "DESTINATIONS", "ENABLED"],
    rows.map((r) => [
      r.id,
      r.name,
      r.transitions.join(","),
      r.endpoints.length ? r.endpoints.map((e) => e.name).join(",") : "all",
      r.filter || "-",
      r.digestSeconds ? `${r.digestSeconds}s` : "-",
      r.destinations.map((d) => d.name).join(","),
      r.enabled ? "yes" : "no",
    ]),
  );
}

function registerDestinationCommands(alert: Command, opts: () => CliOptions) {
  const destination = alert.command("destination").description("where alerts go: webhooks and e-mail");
  destination
    .command("add")
    .description("add a webhook (--webhook URL) or e-mail (--email ADDRESS… --smtp-url URL) destination")
    .requiredOption("--name <name>", "a unique name")
    .option("--description <text>", "what it is for")
    .option("--webhook <url>", "POST alerts as JSON to this http(s) URL")
    .option("--secret-env <var>", "webhook: HMAC-SHA256 key for X-Proxbox-Signature, from this variable")
    .option("--secret-file <file>", "webhook: the HMAC key from this file (one trailing newline ignored)")
    .option("--header <'Name: value'>", "webhook: a header to send (repeatable)", collect, [])
    .option(
      "--header-env <Name=VAR>",
      "webhook: a header whose value is in an environment variable",
      collect,
      [],
    )
    .option("--tls-fingerprint <sha256>", "webhook: pin the server certificate's SHA-256 fingerprint")
    .option("--tls-ca <file>", "webhook: trust this CA certificate (PEM)")
    .option("--insecure", "webhook: do not verify TLS at all")
    .option("--timeout <ms>", "give up on a delivery attempt after this many milliseconds (default 10000)")
    .option("--email <address...>", "e-mail these recipients")
    .option(
      "--smtp-url <url>",
      "e-mail: smtp[s]://[user[:pass]@]host[:port] (a password in it is stored encrypted)",
    )
    .option("--smtp-password-env <var>", "e-mail: the SMTP password from this variable")
    .option("--smtp-password-file <file>", "e-mail: the SMTP password from this file")
    .option("--from <address>", "e-mail: the sender (default proxbox@<public host>)")
    .action(async (o: DestinationOptions) => {
      const input = destinationInputOf(o);
      const created = await withOptionNames(() => withDatabase(() => createDestination(cliActor(), input)));
      if (opts().json) printJson(created);
      else console.log(`added ${created.kind} destination ${created.name} (#${created.id})`);
    });
  destination
    .command("list")
    .description("list alert destinations")
    .action(async () => {
      const rows = await withDatabase(() => listDestinations());
      if (opts().json) printJson(rows);
      else printDestinations(rows);
    });
  destination
    .command("remove <name>")
    .description("remove an alert destination")
    .action((name: string) => removeDestination(name, opts));
}

async function removeDestination(name: string, opts: () => CliOptions) {
  await withDatabase(async () => deleteDestination(cliActor(), (await getDestination(name)).id));
  if (opts().json) printJson({ removed: { destination: name } });
  else console.log(`removed alert destination ${name}`);
}

async function removeRule(name: string, opts: () => CliOptions) {
  await withDatabase(async () => deleteRule(cliActor(), (await getRule(name)).id));
  if (opts().json) printJson({ removed: { rule: name } });
  else console.log(`removed alert rule ${name}`);
}

function registerRuleCommands(alert: Command, opts: () => CliOptions) {
  const rule = alert.command("rule").description("which job health changes alert whom");
  rule
    .command("add")
    .description("add an alert rule")
    .requiredOption("--name <name>", "a unique name")
    .requiredOption("--on <transitions>", `comma-separated: ${TRANSITIONS.join(",")}`)
    .requiredOption("--destination <name...>", "alert these destinations")
    .option("--endpoint <name...>", "only jobs of these endpoints (default: all)")
    .option("--filter <query>", "only jobs the replication list shows for this query, e.g. 'target=pve3'")
    .option("--digest-seconds <n>", "group transitions within this many seconds into one message (default 0)")
    .option("--description <text>", "what it is for")
    .option("--disabled", "create it disabled")
    .action(
      async (o: {
        name: string;
        on: string;
        destination: string[];
        endpoint?: string[];
        filter?: string;
        digestSeconds?: string;
        description?: string;
        disabled?: boolean;
      }) => {
        const digestSeconds = wholeNumber(o.digestSeconds, "--digest-seconds");
        const created = await withOptionNames(() =>
          withDatabase(async () => {
            const destinationIds = [];
            for (const name of o.destination) destinationIds.push((await getDestination(name)).id);
            const endpointIds = [];
            for (const name of o.endpoint ?? []) endpointIds.push((await getEndpoint(name)).id);
            return createRule(cliActor(), {
              name: o.name,
              transitions: o.on
                .split(",")
                .map((t) => t.trim())
                .filter(Boolean) as never,
              destinationIds,
              endpointIds,
              ...(o.filter !== undefined ? { filter: o.filter } : {}),
              ...(digestSeconds !== undefined ? { digestSeconds } : {}),
              ...(o.description !== undefined ? { description: o.description } : {}),
              enabled: !o.disabled,
            });
          }),
        );
        if (opts().json) printJson(created);
        else console.log(`added alert rule ${created.name} (#${created.id})`);
      },
    );
  rule
    .command("list")
    .description("list alert rules")
    .action(async () => {
      const rows = await withDatabase(() => listRules());
      if (opts().json) printJson(rows);
      else printRules(rows);
    });
  for (const [verb, enabled] of [
    ["enable", true],
    ["disable", false],
  ] as const) {
    rule
      .command(`${verb} <name>`)
      .description(`${verb} an alert rule`)
      .action(async (name: string) => {
        const saved = await withDatabase(async () =>
          updateRule(cliActor(), (await getRule(name)).id, { enabled }),
        );
        if (opts().json) printJson(saved);
        else console.log(`${verb}d alert rule ${name}`);
      });
  }
  rule
    .command("remove <name>")
    .description("remove an alert rule")
    .action((name: string) => removeRule(name, opts));
}

export function registerAlertCommands(program: Command, opts: () => CliOptions): void {
  const alert = program.command("alert").description("alerts on job health: rules, destinations, deliveries");
  registerDestinationCommands(alert, opts);
  registerRuleCommands(alert, opts);

  alert
    .command("list")
    .description("list alert rules and destinations")
    .action(async () => {
      const [rules, destinations] = await withDatabase(() => Promise.all([listRules(), listDestinations()]));
      if (opts().json) return printJson({ rules, destinations });
      console.log("RULES");
      printRules(rules);
      console.log("\nDESTINATIONS");
      printDestinations(destinations);
    });

  alert
    .command("remove")
    .description("remove an alert rule or destination")
    .option("--rule <name>", "the rule to remove")
    .option("--destination <name>", "the destination to remove")
    .action(async (o: { rule?: string; destination?: string }) => {
      if (!o.rule === !o.destination) throw new CliError("give either --rule NAME or --destination NAME");
      if (o.rule) await removeRule(o.rule, opts);
      else await removeDestination(o.destination as string, opts);
    });

  alert
    .command("test")
    .description("send a test alert through a destination and report the result")
    .requiredOption("--destination <name>", "the destination")
    .action(async (o: { destination: string }) => {
      const result = await withDatabase(async () =>
        testDestination((await getDestination(o.destination)).id),
      );
      if (opts().json) printJson(result);
      else if (result.ok) console.log(`ok: ${result.detail}`);
      else console.error(`failed: ${result.detail}`);
      if (!result.ok) process.exitCode = 1;
    });

  alert
    .command("deliveries")
    .description("the delivery log, newest first")
    .option("--rule <name>", "only this rule's")
    .option("--destination <name>", "only this destination's")
    .option("--state <state>", "collecting | queued | sending | retrying | sent | failed")
    .option("--limit <n>", "at most this many (default 50)")
    .action(async (o: { rule?: string; destination?: string; state?: string; limit?: string }) => {
      const limit = wholeNumber(o.limit, "--limit");
      const page = await withDatabase(async () =>
        listDeliveries({
          ...(o.rule ? { ruleId: (await getRule(o.rule)).id } : {}),
          ...(o.destination ? { destinationId: (await getDestination(o.destination)).id } : {}),
          ...(o.state ? { state: o.state as never } : {}),
          ...(limit !== undefined ? { limit } : {}),
        }),
      );
      if (opts().json) return printJson(page);
      printTable(
        ["ID", "CREATED", "RULE", "DESTINATION", "STATE", "EVENTS", "ATTEMPTS", "LAST ERROR"],
        page.results.map((d) => [
          d.id,
          d.created.toISOString(),
          d.rule.name,
          d.destination.name,
          d.state,
          d.eventCount,
          d.attempts,
          d.lastError ?? "",
        ]),
      );
      if (page.count > page.results.length) console.log(`(${page.results.length} of ${page.count})`);
    });
}
