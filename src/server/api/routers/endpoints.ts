import { z } from "zod";
import { endpointCreateInput, endpointUpdateInput } from "@/server/endpoints/schema";
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  testEndpoint,
  testEndpointSettings,
  updateEndpoint,
} from "@/server/endpoints/service";
import { getEndpointSummary, listEndpointSummaries } from "@/server/overview/endpoints";
import { requestSync } from "@/server/sync/service";
import { adminProcedure, operatorProcedure, router, viewerProcedure } from "../trpc";

// Viewers read endpoints; operators sync them; only admins add, change, test or delete them.
const byId = z.object({ id: z.number().int().positive() });

export const endpointsRouter = router({
  list: viewerProcedure.query(() => listEndpointSummaries()),
  get: viewerProcedure.input(byId).query(({ input }) => getEndpoint(input.id)),
  summary: viewerProcedure.input(byId).query(({ input }) => getEndpointSummary(input.id)),
  create: adminProcedure
    .input(endpointCreateInput)
    .mutation(({ ctx, input }) => createEndpoint(ctx.actor, input)),
  update: adminProcedure
    .input(endpointUpdateInput.extend(byId.shape))
    .mutation(({ ctx, input: { id, ...data } }) => updateEndpoint(ctx.actor, id, data)),
  delete: adminProcedure.input(byId).mutation(({ ctx, input }) => deleteEndpoint(ctx.actor, input.id)),
  test: adminProcedure.input(byId).mutation(({ input }) => testEndpoint(input.id)),
  // The add/edit form's "Test connection": the settings as typed, stored values for the rest.
  testSettings: adminProcedure
    .input(endpointUpdateInput.extend({ id: z.number().int().positive().optional() }))
    .mutation(({ input: { id, ...settings } }) => testEndpointSettings(settings, id)),
  sync: operatorProcedure
    .input(byId.extend({ kind: z.enum(["full", "replications"]) }))
    .mutation(({ ctx, input }) =>
      requestSync({
        kind: input.kind,
        endpointId: input.id,
        trigger: "manual",
        requestedBy: ctx.actor.userName,
      }),
    ),
});
