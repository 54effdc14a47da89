// POST /api/plugins/proxbox/endpoints/{id}/sync/ — queue a sync of one endpoint (operators).
import { endpointHandlers as h } from "@/server/rest/resources/endpoints";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApi(h.sync, { permission: "change" });
