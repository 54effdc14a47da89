import { probeDatabase } from "@/server/db/probe";

// Is this process alive and its database answering? (GET /api/health.) Not replication health:
// that is src/server/sync/health.ts. Anyone may learn "ok" or "unavailable" (a load balancer needs no
// account); the details — database kind, latency, migrations, the database's error text — are for
// signed-in users only, because they describe the installation to an attacker.

export interface LivenessReport {
  status: "ok" | "degraded";
  database: { up: boolean; kind: string; latencyMs?: number; migrations?: number; error?: string };
  version: string;
}

/** What an anonymous caller of /api/health learns. */
export interface PublicLiveness {
  status: "ok" | "unavailable";
}

export async function livenessReport(): Promise<LivenessReport> {
  const kind = process.env.PROXBOX_DATABASE_KIND ?? "unknown";
  const version = process.env.npm_package_version ?? "0.1.0";
  const probe = await probeDatabase();
  if (probe.up) {
    return {
      status: "ok",
      database: { up: true, kind, latencyMs: probe.latencyMs, migrations: probe.migrations },
      version,
    };
  }
  return { status: "degraded", database: { up: false, kind, error: probe.error }, version };
}

export function publicLiveness(report: LivenessReport): PublicLiveness {
  return { status: report.database.up ? "ok" : "unavailable" };
}
