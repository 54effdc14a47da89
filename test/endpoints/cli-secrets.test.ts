import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { decryptSecret, resetSecretKeyCache } from "@/server/secrets";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { type CliResult, runCli } from "../cli/run-cli";
import { setupTestDatabase } from "../helpers/db";

// `proxbox endpoint add|update` read the Proxmox secret from a file or an environment variable (never
// only from argv, where `ps` and the shell history show it), through the real CLI in a child process.
// The secret never shows on stdout, stderr or in the log file; a bad source stores nothing.

const databaseUrl = setupTestDatabase();
const KEY = "cd".repeat(32);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-cli-secret-"));
const logFile = path.join(dir, "cli.log");
let sim: TestSimulator;

const env = (extra: Record<string, string> = {}) => ({
  DATABASE_URL: databaseUrl(),
  PROXBOX_SECRET_KEY: KEY,
  PROXBOX_LOG_LEVEL: "debug",
  PROXBOX_LOG_FILE: logFile,
  PROXBOX_LOG_FORMAT: undefined,
  ...extra,
});

beforeAll(async () => {
  sim = await startTestSimulator();
  process.env.PROXBOX_SECRET_KEY = KEY;
  resetSecretKeyCache();
});
afterAll(async () => {
  await sim?.close();
  resetSecretKeyCache();
  fs.rmSync(dir, { recursive: true, force: true });
});

const lab = () => sim.endpointFor("pve-lab");

function cli(args: string[], extra: Record<string, string> = {}): Promise<CliResult> {
  return runCli(args, { env: env(extra) });
}

function expectNoSecret(result: CliResult, ...secrets: string[]) {
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "";
  for (const secret of secrets) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
    expect(log).not.toContain(secret);
  }
}

async function storedSecret(name: string): Promise<string | null> {
  const row = await db.proxmoxEndpoint.findUnique({ where: { name } });
  return row?.secretEncrypted ? decryptSecret(row.secretEncrypted) : null;
}

function addArgs(name: string, ...secretArgs: string[]) {
  return [
    "--json",
    "endpoint",
    "add",
    "--name",
    name,
    "--url",
    lab().url,
    "--token-id",
    lab().tokenId,
    "--fingerprint",
    lab().fingerprint,
    ...secretArgs,
  ];
}

describe("CLI endpoint secrets", () => {
  it("reads the token secret from a file (one trailing newline trimmed) and the endpoint works", async () => {
    const file = path.join(dir, "token");
    fs.writeFileSync(file, `${lab().secret}\n`, { mode: 0o600 });
    const added = await cli(addArgs("from-file", "--token-secret-file", file));
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: "from-file", hasSecret: true });
    expect(added.stderr).not.toMatch(/warning/);
    expect(await storedSecret("from-file")).toBe(lab().secret);
    const tested = await cli(["endpoint", "test", "from-file"]);
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stdout).toContain("cluster pve-lab");
    // A sync writes log lines (debug level, to PROXBOX_LOG_FILE): none carries the secret.
    const synced = await cli(["sync", "--endpoint", "from-file"]);
    expect(synced.code, synced.stderr).toBe(0);
    expect(fs.readFileSync(logFile, "utf8").length).toBeGreaterThan(0);
    expectNoSecret(added, lab().secret);
    expectNoSecret(tested, lab().secret);
    expectNoSecret(synced, lab().secret);
  }, 120_000);

  it("reads it from an environment variable", async () => {
    const added = await cli(addArgs("from-env", "--token-secret-env", "PVE_TOKEN_SECRET"), {
      PVE_TOKEN_SECRET: lab().secret,
    });
    expect(added.code, added.stderr).toBe(0);
    expect(await storedSecret("from-env")).toBe(lab().secret);
    expectNoSecret(added, lab().secret);
  }, 120_000);

  it("add and update take the recovery-point settings; an invalid one names its option", async () => {
    const env = { PVE_TOKEN_SECRET: lab().secret };
    const added = await cli(
      [
        ...addArgs("recovery", "--token-secret-env", "PVE_TOKEN_SECRET"),
        "--overdue-grace-factor",
        "1.5",
        "--stuck-after",
        "900",
      ],
      env,
    );
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ overdueGraceFactor: 1.5, stuckAfterSeconds: 900 });
    const bad = await cli(["endpoint", "update", "recovery", "--stuck-after", "30"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--stuck-after");
    const updated = await cli(["endpoint", "update", "recovery", "--overdue-grace-factor", "4"]);
    expect(updated.code, updated.stderr).toBe(0);
    const row = await db.proxmoxEndpoint.findUnique({ where: { name: "recovery" } });
    expect([row?.overdueGraceFactor, row?.stuckAfterSeconds]).toEqual([4, 900]);
  }, 120_000);

  it("a missing file or variable is a clear error and stores nothing", async () => {
    const before = await db.proxmoxEndpoint.count();
    const missing = path.join(dir, "does-not-exist");
    const noFile = await cli(addArgs("no-file", "--token-secret-file", missing));
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toContain(`error: cannot read --token-secret-file ${missing}: no such file`);
    const empty = path.join(dir, "empty");
    fs.writeFileSync(empty, "\n");
    const emptyFile = await cli(addArgs("empty-file", "--token-secret-file", empty));
    expect(emptyFile.code).toBe(1);
    expect(emptyFile.stderr).toContain(`--token-secret-file ${empty} is empty`);
    const noVar = await cli(addArgs("no-var", "--token-secret-env", "PVE_NOT_SET"));
    expect(noVar.code).toBe(1);
    expect(noVar.stderr).toContain(
      "--token-secret-env PVE_NOT_SET: that environment variable is not set or empty",
    );
    const both = await cli(addArgs("both", "--token-secret-env", "X", "--token-secret", lab().secret), {
      X: lab().secret,
    });
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/give only one of --token-secret, --token-secret-env/);
    expect(await db.proxmoxEndpoint.count()).toBe(before);
    expectNoSecret(both, lab().secret);
  }, 120_000);

  it("the argument form still works, with a warning that ps and the shell history show it", async () => {
    const added = await cli(addArgs("from-arg", "--token-secret", lab().secret));
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toContain(
      "warning: --token-secret puts the token secret where `ps` and your shell history show it",
    );
    expect(await storedSecret("from-arg")).toBe(lab().secret);
    expectNoSecret(added, lab().secret);
  }, 120_000);

  it("update: a new URL or TLS trust needs the secret again; nothing changes without it", async () => {
    const before = await db.proxmoxEndpoint.findUniqueOrThrow({ where: { name: "from-file" } });
    const refused = await cli([
      "endpoint",
      "update",
      "from-file",
      "--url",
      "https://127.0.0.1:9",
      "--insecure",
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /--token-secret\(-file\|-env\): The token secret is required again because the URL and the TLS verification mode changed/,
    );
    expect(await db.proxmoxEndpoint.findUniqueOrThrow({ where: { name: "from-file" } })).toEqual(before);

    // Changes that keep the secret where it was saved for need none.
    const disabled = await cli(["endpoint", "update", "from-file", "--disable", "--timeout", "7000"]);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(await storedSecret("from-file")).toBe(lab().secret);

    const newSecret = "0a0b0c0d-1111-4222-8333-444444444444";
    const file = path.join(dir, "new-token");
    fs.writeFileSync(file, `${newSecret}\r\n`);
    const moved = await cli([
      "--json",
      "endpoint",
      "update",
      "from-file",
      "--url",
      "https://127.0.0.1:9",
      "--insecure",
      "--token-secret-file",
      file,
    ]);
    expect(moved.code, moved.stderr).toBe(0);
    expect(JSON.parse(moved.stdout)).toMatchObject({ url: "https://127.0.0.1:9", tlsMode: "insecure" });
    expect(await storedSecret("from-file")).toBe(newSecret);
    expectNoSecret(refused, lab().secret);
    expectNoSecret(moved, newSecret, lab().secret);
  }, 120_000);

  it("reads a password (ticket authentication) from a file", async () => {
    const user = sim.cluster("pve-lab").user;
    if (!user) throw new Error("the demo scenario has a user on pve-lab");
    const file = path.join(dir, "password");
    fs.writeFileSync(file, `${user.password}\n`);
    const added = await cli([
      "endpoint",
      "add",
      "--name",
      "ticket-file",
      "--url",
      lab().url,
      "--username",
      user.username,
      "--fingerprint",
      lab().fingerprint,
      "--password-file",
      file,
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(await storedSecret("ticket-file")).toBe(user.password);
    const wrongKind = await cli(addArgs("wrong-kind", "--password-file", file));
    expect(wrongKind.code).toBe(1);
    expect(wrongKind.stderr).toContain("--password-file does not apply: this endpoint uses an API token");
    expectNoSecret(added, user.password);
    expectNoSecret(wrongKind, user.password);
  }, 120_000);

  it.skipIf(!fs.existsSync("/usr/bin/script"))(
    "on a terminal, asks for the secret without echoing it",
    async () => {
      // util-linux `script` gives the CLI a pseudo-terminal; its stdout is everything the terminal shows.
      const command = [process.execPath, "scripts/proxbox.mjs", ...addArgs("from-prompt").slice(1)]
        .map((a) => `'${a}'`)
        .join(" ");
      const child = spawn("script", ["-qfec", command, "/dev/null"], {
        cwd: path.resolve(import.meta.dirname, "../.."),
        env: { ...process.env, ...env() },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let screen = "";
      const prompted = new Promise<void>((resolve) => {
        child.stdout.on("data", (chunk: Buffer) => {
          screen += chunk.toString("utf8");
          if (screen.includes("Token secret for")) resolve();
        });
      });
      const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
      let code: number | null;
      try {
        const noPrompt = new Promise<void>((_, reject) =>
          setTimeout(() => reject(new Error(`no prompt within 30 s; the terminal shows: ${screen}`)), 30_000),
        );
        await Promise.race([prompted, noPrompt]);
        child.stdin.write(`${lab().secret}\r`);
        code = await exited;
      } finally {
        if (child.exitCode === null) child.kill();
      }
      expect(code, screen).toBe(0);
      expect(screen).toContain(`Token secret for ${lab().tokenId}: `);
      expect(screen).toContain("added endpoint from-prompt");
      expect(screen).not.toContain(lab().secret);
      expect(await storedSecret("from-prompt")).toBe(lab().secret);
    },
    120_000,
  );
});
