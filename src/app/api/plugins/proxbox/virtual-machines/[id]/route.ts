// GET/OPTIONS /api/plugins/proxbox/virtual-machines/{id}/ — one guest.

import { metadataHandler } from "@/server/rest/metadata";
import { detailHandler } from "@/server/rest/resource";
import { virtualMachineResource } from "@/server/rest/resources/inventory";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(detailHandler(virtualMachineResource), { permission: "view" });
export const OPTIONS = withApi(metadataHandler(virtualMachineResource, { view: "detail" }), {
  permission: "view",
});
