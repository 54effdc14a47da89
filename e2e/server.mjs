// The app as e2e tests see it: a fresh data dir, the built Next app, its own embedded PostgreSQL, run by
// the compiled server (dist/server.js, rebuilt first when its sources changed) as `npm start` runs it.
import fs from "node:fs";
import { bundleIfStale } from "../scripts/bundle.mjs";

const dataDir = process.env.PROXBOX_DATA_DIR;
if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
await bundleIfStale(["server"]);
process.setSourceMapsEnabled(true);
await import("../dist/server.js");
