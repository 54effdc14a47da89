// GET /api/plugins/proxbox/virtual-machines/{id}/ — one guest.
import { detailHandler } from "@/server/rest/resource";
import { virtualMachineResource } from "@/server/rest/resources/inventory";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(detailHandler(virtualMachineResource), { permission: "view" });
