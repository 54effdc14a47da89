// GET/OPTIONS /api/plugins/proxbox/alert-deliveries/ — the alert delivery log, newest first (read-only).
import { deliveryHandlers as h } from "@/server/rest/resources/alerts";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(h.list, { permission: "view" });
export const OPTIONS = withApi(h.listOptions, { permission: "view" });
