// Seeds the app the way an operator would, through real syncs: the Proxmox simulator (demo scenario,
// clusters pve-prod and pve-lab) runs for the whole test run; endpoints are added and synced with the
// `proxbox` CLI, which attaches to the app's embedded PostgreSQL through the same data dir. Playwright
// starts the webServer (the app) before this runs.
import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import type { FullConfig } from "@playwright/test";
import { startTestSimulator } from "@/simulator/test-helper";
import { dataDir, SEED_FILE, type SeedInfo, USERS } from "./world";

const run = promisify(execFile);
const CLUSTERS = ["pve-prod", "pve-lab"];

/** Runs the CLI; `sync` exits 2 for a partial run (the demo has an offline node), which is fine here. */
async function cli(args: string[], okCodes: number[] = [0]): Promise<string> {
  try {
    const { stdout } = await run("npx", ["tsx", "src/cli/main.ts", ...args], {
      env: { ...process.env, PROXBOX_DATA_DIR: dataDir(), NODE_ENV: "production" },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 180_000,
    });
    return stdout;
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code === "number" && okCodes.includes(e.code) && e.stdout) return e.stdout;
    throw new Error(`proxbox ${args.join(" ")} failed (${e.code}): ${e.stderr ?? ""}`);
  }
}

export default async function globalSetup(_config: FullConfig) {
  const dir = dataDir();
  for (let i = 0; !fs.existsSync(`${dir}/postgres-server.json`); i++) {
    if (i > 600) throw new Error(`the app did not start its database in ${dir}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const sim = await startTestSimulator();
  const endpoints: Record<string, number> = {};
  try {
    for (const name of CLUSTERS) {
      const e = sim.endpointFor(name);
      await cli([
        "--json",
        "endpoint",
        "add",
        "--name",
        name,
        "--url",
        e.url,
        "--token-id",
        e.tokenId,
        "--token-secret",
        e.secret,
        "--fingerprint",
        e.fingerprint,
      ]);
      const synced = JSON.parse(await cli(["--json", "sync", "--endpoint", name], [0, 2])) as unknown;
      const runs = (Array.isArray(synced) ? synced : [synced]) as { state?: string; endpointId?: number }[];
      const bad = runs.filter((r) => r.state && r.state !== "succeeded" && r.state !== "partial");
      if (bad.length > 0) throw new Error(`sync of ${name} failed: ${JSON.stringify(synced).slice(0, 2000)}`);
    }
    const listed = JSON.parse(await cli(["--json", "endpoint", "list"])) as { id: number; name: string }[];
    for (const e of listed) endpoints[e.name] = e.id;
    // One user per role; tests sign in through the sign-in page (e2e/fixtures.ts).
    for (const [role, u] of Object.entries(USERS)) {
      await cli(["--json", "user", "create", u.username, "--role", role, "--password", u.password]);
    }
    const info: SeedInfo = { endpoints };
    fs.writeFileSync(SEED_FILE(), JSON.stringify(info, null, 2));
  } catch (err) {
    await sim.close();
    throw err;
  }
  return async () => {
    await sim.close();
  };
}
