import { listInput } from "@/server/filters";
import { listVirtualMachines } from "@/server/virtual-machines/service";
import { router, viewerProcedure } from "../trpc";

export const virtualMachinesRouter = router({
  list: viewerProcedure.input(listInput).query(({ input }) => listVirtualMachines(input)),
});
