import { z } from "zod";
import {
  createSchedule,
  deleteSchedule,
  getSchedule,
  listSchedules,
  scheduleFields,
  updateSchedule,
} from "@/server/schedules/service";
import { operatorProcedure, router, viewerProcedure } from "../trpc";

// Viewers read schedules; operators manage them. Updates take the whole schedule: a partial zod
// object would fill the fields left out with their defaults.
const byId = z.object({ id: z.number().int().positive() });

export const schedulesRouter = router({
  list: viewerProcedure.query(() => listSchedules()),
  get: viewerProcedure.input(byId).query(({ input }) => getSchedule(input.id)),
  create: operatorProcedure
    .input(scheduleFields)
    .mutation(({ ctx, input }) => createSchedule(ctx.actor, input)),
  update: operatorProcedure
    .input(scheduleFields.extend(byId.shape))
    .mutation(({ ctx, input: { id, ...data } }) => updateSchedule(ctx.actor, id, data)),
  setEnabled: operatorProcedure
    .input(byId.extend({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) => updateSchedule(ctx.actor, input.id, { enabled: input.enabled })),
  delete: operatorProcedure.input(byId).mutation(({ ctx, input }) => deleteSchedule(ctx.actor, input.id)),
});
