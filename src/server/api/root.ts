import { replicationsRouter } from "./routers/replications";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  replications: replicationsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
