import { db } from "@/server/db/client";

// Is this process alive and its database answering? (GET /api/health.) Not replication health:
// that is src/server/sync/health.ts.

export interface LivenessReport {
  status: "ok" | "degraded";
  database: { up: boolean; kind: string; latencyMs?: number; migrations?: number; error?: string };
  version: string;
}

export async function livenessReport(): Promise<LivenessReport> {
  const kind = process.env.PROXBOX_DATABASE_KIND ?? "unknown";
  const started = performance.now();
  try {
    const rows = await db.$queryRaw<
      { n: bigint }[]
    >`select count(*) as n from _prisma_migrations where finished_at is not null`;
    return {
      status: "ok",
      database: {
        up: true,
        kind,
        latencyMs: Math.round(performance.now() - started),
        migrations: Number(rows[0]?.n ?? 0),
      },
      version: process.env.npm_package_version ?? "0.1.0",
    };
  } catch (err) {
    return {
      status: "degraded",
      database: { up: false, kind, error: (err as Error).message.split("\n")[0] },
      version: process.env.npm_package_version ?? "0.1.0",
    };
  }
}
