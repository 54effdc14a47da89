import { z } from "zod";
import {
  deliveryQuery,
  destinationCreateInput,
  destinationInput,
  ruleCreateInput,
  ruleInput,
} from "@/server/alerts/schema";
import {
  createDestination,
  createRule,
  deleteDestination,
  deleteRule,
  getDestination,
  getRule,
  listDeliveries,
  listDestinations,
  listRules,
  testDestination,
  updateDestination,
  updateRule,
} from "@/server/alerts/service";
import { adminProcedure, router, viewerProcedure } from "../trpc";

// Alerts (issue 14): viewers read rules, destinations and the delivery log; admins manage them and send
// tests ("managed in the UI (admin)"). Destinations come out as destinationView only: secrets are
// write-only. Updates are partial: a field left out keeps its stored value (secrets included).
const byId = z.object({ id: z.number().int().positive() });

export {
  deliveryQuery,
  destinationCreateInput,
  destinationInput,
  ruleCreateInput,
  ruleInput,
} from "@/server/alerts/schema";

const destinationsRouter = router({
  list: viewerProcedure.query(() => listDestinations()),
  get: viewerProcedure.input(byId).query(({ input }) => getDestination(input.id)),
  create: adminProcedure
    .input(destinationCreateInput)
    .mutation(({ ctx, input }) => createDestination(ctx.actor, input)),
  update: adminProcedure
    .input(destinationInput.extend(byId.shape))
    .mutation(({ ctx, input: { id, ...data } }) => updateDestination(ctx.actor, id, data)),
  delete: adminProcedure.input(byId).mutation(({ ctx, input }) => deleteDestination(ctx.actor, input.id)),
  test: adminProcedure.input(byId).mutation(({ input }) => testDestination(input.id)),
});

const rulesRouter = router({
  list: viewerProcedure.query(() => listRules()),
  get: viewerProcedure.input(byId).query(({ input }) => getRule(input.id)),
  create: adminProcedure.input(ruleCreateInput).mutation(({ ctx, input }) => createRule(ctx.actor, input)),
  update: adminProcedure
    .input(ruleInput.extend(byId.shape))
    .mutation(({ ctx, input: { id, ...data } }) => updateRule(ctx.actor, id, data)),
  setEnabled: adminProcedure
    .input(byId.extend({ enabled: z.boolean() }))
    .mutation(({ ctx, input }) => updateRule(ctx.actor, input.id, { enabled: input.enabled })),
  delete: adminProcedure.input(byId).mutation(({ ctx, input }) => deleteRule(ctx.actor, input.id)),
});

const deliveriesRouter = router({
  list: viewerProcedure.input(deliveryQuery.optional()).query(({ input }) => listDeliveries(input ?? {})),
});

export const alertsRouter = router({
  destinations: destinationsRouter,
  rules: rulesRouter,
  deliveries: deliveriesRouter,
});
