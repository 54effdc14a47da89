// GET/OPTIONS /api/plugins/proxbox/sync-runs/ — sync runs (read-only).

import { metadataHandler } from "@/server/rest/metadata";
import { listHandler } from "@/server/rest/resource";
import { syncRunResource } from "@/server/rest/resources/operations";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(listHandler(syncRunResource), { permission: "view" });
export const OPTIONS = withApi(metadataHandler(syncRunResource, { view: "list" }), { permission: "view" });
