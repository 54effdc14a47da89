// GET /api/plugins/proxbox/ — the API root: one link per resource, as NetBox's API root view lists them.
import { pluginApiRoot } from "@/server/rest/api-root";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(pluginApiRoot, { permission: "view" });
