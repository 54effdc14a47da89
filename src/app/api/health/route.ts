// GET /api/health — liveness and database state, for operators and load balancers.
import { livenessReport } from "@/server/liveness";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET() {
  const report = await livenessReport();
  return Response.json(report, { status: report.database.up ? 200 : 503 });
}
