// The app as e2e tests see it: a fresh data dir, the built Next app, its own embedded PostgreSQL.
import fs from "node:fs";

const dataDir = process.env.PROXBOX_DATA_DIR;
if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
await import("../src/server/main");
