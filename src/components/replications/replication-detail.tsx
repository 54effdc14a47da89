import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { AttributePanel, Card, CardBody, CardHeader } from "@/components/ui/card";
import { Duration } from "@/components/ui/duration";
import { formatExact } from "@/components/ui/format";
import { HealthBadge } from "@/components/ui/health-badge";
import { JsonView } from "@/components/ui/json-view";
import { formatRate } from "@/components/ui/rate";
import { ExactAndRelativeTime } from "@/components/ui/relative-time";
import { describeCalendarEvent, isValidCalendarEvent, nextEvents } from "@/lib/calendar-event";
import type { HealthHistory, JobRecoveryPoint } from "@/server/health-history/service";
import type { ReplicationDetail as Replication } from "@/server/replications/service";
import { HealthHistoryPanel, RecoveryPointPanel } from "./recovery-history";

// The replication detail: NetBox attribute panels (every field), health as Proxmox shows it, the
// schedule with its next five runs in the cluster's time zone, and the raw Proxmox config.

const link = "text-blue-700 hover:underline dark:text-blue-400";

export function ReplicationDetail({
  replication: r,
  recovery,
  history,
}: {
  replication: Replication;
  /** Recovery point at page load (issue 13); absent where a caller has none. */
  recovery?: JobRecoveryPoint | null;
  history?: HealthHistory | null;
}) {
  const tz = r.endpoint.timezone || r.proxmoxNode?.timezone || "UTC";
  const valid = isValidCalendarEvent(r.schedule);
  const upcoming = valid ? nextEvents(r.schedule, Date.now() / 1000, 5, tz) : [];
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div className="space-y-4">
        <AttributePanel
          title="Replication"
          attributes={[
            { field: "replication_id", label: "Replication ID", value: <code>{r.replicationId}</code> },
            {
              field: "endpoint",
              label: "Endpoint",
              value: (
                <Link href={`/endpoints/${r.endpoint.id}`} className={link}>
                  {r.endpoint.name}
                </Link>
              ),
            },
            {
              field: "virtual_machine",
              label: "Virtual machine",
              value: r.virtualMachine ? (
                <Link href={`/virtual-machines/${r.virtualMachine.id}`} className={link}>
                  {r.virtualMachine.name ?? `VM ${r.virtualMachine.vmid}`} ({r.virtualMachine.type}{" "}
                  {r.virtualMachine.vmid})
                </Link>
              ) : (
                <span>unlinked (guest {r.guest} is not in the inventory)</span>
              ),
            },
            { field: "guest", label: "Guest (VMID)", value: r.guest },
            { field: "jobnum", label: "Job number", value: r.jobnum },
            { field: "job_type", label: "Type", value: r.jobType === "local" ? "Local" : r.jobType },
            { field: "source", label: "Source node", value: r.source },
            {
              field: "target",
              label: "Target node",
              value: (
                <span className="inline-flex flex-wrap items-center gap-2">
                  {r.proxmoxNode ? (
                    <Link
                      href={`/replications?proxmox_node_id=${r.proxmoxNode.id}`}
                      className={link}
                      title={`Replications targeting ${r.proxmoxNode.name}`}
                    >
                      {r.proxmoxNode.name}
                    </Link>
                  ) : (
                    <span>{r.target}</span>
                  )}
                  {r.proxmoxNode ? (
                    <Badge tone={r.proxmoxNode.online ? "green" : "amber"}>
                      {r.proxmoxNode.online ? "online" : "offline"}
                    </Badge>
                  ) : (
                    <Badge tone="gray">not in inventory</Badge>
                  )}
                </span>
              ),
            },
            { field: "schedule", label: "Schedule", value: <code>{r.schedule}</code> },
            { field: "rate", label: "Rate limit", value: formatRate(r.rate) },
            {
              field: "disable",
              label: "Enabled",
              value: r.disable ? <Badge tone="gray">Disabled</Badge> : <Badge tone="green">Enabled</Badge>,
            },
            {
              field: "remove_job",
              label: "Remove job",
              value: r.removeJob ? (
                <Badge tone="amber">{r.removeJob === "full" ? "Full" : "Local"}</Badge>
              ) : null,
            },
            {
              field: "comment",
              label: "Comment",
              value: r.comment ? <span className="whitespace-pre-wrap">{r.comment}</span> : null,
            },
          ]}
        />
        <AttributePanel
          title="Inventory"
          attributes={[
            {
              field: "status",
              label: "Status",
              value:
                r.status === "stale" ? <Badge tone="amber">Stale</Badge> : <Badge tone="green">Active</Badge>,
            },
            {
              field: "stale_since",
              label: "Stale since",
              value: r.staleSince ? <ExactAndRelativeTime value={r.staleSince} /> : null,
            },
            {
              field: "first_seen",
              label: "First seen",
              value: r.firstSeen ? <ExactAndRelativeTime value={r.firstSeen} /> : null,
            },
            {
              field: "last_seen",
              label: "Last seen",
              value: r.lastSeen ? <ExactAndRelativeTime value={r.lastSeen} /> : null,
            },
            {
              field: "created",
              label: "Created",
              value: r.created ? <ExactAndRelativeTime value={r.created} /> : null,
            },
            {
              field: "last_updated",
              label: "Last updated",
              value: r.lastUpdated ? <ExactAndRelativeTime value={r.lastUpdated} /> : null,
            },
            { field: "id", label: "ID", value: r.id },
          ]}
        />
        <AttributePanel
          title="Endpoint"
          attributes={[
            {
              field: "endpoint.name",
              label: "Name",
              value: (
                <Link href={`/endpoints/${r.endpoint.id}`} className={link}>
                  {r.endpoint.name}
                </Link>
              ),
            },
            { field: "endpoint.cluster_name", label: "Cluster", value: r.endpoint.clusterName },
            { field: "endpoint.timezone", label: "Time zone", value: r.endpoint.timezone },
            { field: "endpoint.pve_version", label: "PVE version", value: r.endpoint.pveVersion },
            { field: "endpoint.enabled", label: "Enabled", value: r.endpoint.enabled ? "Yes" : "No" },
          ]}
        />
      </div>
      <div className="space-y-4">
        <AttributePanel
          title="Health"
          attributes={[
            {
              field: "health",
              label: "Health",
              value: <HealthBadge health={r.health} truncate={false} />,
            },
            {
              field: "error",
              label: "Error",
              value: r.error ? (
                <span className="break-words text-red-800 dark:text-red-300">{r.error}</span>
              ) : null,
            },
            {
              field: "last_sync",
              label: "Last sync",
              value: r.syncingPid ? (
                "syncing"
              ) : r.lastSync ? (
                <ExactAndRelativeTime value={r.lastSync} timeZone={tz} />
              ) : (
                "never"
              ),
            },
            {
              field: "last_try",
              label: "Last try",
              value: r.lastTry ? <ExactAndRelativeTime value={r.lastTry} timeZone={tz} /> : null,
            },
            {
              field: "next_sync",
              label: "Next sync",
              value: r.nextSync ? (
                r.nextSync.getTime() <= Date.now() ? (
                  <span>pending (due {formatExact(r.nextSync, tz)})</span>
                ) : (
                  <ExactAndRelativeTime value={r.nextSync} timeZone={tz} />
                )
              ) : null,
            },
            {
              field: "duration",
              label: "Duration",
              value: r.duration === null ? null : <Duration seconds={r.duration} />,
            },
            { field: "fail_count", label: "Fail count", value: r.failCount },
            { field: "syncing_pid", label: "Syncing PID", value: r.syncingPid },
            {
              field: "health_checked_at",
              label: "Health checked",
              value: r.healthCheckedAt ? <ExactAndRelativeTime value={r.healthCheckedAt} /> : null,
            },
          ]}
        />
        {recovery ? (
          <RecoveryPointPanel
            point={recovery}
            disabled={r.disable}
            removeJob={r.removeJob}
            schedule={r.schedule}
          />
        ) : null}
        {history ? <HealthHistoryPanel history={history} timeZone={recovery?.timeZone ?? tz} /> : null}
        <Card aria-labelledby="panel-schedule">
          <CardHeader id="panel-schedule" title="Schedule" />
          <CardBody className="space-y-3 text-sm">
            <p>
              <code className="rounded bg-zinc-100 px-1 font-mono dark:bg-zinc-800">{r.schedule}</code>{" "}
              <span className="text-zinc-700 dark:text-zinc-300">{describeCalendarEvent(r.schedule)}</span>
            </p>
            {valid ? (
              <div>
                <h3 className="mb-1 font-medium">Next five runs ({tz})</h3>
                {upcoming.length === 0 ? (
                  <p>This schedule never fires again.</p>
                ) : (
                  <ol className="list-decimal space-y-0.5 pl-5 tabular-nums" data-testid="next-runs">
                    {upcoming.map((t) => (
                      <li key={t}>{formatExact(new Date(t * 1000), tz)}</li>
                    ))}
                  </ol>
                )}
              </div>
            ) : null}
          </CardBody>
        </Card>
        <Card aria-labelledby="panel-raw-config">
          <CardHeader id="panel-raw-config" title="Proxmox configuration (raw_config)" />
          <CardBody>
            <JsonView value={r.rawConfig} label="Raw Proxmox configuration" />
          </CardBody>
        </Card>
      </div>
    </div>
  );
}
