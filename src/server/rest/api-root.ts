import { authenticateRequest } from "@/server/auth";
import { jsonResponse } from "./errors";
import { DOCUMENTED_RESOURCES } from "./openapi-components";
import { API_BASE } from "./urls";
import { type ApiContext, guarded } from "./with-api";

// The API roots, as NetBox's root views list them: each name → the absolute URL of what is below.

/** GET /api/plugins/proxbox/ — {"replications": "https://host/api/plugins/proxbox/replications/", …}. */
export async function pluginApiRoot(ctx: ApiContext): Promise<Response> {
  return jsonResponse(
    Object.fromEntries(DOCUMENTED_RESOURCES.map((r) => [r.path, `${ctx.origin}${API_BASE}/${r.path}/`])),
  );
}

/** GET /api/plugins/ — the installed plugins' API roots (NetBox's PluginsAPIRootView). */
export async function pluginsRoot(ctx: ApiContext): Promise<Response> {
  return jsonResponse({ proxbox: `${ctx.origin}${API_BASE}/` });
}

/**
 * GET /api/ — NetBox's APIRootView, with the sections Proxbox has. It answers without credentials
 * (NetBox 4 asks for them when LOGIN_REQUIRED): pynetbox before 7.3.4 — Debian's 7.0.0 among them —
 * reads `nb.version` from this response's API-Version header without sending its token
 * (pynetbox#612). It names nothing but the API's own sections; bad credentials are still refused.
 */
export function apiRoot(request: Request): Promise<Response> {
  return guarded(request, async (_requestId, origin) => {
    const auth = await authenticateRequest(request.headers);
    if (auth.kind === "failed") return jsonResponse({ detail: auth.detail }, 403);
    return jsonResponse({
      plugins: `${origin}/api/plugins/`,
      schema: `${origin}/api/schema/`,
      status: `${origin}/api/status/`,
    });
  });
}
