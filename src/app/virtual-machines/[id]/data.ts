import { cache } from "react";
import { getVirtualMachine } from "@/server/virtual-machines/service";

export const loadVirtualMachine = cache(async (rawId: string) => {
  if (!/^\d{1,10}$/.test(rawId)) return null;
  return getVirtualMachine(Number(rawId));
});
