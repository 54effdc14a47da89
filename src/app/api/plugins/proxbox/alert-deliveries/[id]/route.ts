// GET/OPTIONS /api/plugins/proxbox/alert-deliveries/{id}/ — one delivery with its attempts.
import { deliveryHandlers as h } from "@/server/rest/resources/alerts";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(h.detail, { permission: "view" });
export const OPTIONS = withApi(h.detailOptions, { permission: "view" });
