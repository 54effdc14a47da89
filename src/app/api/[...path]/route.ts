// Any other /api/ path: NetBox-shaped JSON 404 (with API-Version, X-Request-ID) instead of the HTML
// not-found page, for every method.
import { jsonResponse } from "@/server/rest/errors";
import { guarded } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const notFound = (request: Request) =>
  guarded(request, async () => jsonResponse({ detail: "Not found." }, 404));

export {
  notFound as DELETE,
  notFound as GET,
  notFound as OPTIONS,
  notFound as PATCH,
  notFound as POST,
  notFound as PUT,
};
