import { jsonResponse } from "./errors";
import { DOCUMENTED_RESOURCES } from "./openapi-components";
import { API_BASE, originOf } from "./urls";
import type { ApiContext } from "./with-api";

// NetBox's APIRootView: {"replications": "https://host/api/plugins/proxbox/replications/", …}.
export async function apiRoot(ctx: ApiContext): Promise<Response> {
  const origin = originOf(ctx.request);
  return jsonResponse(
    Object.fromEntries(DOCUMENTED_RESOURCES.map((r) => [r.path, `${origin}${API_BASE}/${r.path}/`])),
  );
}
