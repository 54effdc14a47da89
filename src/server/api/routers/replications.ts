import { TRPCError } from "@trpc/server";
import { z } from "zod";
import {
  bulkDeleteReplications,
  bulkPatchInput,
  bulkUpdateReplications,
  exportReplicationsCsv,
  getReplication,
  listInput,
  listReplications,
} from "@/server/replications/service";
import { operatorProcedure, router, viewerProcedure } from "../trpc";

const ids = z.array(z.int().positive()).max(100_000);
/** Explicit ids, or every job matching a query string (NetBox's "select all N matching"). */
const selection = z.union([z.object({ ids }), z.object({ query: z.string().max(100_000) })]);
const message = z.string().max(200).optional();

export const replicationsRouter = router({
  list: viewerProcedure.input(listInput).query(({ input }) => listReplications(input)),
  get: viewerProcedure.input(z.object({ id: z.int() })).query(async ({ input }) => {
    const row = await getReplication(input.id);
    if (!row) throw new TRPCError({ code: "NOT_FOUND", message: `replication ${input.id} does not exist` });
    return row;
  }),
  exportCsv: viewerProcedure
    .input(
      z.object({
        query: z.string().max(100_000).default(""),
        columns: z.array(z.string()).max(100).default([]),
      }),
    )
    .query(({ input }) => exportReplicationsCsv(input.query, input.columns)),
  bulkUpdate: operatorProcedure
    .input(z.object({ selection, patch: bulkPatchInput, message }))
    .mutation(({ ctx, input }) =>
      bulkUpdateReplications(ctx.actor, input.selection, input.patch, input.message),
    ),
  bulkDelete: operatorProcedure
    .input(z.object({ ids, message }))
    .mutation(({ ctx, input }) => bulkDeleteReplications(ctx.actor, input.ids, input.message)),
});
