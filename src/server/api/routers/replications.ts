import { listInput, listReplications } from "@/server/replications/service";
import { publicProcedure, router } from "../trpc";

export const replicationsRouter = router({
  list: publicProcedure.input(listInput).query(({ input }) => listReplications(input)),
});
