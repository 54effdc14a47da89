#!/usr/bin/env node
// `proxbox` (package.json "bin", `npm run proxbox -- …`): runs the compiled CLI in this process,
// rebuilding dist/cli.js first only when a source it was built from changed (esbuild, well under a
// second). No TypeScript is transpiled at run time.
import path from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { bundleIfStale, root } from "./bundle.mjs";

await bundleIfStale(["cli"]);
// Migrations are read relative to the working directory; a `proxbox` started elsewhere (the bin on
// PATH) still finds this checkout's.
process.env.PROXBOX_MIGRATIONS_DIR ??= path.join(root, "prisma", "migrations");
// Errors point into src/… through the bundle's source map.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(path.join(root, "dist", "cli.js")).href);
