// GET /api/plugins/proxbox/nodes/{id}/ — one node.
import { detailHandler } from "@/server/rest/resource";
import { nodeResource } from "@/server/rest/resources/inventory";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(detailHandler(nodeResource), { permission: "view" });
