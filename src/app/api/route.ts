// GET /api/ — NetBox's API root: links to /api/plugins/, /api/status/ and /api/schema/; pynetbox reads
// `nb.version` from its API-Version header.
import { apiRoot } from "@/server/rest/api-root";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiRoot;
