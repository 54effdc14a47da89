import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The CLI's exit (src/cli/exit.ts) waits until a slow pipe has taken all output, and keeps the exit code.

const fixture = path.join(import.meta.dirname, "fixtures", "big-write.mts");
const BYTES = 8 * 1024 * 1024;

function run(exit: "flushed" | "bare"): Promise<{ received: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fixture], {
      env: { ...process.env, BYTES: String(BYTES), EXIT: exit },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let received = 0;
    let paused = false;
    child.stdout.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (!paused) {
        // Read the first chunk, then let the pipe stay full while the child decides to exit.
        paused = true;
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 1000);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ received, code }));
  });
}

describe("exitWhenFlushed", () => {
  it("exits only after a slow reader has received everything, with process.exitCode", async () => {
    expect(await run("flushed")).toEqual({ received: BYTES + 1, code: 3 });
  });

  it("is needed: a bare process.exit() loses what the pipe has not taken (this harness sees it)", async () => {
    const bare = await run("bare");
    expect(bare.code).toBe(3);
    expect(bare.received).toBeLessThan(BYTES + 1);
  });
});
