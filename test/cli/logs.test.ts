import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../helpers/db";
import { runCli } from "./run-cli";

// The CLI's stderr is for people: server log lines (here: the error a sync logs when the Proxmox host
// refuses the connection) are formatted, never pino JSON objects; with PROXBOX_LOG_FILE they go to the
// file as JSON lines instead. --json output on stdout stays parseable, and the token secret never shows.

const databaseUrl = setupTestDatabase();
const SECRET = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const env = () => ({
  DATABASE_URL: databaseUrl(),
  PROXBOX_SECRET_KEY: "ab".repeat(32),
  PROXBOX_LOG_LEVEL: "warn",
  PROXBOX_LOG_FILE: undefined,
  PROXBOX_LOG_FORMAT: undefined,
});

function pinoJsonLines(text: string): string[] {
  return text.split("\n").filter((line) => {
    try {
      const parsed = JSON.parse(line);
      return typeof parsed === "object" && parsed !== null && "level" in parsed;
    } catch {
      return false;
    }
  });
}

describe("CLI log output", () => {
  it("prints log lines for people on stderr during a failing sync; --json stays JSON", async () => {
    const added = await runCli(
      [
        "endpoint",
        "add",
        "--name",
        "refused",
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        "--url",
        "https://127.0.0.1:1",
        "--token-id",
        "root@pam!proxbox",
        "--token-secret",
        SECRET,
        "--insecure",
      ],
      { env: env() },
    );
    expect(added.code, added.stderr).toBe(0);

    const sync = await runCli(["--json", "sync", "--endpoint", "refused"], { env: env() });
    expect(sync.code).toBe(1); // a failed run
    const runs = JSON.parse(sync.stdout);
    expect(runs.state ?? runs[0]?.state).toBe("failed");
    expect(sync.stderr).toContain("ECONNREFUSED");
    expect(sync.stderr).toMatch(/ERROR/);
    expect(pinoJsonLines(sync.stderr)).toEqual([]);
    expect(sync.stderr).not.toContain(SECRET);
  }, 120_000);

  it("writes JSON log lines to PROXBOX_LOG_FILE instead of stderr", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-log-")), "cli.log");
    const sync = await runCli(["sync", "--endpoint", "refused"], {
      env: { ...env(), PROXBOX_LOG_FILE: file },
    });
    expect(sync.code).toBe(1);
    expect(sync.stderr).not.toMatch(/ERROR/);
    const lines = pinoJsonLines(fs.readFileSync(file, "utf8"));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).toContain("ECONNREFUSED");
    expect(fs.readFileSync(file, "utf8")).not.toContain(SECRET);
  }, 120_000);
});
