import type { Metadata } from "next";
import { ChangeLogTable } from "@/components/replications/changelog-table";
import { ReplicationHeader } from "@/components/replications/replication-header";
import { loadReplicationPage, replicationMetadata } from "../data";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return replicationMetadata((await params).id, "Change log");
}

export default async function ReplicationChangeLogPage({ params }: Props) {
  const { changes, header } = await loadReplicationPage((await params).id, 200);
  return (
    <div className="space-y-4">
      <ReplicationHeader {...header} current="changelog" />
      <ChangeLogTable changes={changes.rows} total={changes.count} />
    </div>
  );
}
