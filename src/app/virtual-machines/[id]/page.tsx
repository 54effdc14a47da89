import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { VmDetail } from "@/components/virtual-machines/vm-detail";
import { VmHeader } from "@/components/virtual-machines/vm-header";
import { requireUser } from "@/server/auth/current-user";
import { virtualMachineHealth } from "@/server/virtual-machines/service";
import { loadVirtualMachine } from "./data";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const vm = await loadVirtualMachine((await params).id);
  return { title: vm ? (vm.name ?? `VM ${vm.vmid}`) : "Virtual machine not found" };
}

export default async function VirtualMachinePage({ params }: Props) {
  const { id } = await params;
  await requireUser("viewer");
  const vm = await loadVirtualMachine(id);
  if (!vm) notFound();
  const health = await virtualMachineHealth(vm.id);
  return (
    <div className="space-y-4">
      <VmHeader vm={vm} current="detail" />
      <VmDetail vm={vm} health={health} />
    </div>
  );
}
