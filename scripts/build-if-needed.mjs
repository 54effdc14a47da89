// Builds what production runs, when it is missing or older than its sources (used by start and demo):
// the Next.js app (.next, `next build`) and the compiled server and CLI (dist/, scripts/bundle.mjs).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { bundleIfStale } from "./bundle.mjs";

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
  console.error("building the app (next build)…");
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const built = await bundleIfStale(["server", "cli"]);
if (built.length) console.error(`compiled ${built.join(" and ")} into dist/`);
