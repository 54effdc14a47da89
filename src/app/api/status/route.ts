// GET /api/status/ — NetBox's status view for Proxbox: versions, database, sync workers running.
import { jsonResponse } from "@/server/rest/errors";
import { withApi } from "@/server/rest/with-api";
import { statusReport } from "@/server/status/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Signed-in users and tokens only, as NetBox's StatusView under LOGIN_REQUIRED (the 4.x default).
export const GET = withApi(async () => jsonResponse(await statusReport()), { permission: "view" });
