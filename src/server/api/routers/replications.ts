import { z } from "zod";
import { listInput } from "@/server/filters";
import {
  bulkDeleteReplications,
  bulkPatchInput,
  bulkUpdateReplications,
  listReplications,
  selectionInput,
} from "@/server/replications/service";
import { operatorProcedure, router, viewerProcedure } from "../trpc";

// The replications list and its bulk actions. A selection is explicit ids or "all N matching" a query,
// at most MAX_BULK_SELECTION jobs either way (the service enforces it).

const message = z.string().max(200).optional();

export const replicationsRouter = router({
  list: viewerProcedure.input(listInput).query(({ input }) => listReplications(input)),
  bulkUpdate: operatorProcedure
    .input(z.object({ selection: selectionInput, patch: bulkPatchInput, message }))
    .mutation(({ ctx, input }) =>
      bulkUpdateReplications(ctx.actor, input.selection, input.patch, input.message),
    ),
  bulkDelete: operatorProcedure
    .input(z.object({ selection: selectionInput, message }))
    .mutation(({ ctx, input }) => bulkDeleteReplications(ctx.actor, input.selection, input.message)),
});
