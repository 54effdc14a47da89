import type { Metadata } from "next";
import { TopologyView } from "@/components/topology/topology-view";
import { PageHeader } from "@/components/ui/page-header";
import { pagePermissions } from "@/server/overview/permissions";

export const metadata: Metadata = { title: "Topology" };

export default async function TopologyPage() {
  await pagePermissions();
  return (
    <div className="space-y-4">
      <PageHeader
        title="Topology"
        subtitle="Replication jobs from source node to target node, per endpoint. Select an arrow to list its jobs."
      />
      <TopologyView />
    </div>
  );
}
