// GET /api/plugins/ — the installed plugins' API roots ({"proxbox": ".../api/plugins/proxbox/"}).
import { pluginsRoot } from "@/server/rest/api-root";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(pluginsRoot, { permission: "view" });
