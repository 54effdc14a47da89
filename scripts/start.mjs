// `npm start`: build the app when the build is missing or older than the sources, then serve it.
// The server process (src/server/main.ts) starts the embedded database and applies migrations.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

const buildId = path.join(".next", "BUILD_ID");
const sources = Math.max(
  newestMtime("src"),
  ...["next.config.mjs", "package.json"].map((f) => fs.statSync(f).mtimeMs),
);
if (!fs.existsSync(buildId) || fs.statSync(buildId).mtimeMs < sources) {
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const server = spawnSync("npx", ["tsx", "src/server/main.ts"], {
  stdio: "inherit",
  env: { NODE_ENV: "production", ...process.env },
});
process.exit(server.status ?? 0);
