import { z } from "zod";
import { alertsForJob, lastDeliveryPerRule, openAlerts } from "@/server/alerts/views";
import { router, viewerProcedure } from "../trpc";

// Alerts as the rest of the product shows them (read-only): the overview's open alerts, a job's alert
// events, and each rule's last delivery for /alerts. Managing rules and destinations is the alerts router's business.
export const alertViewsRouter = router({
  open: viewerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(10) }).optional())
    .query(({ input }) => openAlerts(input?.limit ?? 10)),
  forJob: viewerProcedure
    .input(z.object({ id: z.number().int().positive(), limit: z.number().int().min(1).max(500).default(50) }))
    .query(({ input }) => alertsForJob(input.id, input.limit)),
  lastDeliveryPerRule: viewerProcedure.query(() => lastDeliveryPerRule()),
});
