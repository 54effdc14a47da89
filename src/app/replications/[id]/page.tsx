import type { Metadata } from "next";
import { ReplicationDetail } from "@/components/replications/replication-detail";
import { ReplicationHeader } from "@/components/replications/replication-header";
import { loadReplicationPage, replicationMetadata } from "./data";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return replicationMetadata((await params).id);
}

export default async function ReplicationPage({ params }: Props) {
  const { replication, header } = await loadReplicationPage((await params).id, 1);
  return (
    <div className="space-y-4">
      <ReplicationHeader {...header} current="detail" />
      <ReplicationDetail replication={replication} />
    </div>
  );
}
