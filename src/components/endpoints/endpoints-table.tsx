"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { Plus, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { Badge, Dash } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { EmptyState, QueryState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { api } from "@/lib/trpc/react";
import type { AppRouter } from "@/server/api/root";
import { RunStateBadge } from "../sync/run-state";
import { DeleteEndpointButton } from "./delete-endpoint";
import { INVENTORY_COUNTS, inventoryHref } from "./inventory-links";
import type { Can } from "./permissions";
import { TlsBadge } from "./tls";

const link = "text-blue-700 hover:underline dark:text-blue-400";

type EndpointListRow = inferRouterOutputs<AppRouter>["endpoints"]["list"][number];

/** /endpoints: every configured Proxmox endpoint with what Proxbox last learned from it. */
export function EndpointsTable({ can }: { can: Can }) {
  const endpoints = api.endpoints.list.useQuery();
  if (!endpoints.isSuccess)
    return <QueryState query={endpoints} loading="Loading endpoints…" failed="Could not load endpoints" />;
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
    <Table box="border" data-testid="endpoints-table">
      <TableHeader>
        <tr>
          <TableHead>Name</TableHead>
          <TableHead>URL</TableHead>
          <TableHead>Cluster</TableHead>
          <TableHead>PVE version</TableHead>
          <TableHead>TLS</TableHead>
          <TableHead>Enabled</TableHead>
          <TableHead>Last sync</TableHead>
          {INVENTORY_COUNTS.map((c) => (
            <TableHead key={c.key} numeric>
              {c.label}
            </TableHead>
          ))}
          {can.admin ? <TableHead srOnly>Actions</TableHead> : null}
        </tr>
      </TableHeader>
      <TableBody>
        {endpoints.data.map((e) => (
          <EndpointRow key={e.id} endpoint={e} admin={can.admin} />
        ))}
      </TableBody>
    </Table>
  );
}

function EndpointRow({ endpoint: e, admin }: { endpoint: EndpointListRow; admin: boolean }) {
  return (
    <TableRow data-endpoint={e.name}>
      <TableCell>
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
      </TableCell>
      <TableCell className="max-w-56 truncate font-mono text-xs" title={e.url}>
        {e.url}
      </TableCell>
      <TableCell>{e.clusterName ?? <Dash />}</TableCell>
      <TableCell>{e.pveVersion ?? <Dash />}</TableCell>
      <TableCell>
        <TlsBadge mode={e.tlsMode} warning={e.tlsWarning} />
      </TableCell>
      <TableCell>
        <Badge tone={e.enabled ? "green" : "gray"}>{e.enabled ? "Yes" : "No"}</Badge>
      </TableCell>
      <TableCell>
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
      </TableCell>
      {INVENTORY_COUNTS.map((c) => (
        <TableCell key={c.key} numeric>
          <Link href={inventoryHref(e.id, c)} className={link} data-count={c.key}>
            {e[c.key]}
          </Link>
        </TableCell>
      ))}
      {admin ? (
        <TableCell className="whitespace-nowrap text-right">
          <Button asChild size="sm" variant="ghost">
            <Link href={`/endpoints/${e.id}/edit`} aria-label={`Edit ${e.name}`}>
              Edit
            </Link>
          </Button>
          <DeleteEndpointButton id={e.id} name={e.name} replications={e.replications} compact />
        </TableCell>
      ) : null}
    </TableRow>
  );
}
