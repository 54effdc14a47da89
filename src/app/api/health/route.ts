// GET /api/health — liveness for load balancers ({"status": "ok"} 200 or {"status": "unavailable"}
// 503, to anyone); with a session or API token, the full report (database kind, latency, migrations).
import { authenticateRequest } from "@/server/auth/request";
import { livenessReport, publicLiveness } from "@/server/liveness";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const report = await livenessReport();
  const status = report.database.up ? 200 : 503;
  const headers = { "cache-control": "no-store" };
  // With the database down nobody can be authenticated: everyone gets the short answer.
  if (report.database.up && (req.headers.has("authorization") || req.headers.has("cookie"))) {
    const auth = await authenticateRequest(req.headers).catch(() => null);
    if (auth?.kind === "session" || auth?.kind === "token") return Response.json(report, { status, headers });
  }
  return Response.json(publicLiveness(report), { status, headers });
}
