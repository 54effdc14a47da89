// `npm start`: build when needed, then serve. The server process (src/server/main.ts) starts the
// embedded database and applies migrations.
import { spawnSync } from "node:child_process";

const build = spawnSync(process.execPath, ["scripts/build-if-needed.mjs"], { stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);
const server = spawnSync("npx", ["tsx", "src/server/main.ts"], {
  stdio: "inherit",
  env: { NODE_ENV: "production", ...process.env },
});
process.exit(server.status ?? 0);
