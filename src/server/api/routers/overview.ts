import { getOverview } from "@/server/overview/service";
import { router, viewerProcedure } from "../trpc";

export const overviewRouter = router({
  get: viewerProcedure.query(() => getOverview()),
});
