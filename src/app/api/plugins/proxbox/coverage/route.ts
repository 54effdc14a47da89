// GET /api/plugins/proxbox/coverage/ — which guests no replication job protects (issue 13): counts per
// endpoint and node, and per risk class the first guests (HA-managed ones first).
import { getCoverage } from "@/server/coverage/service";
import { jsonResponse } from "@/server/rest/errors";
import { serializeCoverage } from "@/server/rest/serializers/coverage";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(async (ctx) => jsonResponse(serializeCoverage(await getCoverage(), ctx.url)), {
  permission: "view",
});
