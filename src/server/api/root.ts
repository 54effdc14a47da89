import { alertViewsRouter } from "./routers/alert-views";
import { alertsRouter } from "./routers/alerts";
import { coverageRouter } from "./routers/coverage";
import { endpointsRouter } from "./routers/endpoints";
import { overviewRouter } from "./routers/overview";
import { preferencesRouter } from "./routers/preferences";
import { replicationActionsRouter } from "./routers/replication-actions";
import { replicationsRouter } from "./routers/replications";
import { schedulesRouter } from "./routers/schedules";
import { syncRunsRouter } from "./routers/sync-runs";
import { topologyRouter } from "./routers/topology";
import { virtualMachinesRouter } from "./routers/virtual-machines";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  replications: replicationsRouter,
  endpoints: endpointsRouter,
  syncRuns: syncRunsRouter,
  schedules: schedulesRouter,
  overview: overviewRouter,
  coverage: coverageRouter,
  topology: topologyRouter,
  replicationActions: replicationActionsRouter,
  virtualMachines: virtualMachinesRouter,
  preferences: preferencesRouter,
  alerts: alertsRouter,
  alertViews: alertViewsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
