import type { Metadata } from "next";
import { Suspense } from "react";
import { RunsTable } from "@/components/sync/runs-table";
import { PageHeader } from "@/components/ui/page-header";
import { LoadingState } from "@/components/ui/states";
import { pagePermissions } from "@/server/overview/permissions";

export const metadata: Metadata = { title: "Sync runs" };

export default async function SyncRunsPage() {
  await pagePermissions();
  return (
    <div className="space-y-4">
      <PageHeader title="Sync runs" subtitle="Every sync from Proxmox: manual, scheduled, API and CLI." />
      <Suspense fallback={<LoadingState label="Loading sync runs…" />}>
        <RunsTable />
      </Suspense>
    </div>
  );
}
