// GET/OPTIONS /api/plugins/proxbox/nodes/{id}/ — one node.

import { metadataHandler } from "@/server/rest/metadata";
import { detailHandler } from "@/server/rest/resource";
import { nodeResource } from "@/server/rest/resources/inventory";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(detailHandler(nodeResource), { permission: "view" });
export const OPTIONS = withApi(metadataHandler(nodeResource, { view: "detail" }), { permission: "view" });
