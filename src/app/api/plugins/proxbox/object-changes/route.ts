// GET/OPTIONS /api/plugins/proxbox/object-changes/ — the change log (read-only).

import { metadataHandler } from "@/server/rest/metadata";
import { listHandler } from "@/server/rest/resource";
import { objectChangeResource } from "@/server/rest/resources/operations";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(listHandler(objectChangeResource), { permission: "view" });
export const OPTIONS = withApi(metadataHandler(objectChangeResource, { view: "list" }), {
  permission: "view",
});
