import { getTopology } from "@/server/topology/service";
import { router, viewerProcedure } from "../trpc";

export const topologyRouter = router({
  get: viewerProcedure.query(() => getTopology()),
});
