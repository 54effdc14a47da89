"use client";

import { PageHeader } from "@/components/ui/page-header";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { api } from "@/lib/trpc/react";
import { EndpointForm } from "./endpoint-form";

export function EndpointEdit({ id }: { id: number }) {
  const q = api.endpoints.get.useQuery({ id }, { retry: false, staleTime: 0 });
  if (q.isPending) return <LoadingState label="Loading endpoint…" />;
  if (q.isError) return <ErrorState title={`Endpoint ${id} could not be loaded`} message={q.error.message} />;
  return (
    <div className="space-y-4">
      <PageHeader
        breadcrumbs={[
          { href: "/endpoints", label: "Endpoints" },
          { href: `/endpoints/${id}`, label: q.data.name },
        ]}
        title={`Editing endpoint ${q.data.name}`}
      />
      <EndpointForm endpoint={q.data} />
    </div>
  );
}
