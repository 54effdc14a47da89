import { z } from "zod";
import { bulkDeleteReplications, replicationIdsMatching } from "@/server/replications/service";
import { getRun, requestSync } from "@/server/sync/service";
import { operatorProcedure, router, viewerProcedure } from "../trpc";

// What the replications UI does besides listing and bulk edit (replications.bulkUpdate): bulk delete of
// a selection that may be "all N matching" a query, and "Sync now" for one job, which only enqueues a
// run; the page then polls it.

const selection = z.union([
  z.object({ ids: z.array(z.number().int().positive()).min(1).max(1000) }),
  z.object({ query: z.string().max(100_000) }),
]);

export const replicationActionsRouter = router({
  bulkDelete: operatorProcedure
    .input(z.object({ selection, message: z.string().max(200).optional() }))
    .mutation(async ({ ctx, input }) => {
      const ids =
        "ids" in input.selection
          ? input.selection.ids
          : (await replicationIdsMatching(input.selection.query)).ids;
      return { deleted: await bulkDeleteReplications(ctx.actor, ids, input.message) };
    }),
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
