import { spawn } from "node:child_process";
import path from "node:path";

// Runs the `proxbox` command as a user would (scripts/proxbox.mjs: the compiled CLI, rebuilt when
// stale) in a child process whose stdout and stderr are pipes, like `proxbox … | jq`.

const root = path.resolve(import.meta.dirname, "../..");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  opts: { env?: Record<string, string | undefined>; pauseStdoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "scripts/proxbox.mjs"), ...args], {
      cwd: root,
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let paused = false;
    child.stdout.on("data", (chunk: Buffer) => {
      out.push(chunk);
      // A slow reader: after the first chunk the pipe fills up and stays full for a while, so a CLI
      // that exits without waiting for it loses everything but that first 64 KB.
      if (opts.pauseStdoutMs && !paused) {
        paused = true;
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), opts.pauseStdoutMs);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
  });
}
