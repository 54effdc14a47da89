import type { Metadata } from "next";
import { ReplicationDetail } from "@/components/replications/replication-detail";
import { ReplicationHeader } from "@/components/replications/replication-header";
import { getHealthHistory, getJobRecoveryPoint } from "@/server/health-history/service";
import { loadReplicationPage, replicationMetadata } from "./data";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return replicationMetadata((await params).id);
}

export default async function ReplicationPage({ params }: Props) {
  const { replication, header } = await loadReplicationPage((await params).id, 1);
  // One clock for both panels, so "overdue since" and the history window agree.
  const now = new Date();
  const [recovery, history] = await Promise.all([
    getJobRecoveryPoint(replication.id, now),
    getHealthHistory(replication.id, { now, days: 30 }),
  ]);
  return (
    <div className="space-y-4">
      <ReplicationHeader {...header} current="detail" />
      <ReplicationDetail replication={replication} recovery={recovery} history={history} />
    </div>
  );
}
