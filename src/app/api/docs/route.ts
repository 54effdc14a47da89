// GET /api/docs/ — browsable API documentation (self-contained HTML rendering of /api/schema/).
import { authenticateRequest } from "@/server/auth";
import { renderDocsPage } from "@/server/rest/docs-page";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const auth = await authenticateRequest(request.headers);
  if (auth.kind === "anonymous") {
    return new Response(null, { status: 303, headers: { Location: "/sign-in?next=%2Fapi%2Fdocs%2F" } });
  }
  if (auth.kind === "failed") return new Response(auth.detail, { status: 403 });
  return new Response(renderDocsPage(), {
    headers: {
      "content-type": "text/html; charset=utf-8",
      // Nothing but inline styles: the page runs no script and loads nothing.
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
      "cache-control": "no-store",
    },
  });
}
