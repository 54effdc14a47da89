// GET/OPTIONS /api/plugins/proxbox/object-changes/{id}/ — one change log entry.

import { metadataHandler } from "@/server/rest/metadata";
import { detailHandler } from "@/server/rest/resource";
import { objectChangeResource } from "@/server/rest/resources/operations";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(detailHandler(objectChangeResource), { permission: "view" });
export const OPTIONS = withApi(metadataHandler(objectChangeResource, { view: "detail" }), {
  permission: "view",
});
