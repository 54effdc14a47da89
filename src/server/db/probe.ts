import "server-only";
import pg from "pg";
import { runtimeDatabaseUrl } from "./client";

// The health check's own connection pool: two connections with short timeouts, apart from the request
// and sync pools, so /api/health answers truthfully even while slow requests hold every request
// connection — and a load balancer's polling can never take connections from anything else.

export type DatabaseProbe =
  | { up: true; latencyMs: number; migrations: number }
  | { up: false; error: string };

const globalForProbe = globalThis as unknown as { proxboxProbe?: { url: string; pool: pg.Pool } };

function pool(): pg.Pool {
  const url = runtimeDatabaseUrl();
  if (globalForProbe.proxboxProbe?.url !== url) {
    void globalForProbe.proxboxProbe?.pool.end().catch(() => undefined);
    const created = new pg.Pool({
      connectionString: url,
      max: 2,
      connectionTimeoutMillis: 3000,
      statement_timeout: 3000,
      idleTimeoutMillis: 30_000,
      application_name: "proxbox-health",
    });
    created.on("error", () => undefined); // an idle client's error (the server restarting) must not crash us
    globalForProbe.proxboxProbe = { url, pool: created };
  }
  return globalForProbe.proxboxProbe.pool;
}

export async function probeDatabase(): Promise<DatabaseProbe> {
  const started = performance.now();
  try {
    const { rows } = await pool().query<{ n: number }>(
      "select count(*)::int as n from _prisma_migrations where finished_at is not null",
    );
    return { up: true, latencyMs: Math.round(performance.now() - started), migrations: rows[0]?.n ?? 0 };
  } catch (err) {
    return { up: false, error: (err as Error).message.split("\n")[0] };
  }
}

export async function closeProbe(): Promise<void> {
  const current = globalForProbe.proxboxProbe;
  globalForProbe.proxboxProbe = undefined;
  await current?.pool.end().catch(() => undefined);
}
