// GET/OPTIONS /api/plugins/proxbox/storage/{id}/ — one storage.

import { metadataHandler } from "@/server/rest/metadata";
import { detailHandler } from "@/server/rest/resource";
import { storageResource } from "@/server/rest/resources/inventory";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(detailHandler(storageResource), { permission: "view" });
export const OPTIONS = withApi(metadataHandler(storageResource, { view: "detail" }), { permission: "view" });
