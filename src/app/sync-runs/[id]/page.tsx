import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { parseId } from "@/components/endpoints/parse-id";
import { RunDetail } from "@/components/sync/run-detail";
import { pagePermissions } from "@/server/overview/permissions";

export const metadata: Metadata = { title: "Sync run" };

export default async function SyncRunPage({ params }: { params: Promise<{ id: string }> }) {
  await pagePermissions();
  const id = parseId((await params).id);
  if (id === null) notFound();
  return <RunDetail id={id} />;
}
