// GET/OPTIONS /api/plugins/proxbox/schedules/ — sync schedules (read-only).

import { metadataHandler } from "@/server/rest/metadata";
import { listHandler } from "@/server/rest/resource";
import { scheduleResource } from "@/server/rest/resources/operations";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(listHandler(scheduleResource), { permission: "view" });
export const OPTIONS = withApi(metadataHandler(scheduleResource, { view: "list" }), { permission: "view" });
