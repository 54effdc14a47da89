import type { Metadata } from "next";
import { CoverageView } from "@/components/coverage/coverage-view";
import { PageHeader } from "@/components/ui/page-header";
import { getCoverage } from "@/server/coverage/service";
import { pagePermissions } from "@/server/overview/permissions";

export const metadata: Metadata = { title: "Coverage" };

// Every signed-in role (viewer and up) may read the report, as the VM list it links to.
export default async function CoveragePage() {
  await pagePermissions();
  const coverage = await getCoverage();
  return (
    <div className="space-y-4">
      <PageHeader
        title="Coverage"
        subtitle="Guests no active, enabled replication job protects, per endpoint and node; HA-managed guests first. Templates are not counted."
      />
      <CoverageView coverage={coverage} />
    </div>
  );
}
