import { getCoverage } from "@/server/coverage/service";
import { router, viewerProcedure } from "../trpc";

export const coverageRouter = router({
  get: viewerProcedure.query(() => getCoverage()),
});
