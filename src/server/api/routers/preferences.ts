import { z } from "zod";
import {
  columnListSchema,
  getTablePreferences,
  setTableColumns,
  tableNameSchema,
} from "@/server/preferences/service";
import { router, viewerProcedure } from "../trpc";

// Table column choices of the signed-in user (the browser keeps a signed-out visitor's in localStorage).

export const preferencesRouter = router({
  table: viewerProcedure
    .input(z.object({ table: tableNameSchema }))
    .query(({ ctx, input }) => getTablePreferences(ctx.user.id, input.table)),
  setTableColumns: viewerProcedure
    .input(z.object({ table: tableNameSchema, columns: columnListSchema.nullable() }))
    .mutation(({ ctx, input }) => setTableColumns(ctx.user.id, input.table, input.columns)),
});
