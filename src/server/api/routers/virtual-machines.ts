import { listVirtualMachines, vmListInput } from "@/server/virtual-machines/ui-service";
import { router, viewerProcedure } from "../trpc";

export const virtualMachinesRouter = router({
  list: viewerProcedure.input(vmListInput).query(({ input }) => listVirtualMachines(input)),
});
