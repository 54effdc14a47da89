import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { listInputFromSearchParams, type SearchParams } from "@/components/data-table/query";
import { REPLICATION_FILTER_FIELDS_NO_OPTIONS } from "@/components/replications/fields";
import { ReplicationsTable } from "@/components/replications/replications-table";
import { VmHeader } from "@/components/virtual-machines/vm-header";
import { requireUser } from "@/server/auth/current-user";
import { getTablePreferences } from "@/server/preferences/service";
import { listReplications } from "@/server/replications/service";
import { loadVirtualMachine } from "../data";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const vm = await loadVirtualMachine((await params).id);
  return { title: vm ? `${vm.name ?? `VM ${vm.vmid}`} – Proxbox` : "Virtual machine not found" };
}

/** The plugin's tab on a VM: that guest's replication jobs with their health (the replications table, scoped). */
export default async function VirtualMachineProxboxPage({ params, searchParams }: Props) {
  const { id } = await params;
  const user = await requireUser("viewer");
  const vm = await loadVirtualMachine(id);
  if (!vm) notFound();
  const fixedQuery = `virtual_machine_id=${vm.id}`;
  const input = listInputFromSearchParams(
    REPLICATION_FILTER_FIELDS_NO_OPTIONS,
    await searchParams,
    fixedQuery,
  );
  const [prefs, data] = await Promise.all([
    getTablePreferences(user.id, "replications"),
    listReplications(input),
  ]);
  return (
    <div className="space-y-4">
      <VmHeader vm={vm} current="proxbox" />
      <ReplicationsTable
        viewer={{ username: user.username, role: user.role }}
        initialColumns={prefs.columns ?? null}
        fixedQuery={fixedQuery}
        initial={{ input, data }}
        scopeEmpty={{
          title: "No replication jobs",
          hint: "Proxmox has no storage replication job for this guest.",
        }}
      />
    </div>
  );
}
