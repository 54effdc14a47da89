import "server-only";
import type pg from "pg";
import { sharedPool } from "./pools";

// The health check's own connection pool: two connections with short timeouts, apart from the request
// and sync pools, so /api/health answers truthfully even while slow requests hold every request
// connection — and a load balancer's polling can never take connections from anything else.

export type DatabaseProbe =
  | { up: true; latencyMs: number; migrations: number }
  | { up: false; error: string };

function pool(): pg.Pool {
  return sharedPool("probe", {
    max: 2,
    connectionTimeoutMillis: 3000,
    statement_timeout: 3000,
    idleTimeoutMillis: 30_000,
    application_name: "proxbox-health",
  });
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
