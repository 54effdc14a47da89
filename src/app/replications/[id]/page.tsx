import type { Metadata } from "next";
import { JobAlertsPanel } from "@/components/alerts/job-alerts-panel";
import { ReplicationDetail } from "@/components/replications/replication-detail";
import { ReplicationHeader } from "@/components/replications/replication-header";
import { alertsForJob } from "@/server/alerts/views";
import { getHealthHistory, getJobRecoveryPoint } from "@/server/health-history/service";
import { loadReplicationPage, replicationMetadata } from "./data";

export const dynamic = "force-dynamic";

/** The Alerts panel shows at most this many of the job's alert events, newest first. */
const ALERT_LIMIT = 50;

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return replicationMetadata((await params).id);
}

export default async function ReplicationPage({ params }: Props) {
  const { replication, header } = await loadReplicationPage((await params).id, 1);
  // One clock for both panels, so "overdue since" and the history window agree.
  const now = new Date();
  const [recovery, history, alerts] = await Promise.all([
    getJobRecoveryPoint(replication.id, now),
    getHealthHistory(replication.id, { now, days: 30 }),
    alertsForJob(replication.id, ALERT_LIMIT),
  ]);
  return (
    <div className="space-y-4">
      <ReplicationHeader {...header} current="detail" />
      <ReplicationDetail replication={replication} recovery={recovery} history={history} />
      <JobAlertsPanel
        alerts={alerts}
        limit={ALERT_LIMIT}
        timeZone={replication.endpoint.timezone || replication.proxmoxNode?.timezone || "UTC"}
      />
    </div>
  );
}
