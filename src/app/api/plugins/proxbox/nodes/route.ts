// GET/OPTIONS /api/plugins/proxbox/nodes/ — Proxmox nodes (read-only).

import { metadataHandler } from "@/server/rest/metadata";
import { listHandler } from "@/server/rest/resource";
import { nodeResource } from "@/server/rest/resources/inventory";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(listHandler(nodeResource), { permission: "view" });
export const OPTIONS = withApi(metadataHandler(nodeResource, { view: "list" }), { permission: "view" });
