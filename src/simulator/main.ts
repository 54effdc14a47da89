// Proxmox VE simulator CLI:
//   tsx src/simulator/main.ts [--scenario FILE] [--port N] [--host H] [--auth-delay-ms N]
//   tsx src/simulator/main.ts --generate clusters=20,jobs=5000[,nodes=3,guests=N,seed=1]
// Without --scenario or --generate it serves the shipped demo scenario.
import { parseArgs } from "node:util";
import { type GenerateOptions, generateScenario } from "./generator";
import { parseScenario, type Scenario } from "./scenario";
import { loadDemoScenario, loadScenarioFile } from "./scenario-file";
import { startSimulator } from "./server";

function parseGenerate(spec: string): GenerateOptions {
  const values = new Map<string, string>();
  for (const part of spec.split(",").filter(Boolean)) {
    const [key, value] = part.split("=");
    if (!key || value === undefined) throw new Error(`--generate expects key=value pairs, got '${part}'`);
    values.set(key.trim(), value.trim());
  }
  const num = (key: string) => {
    const v = values.get(key);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--generate ${key} must be a non-negative integer`);
    return n;
  };
  const known = new Set(["clusters", "jobs", "jobsPerCluster", "nodes", "guests", "seed"]);
  for (const key of values.keys()) if (!known.has(key)) throw new Error(`--generate: unknown key '${key}'`);
  const clusters = num("clusters") ?? 2;
  // `jobs` is the total over all clusters; `jobsPerCluster` sets it per cluster.
  const jobsPerCluster = num("jobsPerCluster") ?? Math.ceil((num("jobs") ?? 30 * clusters) / clusters);
  return {
    clusters,
    jobsPerCluster,
    nodesPerCluster: num("nodes"),
    guestsPerCluster: num("guests"),
    seed: num("seed"),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: "string" },
      generate: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      "auth-delay-ms": { type: "string" },
    },
  });
  let scenario: Scenario;
  if (values.scenario && values.generate) throw new Error("use either --scenario or --generate");
  if (values.generate) scenario = parseScenario(generateScenario(parseGenerate(values.generate)));
  else if (values.scenario) scenario = loadScenarioFile(values.scenario);
  else scenario = loadDemoScenario();

  const sim = await startSimulator({
    scenario,
    port: values.port ? Number(values.port) : undefined,
    host: values.host,
    authDelayMs: values["auth-delay-ms"] ? Number(values["auth-delay-ms"]) : undefined,
  });
  const jobs = scenario.clusters.reduce((sum, c) => sum + c.jobs.length, 0);
  console.log(`Proxmox VE simulator: ${sim.clusters.length} cluster(s), ${jobs} replication job(s)`);
  for (const c of sim.clusters) {
    console.log(`\n${c.name}`);
    console.log(`  url          ${c.url}`);
    console.log(`  fingerprint  ${c.fingerprint}`);
    if (c.token) console.log(`  token        ${c.token.tokenId}\n  secret       ${c.token.secret}`);
    if (c.user) console.log(`  user         ${c.user.username} / ${c.user.password}`);
  }
  console.log(`\nAdmin API: POST <url>/__sim/ {"op": "...", "args": [...]}. Ctrl-C to stop.`);

  const stop = async (signal: string) => {
    console.log(`\n${signal}: stopping simulator`);
    await sim.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
