"use client";

import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { QueryState } from "@/components/ui/states";
import { api } from "@/lib/trpc/react";
import { ConditionBadge } from "./badges";

// The overview's "Open alerts" card (issue 14): jobs with a condition alerted and not yet recovered
// (replication.alerts_open), open the longest first, each linking to its page.

const link = "text-blue-700 hover:underline dark:text-blue-400";
const LIMIT = 10;

export function OpenAlertsCard() {
  const q = api.alertViews.open.useQuery({ limit: LIMIT }, { refetchInterval: 30_000 });
  const count = q.data?.count;
  return (
    <Card aria-labelledby="open-alerts-heading" data-testid="open-alerts">
      <CardHeader
        id="open-alerts-heading"
        title={count === undefined ? "Open alerts" : `Open alerts (${count})`}
        actions={
          <Link href="/alerts" className={`${link} text-sm`}>
            Alert rules and deliveries
          </Link>
        }
      />
      {!q.isSuccess ? (
        <CardBody>
          <QueryState query={q} loading="Loading open alerts…" failed="Could not load open alerts" />
        </CardBody>
      ) : q.data.jobs.length === 0 ? (
        <CardBody className="text-sm text-zinc-600 dark:text-zinc-400">No alert is open.</CardBody>
      ) : (
        <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
          {q.data.jobs.map((j) => (
            <li
              key={j.id}
              data-job={j.replicationId}
              className="flex flex-wrap items-center justify-between gap-2 px-4 py-2"
            >
              <span className="flex flex-wrap items-center gap-2">
                <Link href={`/replications/${j.id}`} className={`${link} font-medium`}>
                  {j.replicationId}
                </Link>
                <span className="text-zinc-600 dark:text-zinc-400">
                  {j.endpoint.name}
                  {j.vmName ? ` · ${j.vmName}` : ""}
                </span>
                {j.conditions.map((c) => (
                  <ConditionBadge key={c} condition={c} />
                ))}
              </span>
              <span className="text-zinc-600 dark:text-zinc-400">
                open since <RelativeTime value={j.since} fallback="unknown" />
              </span>
            </li>
          ))}
          {q.data.count > q.data.jobs.length ? (
            <li className="px-4 py-2">
              <Link href="/replications?alerting=true" className={link}>
                and {q.data.count - q.data.jobs.length} more
              </Link>
            </li>
          ) : null}
        </ul>
      )}
    </Card>
  );
}
