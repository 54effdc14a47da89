import { z } from "zod";
import { getRun, requestSync } from "@/server/sync/service";
import { operatorProcedure, router, viewerProcedure } from "../trpc";

// "Sync now" for one job from its detail page: it only enqueues a run, which the page then polls.
// (Listing and bulk edit/delete are in replications.ts.)

export const replicationActionsRouter = router({
  syncNow: operatorProcedure
    .input(z.object({ endpointId: z.number().int().positive(), replicationId: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      const { run, created } = await requestSync({
        kind: "replication",
        endpointId: input.endpointId,
        replicationId: input.replicationId,
        trigger: "manual",
        requestedBy: ctx.user.username,
      });
      return { runId: run.id, created, state: run.state };
    }),
  run: viewerProcedure.input(z.object({ id: z.number().int().positive() })).query(async ({ input }) => {
    const run = await getRun(input.id);
    return {
      id: run.id,
      kind: run.kind,
      target: run.target,
      state: run.state,
      stage: run.stage,
      progress: run.progress,
      stages: run.stages,
      log: run.log,
      error: run.error,
      created: run.created,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    };
  }),
});
