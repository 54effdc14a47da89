"use client";

import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { api } from "@/lib/trpc/react";
import { HEALTH_LABELS, HEALTH_SEVERITY, HEALTH_STATES } from "@/lib/vocabulary";
import { HEALTH_BG } from "../overview/health-colors";
import { ClusterGraph } from "./cluster-graph";

const WORST_FIRST = [...HEALTH_STATES].sort((a, b) => HEALTH_SEVERITY[b] - HEALTH_SEVERITY[a]);

/** /topology: per endpoint, who replicates to whom, weighted by job count, coloured by worst health. */
export function TopologyView() {
  const q = api.topology.get.useQuery(undefined, { refetchInterval: 60_000 });
  if (q.isPending) return <LoadingState label="Loading topology…" />;
  if (q.isError)
    return (
      <ErrorState title="Could not load the topology" message={q.error.message} onRetry={() => q.refetch()} />
    );
  if (q.data.length === 0)
    return (
      <EmptyState title="No endpoints yet">
        <Link href="/endpoints/new" className="text-blue-700 underline dark:text-blue-400">
          Add an endpoint
        </Link>{" "}
        and sync it to draw its replication topology.
      </EmptyState>
    );
  const maxJobs = Math.max(1, ...q.data.flatMap((c) => c.links.map((l) => l.jobs)));
  return (
    <div className="space-y-4">
      <Legend maxJobs={maxJobs} />
      <div className="grid gap-4 lg:grid-cols-2">
        {q.data.map((c) => (
          <Card key={c.endpointId} aria-labelledby={`topo-${c.endpointId}`} data-endpoint={c.endpointName}>
            <CardHeader
              id={`topo-${c.endpointId}`}
              title={
                <>
                  <Link href={`/endpoints/${c.endpointId}`} className="hover:underline">
                    {c.endpointName}
                  </Link>
                  {c.clusterName && c.clusterName !== c.endpointName ? (
                    <span className="font-normal text-zinc-600 dark:text-zinc-400">
                      {" "}
                      (cluster {c.clusterName})
                    </span>
                  ) : null}
                </>
              }
              actions={
                <span className="text-xs text-zinc-600 dark:text-zinc-400">
                  {c.nodes.length} nodes · {c.links.reduce((n, l) => n + l.jobs, 0) + c.jobsWithoutSource}{" "}
                  active jobs
                </span>
              }
            />
            <CardBody>
              {c.nodes.length === 0 ? (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">
                  No nodes known yet: sync this endpoint.
                </p>
              ) : (
                <ClusterGraph cluster={c} maxJobs={maxJobs} />
              )}
              {c.jobsWithoutSource > 0 ? (
                <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
                  <Link
                    href={`/replications?endpoint_id=${c.endpointId}&source__empty=true&status=active`}
                    className="text-blue-700 underline dark:text-blue-400"
                  >
                    {c.jobsWithoutSource} job{c.jobsWithoutSource === 1 ? "" : "s"}
                  </Link>{" "}
                  without a known source node {c.jobsWithoutSource === 1 ? "is" : "are"} not drawn.
                </p>
              ) : null}
            </CardBody>
          </Card>
        ))}
      </div>
    </div>
  );
}

function Legend({ maxJobs }: { maxJobs: number }) {
  return (
    <section
      aria-label="Legend"
      className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded-lg border border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800"
      data-testid="topology-legend"
    >
      <span className="font-medium">Arrow colour: worst health of its jobs</span>
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {WORST_FIRST.map((s) => (
          <li key={s} className="flex items-center gap-1.5">
            <span aria-hidden="true" className={`inline-block h-1.5 w-5 rounded ${HEALTH_BG[s]}`} />
            {HEALTH_LABELS[s]}
          </li>
        ))}
      </ul>
      <span className="flex items-center gap-2">
        <svg width="60" height="14" aria-hidden="true">
          <line x1="2" y1="7" x2="26" y2="7" strokeWidth="2" className="stroke-zinc-500" />
          <line x1="34" y1="7" x2="58" y2="7" strokeWidth="10" className="stroke-zinc-500" />
        </svg>
        width: 1 to {maxJobs} jobs; the number on an arrow is its job count
      </span>
      <span className="flex items-center gap-2">
        <svg width="18" height="18" aria-hidden="true">
          <circle
            cx="9"
            cy="9"
            r="7"
            strokeWidth="2"
            strokeDasharray="3 2"
            className="fill-none stroke-zinc-400"
          />
        </svg>
        offline node
      </span>
    </section>
  );
}
