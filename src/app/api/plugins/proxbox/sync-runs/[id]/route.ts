// GET/OPTIONS /api/plugins/proxbox/sync-runs/{id}/ — one sync run.

import { metadataHandler } from "@/server/rest/metadata";
import { detailHandler } from "@/server/rest/resource";
import { syncRunResource } from "@/server/rest/resources/operations";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(detailHandler(syncRunResource), { permission: "view" });
export const OPTIONS = withApi(metadataHandler(syncRunResource, { view: "detail" }), { permission: "view" });
