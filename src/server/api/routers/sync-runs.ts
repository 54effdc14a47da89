import { z } from "zod";
import { getRun } from "@/server/sync/service";
import { listRunSummaries, runListInput } from "@/server/sync-runs/service";
import { router, viewerProcedure } from "../trpc";

export const syncRunsRouter = router({
  list: viewerProcedure.input(runListInput).query(({ input }) => listRunSummaries(input)),
  get: viewerProcedure
    .input(z.object({ id: z.number().int().positive() }))
    .query(({ input }) => getRun(input.id)),
});
