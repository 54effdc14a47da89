"use client";

import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { RelativeTime, useNow } from "@/components/ui/relative-time";
import { Sparkline } from "@/components/ui/sparkline";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDuration } from "@/lib/format-duration";
import type { AppRouter } from "@/server/api/root";
import { HEALTH_BG, HEALTH_STROKE } from "./health-colors";
import { TotalTiles } from "./total-tiles";

// The overview's recovery-point cards (issue 13): how many jobs are behind their schedule or stuck
// (each a link to the filtered list), the jobs overdue the longest, and the estate's error and
// overdue counts over the last days from the scheduler's 15-minute samples.

const link = "text-blue-700 hover:underline dark:text-blue-400";
type Recovery = inferRouterOutputs<AppRouter>["overview"]["get"]["recovery"];

// Overdue drawn in the "removal scheduled" amber: the warning colour, distinct from error red.
const OVERDUE_STROKE = HEALTH_STROKE.removal_scheduled;
const OVERDUE_BG = HEALTH_BG.removal_scheduled;

export function RecoveryOverview({ recovery }: { recovery: Recovery }) {
  const tiles = [
    { k: "overdue", label: "Overdue", value: recovery.overdue, href: "/replications?overdue=true" },
    { k: "stuck", label: "Stuck", value: recovery.stuck, href: "/replications?stuck=true" },
  ];
  return (
    <div className="grid gap-4 2xl:grid-cols-3">
      <Card aria-labelledby="recovery-heading">
        <CardHeader id="recovery-heading" title="Recovery point" />
        <CardBody className="space-y-4">
          <TotalTiles tiles={tiles} testId="recovery-totals" className="grid-cols-2" inCard />
          <HealthTrend recovery={recovery} />
        </CardBody>
      </Card>
      <Card className="2xl:col-span-2" aria-labelledby="most-overdue-heading">
        <CardHeader
          id="most-overdue-heading"
          title="Most overdue"
          actions={
            recovery.overdue > recovery.mostOverdue.length ? (
              <Link href="/replications?overdue=true" className={`${link} text-sm`}>
                Show all {recovery.overdue}
              </Link>
            ) : null
          }
        />
        {recovery.mostOverdue.length === 0 ? (
          <CardBody className="text-sm text-zinc-600 dark:text-zinc-400">
            Every job is within its schedule.
          </CardBody>
        ) : (
          <MostOverdue jobs={recovery.mostOverdue} />
        )}
      </Card>
    </div>
  );
}

function HealthTrend({ recovery }: { recovery: Recovery }) {
  const now = useNow(60_000);
  const from = now - recovery.trendDays * 86_400_000;
  const points = recovery.trend.map((p) => ({ ...p, t: new Date(p.bucket).getTime() }));
  const last = points.at(-1);
  const peak = (k: "error" | "overdue") => points.reduce((m, p) => Math.max(m, p[k]), 0);
  return (
    <figure className="space-y-1" data-testid="health-trend">
      <figcaption className="flex flex-wrap items-center justify-between gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        <span>Last {recovery.trendDays} days</span>
        <span className="flex gap-3">
          <span className="inline-flex items-center gap-1">
            <span aria-hidden="true" className={`inline-block size-2 rounded-sm ${HEALTH_BG.error}`} />
            Error{last ? ` ${last.error} now, peak ${peak("error")}` : ""}
          </span>
          <span className="inline-flex items-center gap-1">
            <span aria-hidden="true" className={`inline-block size-2 rounded-sm ${OVERDUE_BG}`} />
            Overdue{last ? ` ${last.overdue} now, peak ${peak("overdue")}` : ""}
          </span>
        </span>
      </figcaption>
      {points.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          No samples yet: the scheduler records one every 15 minutes.
        </p>
      ) : (
        <Sparkline
          from={from}
          to={now}
          label={`Jobs in error and overdue over the last ${recovery.trendDays} days: error peak ${peak("error")}, overdue peak ${peak("overdue")}`}
          series={[
            {
              key: "error",
              label: "Error",
              stroke: HEALTH_STROKE.error,
              points: points.map((p) => ({ t: p.t, v: p.error })),
            },
            {
              key: "overdue",
              label: "Overdue",
              stroke: OVERDUE_STROKE,
              points: points.map((p) => ({ t: p.t, v: p.overdue })),
            },
          ]}
        />
      )}
    </figure>
  );
}

function MostOverdue({ jobs }: { jobs: Recovery["mostOverdue"] }) {
  const now = useNow();
  return (
    <Table box="scroll" data-testid="most-overdue">
      <TableHeader className="bg-transparent dark:bg-transparent">
        <tr>
          <TableHead>Job</TableHead>
          <TableHead>Guest</TableHead>
          <TableHead>Endpoint</TableHead>
          <TableHead>Source → target</TableHead>
          <TableHead numeric>Recovery point age</TableHead>
          <TableHead>Overdue since</TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {jobs.map((j) => (
          <TableRow key={j.id} data-job={j.replicationId}>
            <TableCell className="whitespace-nowrap">
              <Link href={`/replications/${j.id}`} className={`${link} font-medium`}>
                {j.replicationId}
              </Link>
            </TableCell>
            <TableCell>{j.vmName ? `${j.vmName} (${j.guest})` : j.guest}</TableCell>
            <TableCell>
              <Link href={`/endpoints/${j.endpointId}`} className={link}>
                {j.endpointName}
              </Link>
            </TableCell>
            <TableCell className="whitespace-nowrap">
              {j.source ?? "?"} → {j.target}
            </TableCell>
            <TableCell numeric>
              {j.lastSync
                ? formatDuration(Math.max(0, Math.floor((now - new Date(j.lastSync).getTime()) / 1000)))
                : "never synced"}
            </TableCell>
            <TableCell>
              <RelativeTime value={j.overdueAt} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
