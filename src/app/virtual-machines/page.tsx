import type { Metadata } from "next";
import { listInputFromSearchParams, type SearchParams } from "@/components/data-table/query";
import { PageHeader } from "@/components/ui/page-header";
import { VM_FILTER_FIELDS_NO_OPTIONS } from "@/components/virtual-machines/fields";
import { VirtualMachinesTable } from "@/components/virtual-machines/vm-table";
import { requireUser } from "@/server/auth/current-user";
import { getTablePreferences } from "@/server/preferences/service";
import { listVirtualMachines } from "@/server/virtual-machines/service";

export const metadata: Metadata = { title: "Virtual machines" };
export const dynamic = "force-dynamic";

export default async function VirtualMachinesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser("viewer");
  const input = listInputFromSearchParams(VM_FILTER_FIELDS_NO_OPTIONS, await searchParams);
  const [prefs, data] = await Promise.all([
    getTablePreferences(user.id, "virtual_machines"),
    listVirtualMachines(input),
  ]);
  return (
    <div className="space-y-4">
      <PageHeader
        title="Virtual machines"
        subtitle="Guests (QEMU and LXC) discovered on every Proxmox endpoint"
      />
      <VirtualMachinesTable signedIn initialColumns={prefs.columns ?? null} initial={{ input, data }} />
    </div>
  );
}
