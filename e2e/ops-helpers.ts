// Helpers for the operations specs (endpoints, sync, schedules, overview, topology): read the app
// through tRPC as the browser does (pass a signed-in page's `request`), drive the Proxmox simulator
// through its admin API, and count rows in the app's PostgreSQL to check what the UI says.
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import superjson from "superjson";
import { sql } from "./world";

// ---- tRPC over HTTP (the browser's transport; cookies of `request` are sent) ----

function unwrap<T>(body: { result?: { data: unknown }; error?: { json?: { message?: string } } }): T {
  if (!body.result) throw new Error(`tRPC error: ${body.error?.json?.message ?? JSON.stringify(body)}`);
  return superjson.deserialize(body.result.data as never) as T;
}

export async function trpcQuery<T>(request: APIRequestContext, proc: string, input?: unknown): Promise<T> {
  const qs =
    input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  const res = await request.get(`/api/trpc/${proc}${qs}`);
  return unwrap<T>(await res.json());
}

/** A mutation as the signed-in browser sends it (same-origin, session cookie). */
export async function trpcMutation<T>(request: APIRequestContext, proc: string, input: unknown): Promise<T> {
  const res = await request.post(`/api/trpc/${proc}`, { data: superjson.serialize(input) });
  return unwrap<T>(await res.json());
}

export interface EndpointRow {
  id: number;
  name: string;
  url: string;
  tokenId: string | null;
  fingerprint: string | null;
  replications: number;
  stale: number;
  unlinked: number;
}

export async function endpointByName(request: APIRequestContext, name: string): Promise<EndpointRow> {
  const list = await trpcQuery<EndpointRow[]>(request, "endpoints.list");
  const found = list.find((e) => e.name === name);
  if (!found)
    throw new Error(`endpoint ${name} is not configured (seeded: ${list.map((e) => e.name).join(", ")})`);
  return found;
}

// ---- the simulator's admin API: POST <cluster url>/__sim/ {op, args} ----

export function simAdmin<T = unknown>(clusterUrl: string, op: string, ...args: unknown[]): Promise<T> {
  const url = new URL("/__sim/", clusterUrl);
  const body = JSON.stringify({ op, args });
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: "POST",
        rejectUnauthorized: false, // the simulator's certificate is self-signed
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        let text = "";
        res.on("data", (c) => {
          text += c;
        });
        res.on("end", () => {
          const parsed = JSON.parse(text || "{}");
          if (res.statusCode !== 200) reject(new Error(`simulator ${op}: ${parsed.error ?? text}`));
          else resolve(parsed.result as T);
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The demo scenario's credentials (the same file the simulator serves). */
export function demoToken(cluster: string): { tokenId: string; secret: string } {
  const file = path.join(process.cwd(), "src/simulator/scenarios/demo.json");
  const scenario = JSON.parse(fs.readFileSync(file, "utf8")) as {
    clusters: { name: string; tokens: { tokenId: string; secret: string }[] }[];
  };
  const c = scenario.clusters.find((x) => x.name === cluster);
  if (!c) throw new Error(`no cluster ${cluster} in the demo scenario`);
  return c.tokens[0];
}

// ---- the app's database (e2e/world.ts) ----

export { sql };

export async function sqlCount(text: string, params: unknown[] = []): Promise<number> {
  const [row] = await sql<{ n: string | number | null }>(text, params);
  return Number(row?.n ?? 0);
}

export function screenshotPath(name: string): string {
  return path.join("test-results", "screenshots", `${name}.png`);
}
