// GET /api/schema/ — the OpenAPI 3.1 document, generated from the API's zod schemas: JSON by default
// and with ?format=json, YAML with ?format=yaml (drf-spectacular's media types).
import { schemaResponse } from "@/server/rest/schema-view";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi((ctx) => schemaResponse(ctx, ["json", "yaml"]), { permission: "view" });
