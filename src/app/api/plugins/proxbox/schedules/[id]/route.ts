// GET/OPTIONS /api/plugins/proxbox/schedules/{id}/ — one schedule.

import { metadataHandler } from "@/server/rest/metadata";
import { detailHandler } from "@/server/rest/resource";
import { scheduleResource } from "@/server/rest/resources/operations";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(detailHandler(scheduleResource), { permission: "view" });
export const OPTIONS = withApi(metadataHandler(scheduleResource, { view: "detail" }), { permission: "view" });
