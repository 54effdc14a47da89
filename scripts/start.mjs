// `npm start`: build what is missing or stale (the Next app, the compiled server), then serve from
// this very process: plain JavaScript from dist/server.js, no TypeScript loader. The server starts the
// embedded database and applies migrations.
import { spawnSync } from "node:child_process";
import process from "node:process";

// A child process, so the build's memory (and esbuild's service) is gone before the server starts.
const build = spawnSync(process.execPath, ["scripts/build-if-needed.mjs"], { stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);
process.env.NODE_ENV ??= "production";
// Errors point into src/… through the bundle's source map.
process.setSourceMapsEnabled(true);
await import("../dist/server.js");
