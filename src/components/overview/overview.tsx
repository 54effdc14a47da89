"use client";

import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { Badge, Dash } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { HealthBadge } from "@/components/ui/health-badge";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { EmptyState, QueryState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { api } from "@/lib/trpc/react";
import type { AppRouter } from "@/server/api/root";
import { OpenAlertsCard } from "../alerts/open-alerts-card";
import { RunStateBadge } from "../sync/run-state";
import { HealthBar } from "./health-bar";
import { RecoveryOverview } from "./recovery-overview";
import { TotalTiles } from "./total-tiles";

const link = "text-blue-700 hover:underline dark:text-blue-400";
const FAILING_QUERY = "status=active&health=error&health=unknown&health=removal_scheduled";

/** /: totals, health picture, the jobs that need attention first, and each endpoint's last sync. */
export function Overview() {
  const q = api.overview.get.useQuery(undefined, { refetchInterval: 30_000 });
  const header = (
    <PageHeader title="Overview" subtitle="Proxmox VE storage replication across all endpoints." />
  );
  if (!q.isSuccess)
    return (
      <>
        {header}
        <QueryState query={q} loading="Loading overview…" failed="Could not load the overview" />
      </>
    );
  const { totals, health, failing, endpoints, recovery } = q.data;
  const tiles = [
    { k: "jobs", label: "Jobs", value: totals.jobs, href: "/replications" },
    { k: "active", label: "Active", value: totals.active, href: "/replications?status=active" },
    { k: "failing", label: "Need attention", value: totals.failing, href: `/replications?${FAILING_QUERY}` },
    { k: "stale", label: "Stale", value: totals.stale, href: "/replications?status=stale" },
    {
      k: "unlinked",
      label: "Unlinked",
      value: totals.unlinked,
      href: "/replications?virtual_machine_id=null",
    },
  ];
  return (
    <div className="space-y-4">
      {header}
      {endpoints.length === 0 ? (
        <EmptyState title="No endpoints yet">
          <Link href="/endpoints/new" className={link}>
            Add a Proxmox endpoint
          </Link>{" "}
          and sync it to see its replication jobs here.
        </EmptyState>
      ) : null}
      <TotalTiles tiles={tiles} testId="overview-totals" className="grid-cols-2 sm:grid-cols-5" />
      <OpenAlertsCard />
      <Card aria-labelledby="health-heading">
        <CardHeader id="health-heading" title={`Health of active jobs (${totals.active})`} />
        <CardBody>
          <HealthBar counts={health} />
        </CardBody>
      </Card>
      <RecoveryOverview recovery={recovery} />
      <div className="grid gap-4 2xl:grid-cols-3">
        <Card className="2xl:col-span-2" aria-labelledby="failing-heading">
          <CardHeader
            id="failing-heading"
            title={`Failing jobs (${totals.failing})`}
            actions={
              totals.failing > failing.length ? (
                <Link href={`/replications?${FAILING_QUERY}`} className={`${link} text-sm`}>
                  Show all {totals.failing}
                </Link>
              ) : null
            }
          />
          {failing.length === 0 ? (
            <CardBody className="text-sm text-zinc-600 dark:text-zinc-400">No job is failing.</CardBody>
          ) : (
            <FailingJobs jobs={failing} />
          )}
        </Card>
        <Card aria-labelledby="endpoints-heading">
          <CardHeader id="endpoints-heading" title="Last sync per endpoint" />
          <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="endpoint-syncs">
            {endpoints.map((e) => (
              <li
                key={e.id}
                data-endpoint={e.name}
                className="flex flex-wrap items-center justify-between gap-2 px-4 py-2"
              >
                <span className="flex items-center gap-2">
                  <Link href={`/endpoints/${e.id}`} className={`${link} font-medium`}>
                    {e.name}
                  </Link>
                  {e.enabled ? null : <Badge>disabled</Badge>}
                </span>
                <span className="flex items-center gap-2">
                  <RelativeTime value={e.lastRun?.finishedAt ?? e.lastSyncAt} fallback="never synced" />
                  {e.lastRun ? (
                    <Link
                      href={`/sync-runs/${e.lastRun.id}`}
                      aria-label={`Run #${e.lastRun.id}: ${e.lastRun.state}`}
                    >
                      <RunStateBadge state={e.lastRun.state} />
                    </Link>
                  ) : null}
                </span>
                {e.lastRun?.state === "failed" && e.lastRun.error ? (
                  <p className="w-full text-xs break-words text-red-700 dark:text-red-400">
                    {e.lastRun.error}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </div>
  );
}

type FailingJob = inferRouterOutputs<AppRouter>["overview"]["get"]["failing"][number];

function FailingJobs({ jobs }: { jobs: FailingJob[] }) {
  return (
    <Table box="scroll" data-testid="failing-jobs">
      <TableHeader className="bg-transparent dark:bg-transparent">
        <tr>
          <TableHead>Job</TableHead>
          <TableHead>Endpoint</TableHead>
          <TableHead>Guest</TableHead>
          <TableHead>Source → target</TableHead>
          <TableHead>Health</TableHead>
          <TableHead numeric>Failures</TableHead>
          <TableHead>Last sync</TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {jobs.map((j) => (
          <TableRow key={j.id} data-health={j.health}>
            <TableCell className="whitespace-nowrap">
              <Link href={`/replications/${j.id}`} className={`${link} font-medium`}>
                {j.replicationId}
              </Link>
            </TableCell>
            <TableCell>
              <Link href={`/endpoints/${j.endpointId}`} className={link}>
                {j.endpointName}
              </Link>
            </TableCell>
            <TableCell>{j.vmName ? `${j.vmName} (${j.guest})` : j.guest}</TableCell>
            <TableCell className="whitespace-nowrap">
              {j.source ?? "?"} → {j.target}
            </TableCell>
            <TableCell className="max-w-sm">
              <HealthBadge health={j.health} error={j.error} />
            </TableCell>
            <TableCell numeric>{j.failCount ?? <Dash />}</TableCell>
            <TableCell>
              <RelativeTime value={j.lastSync} fallback="never" />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
