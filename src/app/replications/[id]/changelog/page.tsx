import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChangeLogTable } from "@/components/replications/changelog-table";
import { ReplicationHeader } from "@/components/replications/replication-header";
import { requireUser } from "@/server/auth/current-user";
import { loadChanges, loadReplication, replicationTitle } from "../data";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const r = await loadReplication((await params).id);
  return { title: r ? `${replicationTitle(r)} – Change log` : "Replication not found" };
}

export default async function ReplicationChangeLogPage({ params }: Props) {
  const { id } = await params;
  const user = await requireUser("viewer");
  const r = await loadReplication(id);
  if (!r) notFound();
  const changes = await loadChanges(r.id);
  const canSync = user.role === "operator" || user.role === "admin";
  return (
    <div className="space-y-4">
      <ReplicationHeader replication={r} current="changelog" changeCount={changes.count} canSync={canSync} />
      <ChangeLogTable changes={changes.rows} total={changes.count} />
    </div>
  );
}
