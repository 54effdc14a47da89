import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs } from "@/components/ui/tabs";
import { VM_TYPE } from "@/lib/vocabulary";
import type { VirtualMachineDetail } from "@/server/virtual-machines/service";

export function VmHeader({ vm, current }: { vm: VirtualMachineDetail; current: "detail" | "proxbox" }) {
  return (
    <>
      <PageHeader
        breadcrumbs={[{ href: "/virtual-machines", label: "Virtual machines" }]}
        identifier={`virtualization.virtualmachine:${vm.id}`}
        title={vm.name ?? `VM ${vm.vmid}`}
        subtitle={`${VM_TYPE[vm.type]} ${vm.vmid} on ${vm.nodeName ?? "an unknown node"} · ${vm.endpoint.name}`}
      />
      <LinkTabs
        label="Virtual machine views"
        current={current}
        tabs={[
          { id: "detail", href: `/virtual-machines/${vm.id}`, label: "Virtual machine" },
          {
            id: "proxbox",
            href: `/virtual-machines/${vm.id}/proxbox`,
            label: "Proxbox",
            badge: vm._count.replications,
          },
        ]}
      />
    </>
  );
}
