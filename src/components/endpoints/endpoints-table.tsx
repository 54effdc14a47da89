"use client";

import { Plus, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { Badge, Dash } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { api } from "@/lib/trpc/react";
import { RunStateBadge } from "../sync/run-state";
import { DeleteEndpointButton } from "./delete-endpoint";
import type { Can } from "./permissions";
import { TlsBadge } from "./tls";

const th = "px-2 py-2 text-left font-medium whitespace-nowrap";
const td = "px-2 py-1.5 align-top";
const link = "text-blue-700 hover:underline dark:text-blue-400";

/** /endpoints: every configured Proxmox endpoint with what Proxbox last learned from it. */
export function EndpointsTable({ can }: { can: Can }) {
  const endpoints = api.endpoints.list.useQuery();
  if (endpoints.isPending) return <LoadingState label="Loading endpoints…" />;
  if (endpoints.isError)
    return (
      <ErrorState
        title="Could not load endpoints"
        message={endpoints.error.message}
        onRetry={() => endpoints.refetch()}
      />
    );
  if (endpoints.data.length === 0)
    return (
      <EmptyState
        title="No endpoints found"
        action={
          can.admin ? (
            <Button asChild variant="primary">
              <Link href="/endpoints/new">
                <Plus aria-hidden="true" /> Add endpoint
              </Link>
            </Button>
          ) : null
        }
      >
        Add a Proxmox VE cluster to import its replication jobs.
      </EmptyState>
    );
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-sm" data-testid="endpoints-table">
        <thead className="border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900">
          <tr>
            <th className={th}>Name</th>
            <th className={th}>URL</th>
            <th className={th}>Cluster</th>
            <th className={th}>PVE version</th>
            <th className={th}>TLS</th>
            <th className={th}>Enabled</th>
            <th className={th}>Last sync</th>
            <th className={`${th} text-right`}>Replications</th>
            <th className={`${th} text-right`}>Stale</th>
            <th className={`${th} text-right`}>Unlinked</th>
            {can.admin ? (
              <th className={th}>
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {endpoints.data.map((e) => (
            <tr
              key={e.id}
              data-endpoint={e.name}
              className="border-b border-zinc-100 last:border-0 dark:border-zinc-800"
            >
              <td className={td}>
                <Link href={`/endpoints/${e.id}`} className={`${link} font-medium`}>
                  {e.name}
                </Link>
                {e.warnings.length > 0 ? (
                  <span
                    className="ml-1 inline-flex align-middle text-amber-700 dark:text-amber-400"
                    title={e.warnings.join("\n")}
                  >
                    <TriangleAlert aria-hidden="true" className="size-4" />
                    <span className="sr-only">{e.warnings.length} warnings from the last sync</span>
                  </span>
                ) : null}
              </td>
              <td className={`${td} max-w-56 truncate font-mono text-xs`} title={e.url}>
                {e.url}
              </td>
              <td className={td}>{e.clusterName ?? <Dash />}</td>
              <td className={td}>{e.pveVersion ?? <Dash />}</td>
              <td className={td}>
                <TlsBadge mode={e.tlsMode} warning={e.tlsWarning} />
              </td>
              <td className={td}>
                <Badge tone={e.enabled ? "green" : "gray"}>{e.enabled ? "Yes" : "No"}</Badge>
              </td>
              <td className={td}>
                <span className="flex flex-wrap items-center gap-1.5">
                  <RelativeTime value={e.lastSyncAt} fallback="never" />
                  {e.lastRun ? (
                    <Link
                      href={`/sync-runs/${e.lastRun.id}`}
                      aria-label={`Last run #${e.lastRun.id}: ${e.lastRun.state}`}
                    >
                      <RunStateBadge state={e.lastRun.state} />
                    </Link>
                  ) : null}
                </span>
              </td>
              <td className={`${td} text-right tabular-nums`}>
                <Link href={`/replications?endpoint_id=${e.id}`} className={link} data-count="replications">
                  {e.replications}
                </Link>
              </td>
              <td className={`${td} text-right tabular-nums`}>
                <Link
                  href={`/replications?endpoint_id=${e.id}&status=stale`}
                  className={link}
                  data-count="stale"
                >
                  {e.stale}
                </Link>
              </td>
              <td className={`${td} text-right tabular-nums`}>
                <Link
                  href={`/replications?endpoint_id=${e.id}&virtual_machine_id=null`}
                  className={link}
                  data-count="unlinked"
                >
                  {e.unlinked}
                </Link>
              </td>
              {can.admin ? (
                <td className={`${td} whitespace-nowrap text-right`}>
                  <Button asChild size="sm" variant="ghost">
                    <Link href={`/endpoints/${e.id}/edit`} aria-label={`Edit ${e.name}`}>
                      Edit
                    </Link>
                  </Button>
                  <DeleteEndpointButton id={e.id} name={e.name} replications={e.replications} compact />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
