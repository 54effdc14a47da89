// GET /api/schema/ — the OpenAPI 3.1 document (JSON), generated from the API's zod schemas.
import { jsonResponse } from "@/server/rest/errors";
import { openApiDocument } from "@/server/rest/openapi";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(async () => jsonResponse(openApiDocument()), { permission: "view" });
