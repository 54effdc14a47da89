import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EndpointDetail } from "@/components/endpoints/endpoint-detail";
import { parseId } from "@/components/endpoints/parse-id";
import { pagePermissions } from "@/server/overview/permissions";

export const metadata: Metadata = { title: "Endpoint" };

export default async function EndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const can = await pagePermissions();
  const id = parseId((await params).id);
  if (id === null) notFound();
  return <EndpointDetail id={id} can={can} />;
}
