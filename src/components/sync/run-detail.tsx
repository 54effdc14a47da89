"use client";

import Link from "next/link";
import { Dash } from "@/components/ui/badge";
import { AttributePanel, Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { api } from "@/lib/trpc/react";
import { isFinalSyncState } from "@/lib/vocabulary";
import { LiveRun } from "./live-run";
import { RunStateBadge } from "./run-state";
import { runDuration } from "./runs-table";

/** /sync-runs/[id]: what was asked, by whom, and the run's live report. */
export function RunDetail({ id }: { id: number }) {
  const run = api.syncRuns.get.useQuery(
    { id },
    { refetchInterval: (q) => (isFinalSyncState(q.state.data?.state) ? false : 700) },
  );
  const endpointId = run.data?.endpointId ?? null;
  const endpoint = api.endpoints.get.useQuery(
    { id: endpointId ?? 0 },
    { enabled: endpointId !== null, retry: false },
  );

  if (run.isPending) return <LoadingState label="Loading sync run…" />;
  if (run.isError)
    return <ErrorState title={`Sync run ${id} could not be loaded`} message={run.error.message} />;
  const r = run.data;
  return (
    <div className="space-y-4">
      <PageHeader
        breadcrumbs={[{ href: "/sync-runs", label: "Sync runs" }]}
        title={
          <span className="flex flex-wrap items-center gap-3">
            Sync run #{r.id} <RunStateBadge state={r.state} />
          </span>
        }
        identifier={`proxbox.syncrun:${r.id}`}
        subtitle={
          <>
            Requested <RelativeTime value={r.created} />
          </>
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="lg:col-span-1">
          <AttributePanel
            title="Sync run"
            attributes={[
              { label: "Kind", value: r.target ? `${r.kind} (${r.target})` : r.kind },
              {
                label: "Endpoint",
                value: endpointId ? (
                  <Link
                    href={`/endpoints/${endpointId}`}
                    className="text-blue-700 hover:underline dark:text-blue-400"
                  >
                    {endpoint.data?.name ?? `#${endpointId}`}
                  </Link>
                ) : (
                  <Dash />
                ),
              },
              { label: "Trigger", value: r.trigger },
              { label: "Requested by", value: r.requestedBy },
              { label: "State", value: <RunStateBadge state={r.state} /> },
              { label: "Started", value: r.startedAt ? <RelativeTime value={r.startedAt} /> : null },
              { label: "Finished", value: r.finishedAt ? <RelativeTime value={r.finishedAt} /> : null },
              { label: "Duration", value: runDuration(r) },
              { label: "Worker", value: r.workerId },
            ]}
          />
        </div>
        <Card className="lg:col-span-2" aria-labelledby="run-report">
          <CardHeader id="run-report" title="Report" />
          <CardBody>
            <LiveRun runId={r.id} showHeader={false} logOpen />
          </CardBody>
        </Card>
      </div>
    </div>
  );
}
