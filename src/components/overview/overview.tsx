"use client";

import Link from "next/link";
import { Badge, Dash } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { HealthBadge } from "@/components/ui/health-badge";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { api } from "@/lib/trpc/react";
import { RunStateBadge } from "../sync/run-state";
import { HealthBar } from "./health-bar";

const link = "text-blue-700 hover:underline dark:text-blue-400";
const th = "px-2 py-2 text-left font-medium whitespace-nowrap";
const td = "px-2 py-1.5 align-top";
const FAILING_QUERY = "status=active&health=error&health=unknown&health=removal_scheduled";

/** /: totals, health picture, the jobs that need attention first, and each endpoint's last sync. */
export function Overview() {
  const q = api.overview.get.useQuery(undefined, { refetchInterval: 30_000 });
  const header = (
    <PageHeader title="Overview" subtitle="Proxmox VE storage replication across all endpoints." />
  );
  if (q.isPending)
    return (
      <>
        {header}
        <LoadingState label="Loading overview…" />
      </>
    );
  if (q.isError)
    return (
      <>
        {header}
        <ErrorState
          title="Could not load the overview"
          message={q.error.message}
          onRetry={() => q.refetch()}
        />
      </>
    );
  const { totals, health, failing, endpoints } = q.data;
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
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5" data-testid="overview-totals">
        {tiles.map((t) => (
          <div
            key={t.k}
            data-total={t.k}
            className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
          >
            <dt className="text-sm text-zinc-600 dark:text-zinc-400">{t.label}</dt>
            <dd className="text-2xl font-semibold tabular-nums">
              <Link href={t.href} className={link}>
                {t.value}
              </Link>
            </dd>
          </div>
        ))}
      </dl>
      <Card aria-labelledby="health-heading">
        <CardHeader id="health-heading" title={`Health of active jobs (${totals.active})`} />
        <CardBody>
          <HealthBar counts={health} />
        </CardBody>
      </Card>
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
            <div className="overflow-x-auto">
              <table className="w-full text-sm" data-testid="failing-jobs">
                <thead className="border-b border-zinc-200 dark:border-zinc-800">
                  <tr>
                    <th className={th}>Job</th>
                    <th className={th}>Endpoint</th>
                    <th className={th}>Guest</th>
                    <th className={th}>Source → target</th>
                    <th className={th}>Health</th>
                    <th className={`${th} text-right`}>Failures</th>
                    <th className={th}>Last sync</th>
                  </tr>
                </thead>
                <tbody>
                  {failing.map((j) => (
                    <tr
                      key={j.id}
                      data-health={j.health}
                      className="border-b border-zinc-100 last:border-0 dark:border-zinc-800"
                    >
                      <td className={`${td} whitespace-nowrap`}>
                        <Link href={`/replications/${j.id}`} className={`${link} font-medium`}>
                          {j.replicationId}
                        </Link>
                      </td>
                      <td className={td}>
                        <Link href={`/endpoints/${j.endpointId}`} className={link}>
                          {j.endpointName}
                        </Link>
                      </td>
                      <td className={td}>{j.vmName ? `${j.vmName} (${j.guest})` : j.guest}</td>
                      <td className={`${td} whitespace-nowrap`}>
                        {j.source ?? "?"} → {j.target}
                      </td>
                      <td className={`${td} max-w-sm`}>
                        <HealthBadge health={j.health} error={j.error} />
                      </td>
                      <td className={`${td} text-right tabular-nums`}>{j.failCount ?? <Dash />}</td>
                      <td className={td}>
                        <RelativeTime value={j.lastSync} fallback="never" />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
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
