import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EndpointEdit } from "@/components/endpoints/endpoint-edit";
import { parseId } from "@/components/endpoints/parse-id";
import { pagePermissions } from "@/server/overview/permissions";

export const metadata: Metadata = { title: "Edit endpoint" };

export default async function EditEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  await pagePermissions("admin");
  const id = parseId((await params).id);
  if (id === null) notFound();
  return (
    <div className="mx-auto max-w-4xl">
      <EndpointEdit id={id} />
    </div>
  );
}
