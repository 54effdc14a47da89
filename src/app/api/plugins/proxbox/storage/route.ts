// GET/OPTIONS /api/plugins/proxbox/storage/ — storages per node (read-only).

import { metadataHandler } from "@/server/rest/metadata";
import { listHandler } from "@/server/rest/resource";
import { storageResource } from "@/server/rest/resources/inventory";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(listHandler(storageResource), { permission: "view" });
export const OPTIONS = withApi(metadataHandler(storageResource, { view: "list" }), { permission: "view" });
