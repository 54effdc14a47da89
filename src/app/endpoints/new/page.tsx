import type { Metadata } from "next";
import { EndpointForm } from "@/components/endpoints/endpoint-form";
import { PageHeader } from "@/components/ui/page-header";
import { pagePermissions } from "@/server/overview/permissions";

export const metadata: Metadata = { title: "Add endpoint" };

export default async function NewEndpointPage() {
  await pagePermissions("admin");
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <PageHeader breadcrumbs={[{ href: "/endpoints", label: "Endpoints" }]} title="Add endpoint" />
      <EndpointForm />
    </div>
  );
}
