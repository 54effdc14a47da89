import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EndpointsTable } from "@/components/endpoints/endpoints-table";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { pagePermissions } from "@/server/overview/permissions";

export const metadata: Metadata = { title: "Endpoints" };

export default async function EndpointsPage() {
  const can = await pagePermissions();
  return (
    <div className="space-y-4">
      <PageHeader
        title="Endpoints"
        subtitle="Proxmox VE clusters whose replication jobs Proxbox imports."
        actions={
          can.admin ? (
            <Button asChild variant="primary">
              <Link href="/endpoints/new">
                <Plus aria-hidden="true" /> Add
              </Link>
            </Button>
          ) : null
        }
      />
      <EndpointsTable can={can} />
    </div>
  );
}
