// `npm run demo`: try Proxbox without a Proxmox cluster. Starts the Proxmox VE simulator with the
// shipped demo scenario (two clusters, jobs in every state), the app on http://localhost:3000 with
// its own data dir (./data-demo), registers both clusters as endpoints and runs a first full sync.

import { randomBytes } from "node:crypto";
import { countUsers, createUser } from "@/server/auth/service";
import { createEndpoint, listEndpoints, updateEndpoint } from "@/server/endpoints/service";
import { parseEnv } from "@/server/env";
import { requestSyncAll } from "@/server/sync/service";
import { startWebServer } from "@/server/web-server";
import { loadDemoScenario } from "@/simulator/scenario-file";
import { startSimulator } from "@/simulator/server";

process.env.PROXBOX_DATA_DIR ??= "./data-demo";
(process.env as Record<string, string | undefined>).NODE_ENV ??= "production";
const env = parseEnv();
const actor = { userId: null, userName: "demo", requestId: crypto.randomUUID() };

const sim = await startSimulator({ scenario: loadDemoScenario(), authDelayMs: 0 });
await startWebServer(env);

const existing = new Map((await listEndpoints()).map((e) => [e.name, e]));
for (const cluster of sim.clusters) {
  // The simulator makes a new certificate and port each start: point the stored endpoint at them.
  const settings = {
    url: cluster.url,
    authMode: "token" as const,
    tokenId: cluster.token?.tokenId,
    tokenSecret: cluster.token?.secret,
    tlsMode: "fingerprint" as const,
    fingerprint: cluster.fingerprint,
  };
  const found = existing.get(cluster.name);
  if (found) await updateEndpoint(actor, found.id, settings);
  else await createEndpoint(actor, { name: cluster.name, ...settings });
}
const runs = await requestSyncAll({ kind: "full", trigger: "manual", requestedBy: "demo" });
// The demo's own data dir gets an admin with a generated password, shown once here.
let signIn = "sign in with your existing demo user";
if ((await countUsers()) === 0) {
  const password = randomBytes(9).toString("base64url");
  await createUser({ username: "admin", role: "admin", password }, actor);
  signIn = `sign in as admin / ${password} (generated for this demo data dir)`;
}
console.error(`
Proxbox demo: http://localhost:${env.PORT} — ${signIn}
  simulated clusters: ${sim.clusters.map((c) => `${c.name} (${c.url})`).join(", ")}
  first sync enqueued: runs ${runs.map((r) => `#${r.run.id}`).join(", ")} — watch them under Sync runs
  data: ${env.dataDir} (delete it to start over). Ctrl-C stops everything.
`);
process.on("exit", () => void sim.close());
