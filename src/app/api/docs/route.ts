// GET /api/docs/ — browsable API documentation (self-contained HTML rendering of /api/schema/);
// GET /api/docs/?format=openapi — the OpenAPI document as JSON, for clients that still ask here
// (pynetbox's nb.openapi()).
import { authenticateRequest } from "@/server/auth";
import { API_VERSION } from "@/server/rest/api-version";
import { renderDocsPage } from "@/server/rest/docs-page";
import { schemaResponse } from "@/server/rest/schema-view";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const openapi = withApi((ctx) => schemaResponse(ctx, ["openapi"]), { permission: "view" });

export async function GET(request: Request): Promise<Response> {
  if (new URL(request.url).searchParams.has("format")) return openapi(request);
  const auth = await authenticateRequest(request.headers);
  const common = { "api-version": API_VERSION, "cache-control": "no-store" };
  if (auth.kind === "anonymous") {
    return new Response(null, {
      status: 303,
      headers: { ...common, Location: "/sign-in?next=%2Fapi%2Fdocs%2F" },
    });
  }
  if (auth.kind === "failed") return new Response(auth.detail, { status: 403, headers: common });
  return new Response(renderDocsPage(), {
    headers: {
      ...common,
      "content-type": "text/html; charset=utf-8",
      // Nothing but inline styles: the page runs no script and loads nothing.
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}
