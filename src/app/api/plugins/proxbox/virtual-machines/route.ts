// GET/OPTIONS /api/plugins/proxbox/virtual-machines/ — virtual machines and containers (read-only).

import { metadataHandler } from "@/server/rest/metadata";
import { listHandler } from "@/server/rest/resource";
import { virtualMachineResource } from "@/server/rest/resources/inventory";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(listHandler(virtualMachineResource), { permission: "view" });
export const OPTIONS = withApi(metadataHandler(virtualMachineResource, { view: "list" }), {
  permission: "view",
});
