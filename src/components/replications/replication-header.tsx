import { CalendarDays } from "lucide-react";
import { formatExact } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs } from "@/components/ui/tabs";
import type { ReplicationDetail } from "@/server/replications/service";
import { SyncNow } from "./sync-now";

/** NetBox's object header: breadcrumb, identifier, title (the job's display), created/updated, actions and tabs. */
export function ReplicationHeader({
  replication: r,
  title,
  current,
  changeCount,
  canSync,
}: {
  replication: ReplicationDetail;
  title: string;
  current: "detail" | "changelog";
  changeCount: number;
  canSync: boolean;
}) {
  return (
    <>
      <PageHeader
        breadcrumbs={[{ href: "/replications", label: "Replications" }]}
        identifier={`proxbox.replication:${r.id}`}
        title={title}
        subtitle={
          <span className="inline-flex items-center gap-1">
            <CalendarDays aria-hidden="true" className="size-4" />
            Created {formatExact(r.created, "UTC")} · Updated {formatExact(r.lastUpdated, "UTC")}
          </span>
        }
        actions={canSync ? <SyncNow endpointId={r.endpoint.id} replicationId={r.replicationId} /> : null}
      />
      <LinkTabs
        label="Replication views"
        current={current}
        tabs={[
          { id: "detail", href: `/replications/${r.id}`, label: "Replication" },
          {
            id: "changelog",
            href: `/replications/${r.id}/changelog`,
            label: "Change log",
            badge: changeCount,
          },
        ]}
      />
    </>
  );
}
