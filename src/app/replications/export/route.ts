// GET /replications/export?<filters>&export=table&columns=a,b | export=all — NetBox's Export menu.
import { authenticateRequest } from "@/server/auth/request";
import { exportReplicationsCsv } from "@/server/replications/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NOT_FILTERS = ["export", "columns", "limit", "offset"];

export async function GET(req: Request): Promise<Response> {
  const auth = await authenticateRequest(req.headers);
  if (auth.kind !== "session" && auth.kind !== "token") {
    return new Response("Authentication required.", {
      status: 403,
      headers: { "content-type": "text/plain" },
    });
  }
  const params = new URL(req.url).searchParams;
  const kind = params.get("export") === "table" ? "table" : "all";
  const columns =
    kind === "table"
      ? (params.get("columns") ?? "")
          .split(",")
          .map((c) => c.trim())
          .filter(Boolean)
      : [];
  for (const key of NOT_FILTERS) params.delete(key);
  const csv = await exportReplicationsCsv(params.toString(), columns);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="proxbox_replications.csv"',
      "cache-control": "no-store",
    },
  });
}
