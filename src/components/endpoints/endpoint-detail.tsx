"use client";

import { Pencil, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { AttributePanel, Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHeadings, TableRow } from "@/components/ui/table";
import { formatDuration } from "@/lib/format-duration";
import { api } from "@/lib/trpc/react";
import { DeleteEndpointButton } from "./delete-endpoint";
import { INVENTORY_COUNTS, inventoryHref } from "./inventory-links";
import type { Can } from "./permissions";
import { SyncPanel } from "./sync-panel";
import { TestConnection } from "./test-connection";
import { TlsBadge } from "./tls";

const link = "text-blue-700 hover:underline dark:text-blue-400";

/** /endpoints/[id]: settings, what the inventory holds, nodes, warnings, Sync Now with live progress. */
export function EndpointDetail({ id, can }: { id: number; can: Can }) {
  const q = api.endpoints.summary.useQuery({ id }, { retry: false });
  if (q.isPending) return <LoadingState label="Loading endpoint…" />;
  if (q.isError) return <ErrorState title={`Endpoint ${id} could not be loaded`} message={q.error.message} />;
  const e = q.data;
  const warnings = [...(e.tlsWarning ? [e.tlsWarning] : []), ...e.warnings];
  return (
    <div className="space-y-4">
      <PageHeader
        breadcrumbs={[{ href: "/endpoints", label: "Endpoints" }]}
        title={e.name}
        identifier={`proxbox.endpoint:${e.id}`}
        subtitle={
          <>
            Created <RelativeTime value={e.created} /> · Updated <RelativeTime value={e.lastUpdated} />
          </>
        }
        actions={
          can.admin ? (
            <>
              <Button asChild>
                <Link href={`/endpoints/${e.id}/edit`}>
                  <Pencil aria-hidden="true" /> Edit
                </Link>
              </Button>
              <DeleteEndpointButton
                id={e.id}
                name={e.name}
                replications={e.replications}
                redirectTo="/endpoints"
              />
            </>
          ) : null
        }
      />
      {warnings.length > 0 ? (
        <div
          data-testid="endpoint-warnings"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
        >
          <p className="flex items-center gap-1.5 font-medium">
            <TriangleAlert aria-hidden="true" className="size-4" /> Warnings
          </p>
          <ul className="list-disc pl-5">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4">
          <AttributePanel
            title="Endpoint"
            attributes={[
              { label: "URL", value: <span className="font-mono text-xs break-all">{e.url}</span> },
              { label: "Cluster", value: e.clusterName },
              { label: "PVE version", value: e.pveVersion },
              {
                label: "Authentication",
                value:
                  e.authMode === "token" ? `API token ${e.tokenId ?? ""}` : `Ticket as ${e.username ?? ""}`,
              },
              {
                label: e.authMode === "token" ? "Token secret" : "Password",
                value: e.hasSecret ? "set" : "not set",
              },
              { label: "TLS", value: <TlsBadge mode={e.tlsMode} warning={e.tlsWarning} /> },
              ...(e.fingerprint
                ? [
                    {
                      label: "Fingerprint",
                      value: <span className="font-mono text-xs break-all">{e.fingerprint}</span>,
                    },
                  ]
                : []),
              {
                label: "Timeouts",
                value: `connect ${e.connectTimeoutMs} ms, request ${e.requestTimeoutMs} ms`,
              },
              {
                label: "Enabled",
                value: <Badge tone={e.enabled ? "green" : "gray"}>{e.enabled ? "Yes" : "No"}</Badge>,
              },
              { label: "Time zone", value: e.timezone },
              {
                label: "Recovery point",
                value: `overdue after ${e.overdueGraceFactor}× the schedule's longest gap (plus the last duration); stuck after ${formatDuration(e.stuckAfterSeconds)}`,
              },
              { label: "Last sync", value: <RelativeTime value={e.lastSyncAt} fallback="never" /> },
            ]}
          />
          <Card aria-labelledby="inventory-heading">
            <CardHeader id="inventory-heading" title="Inventory" />
            <CardBody>
              <dl className="grid grid-cols-3 gap-2 text-center" data-testid="endpoint-inventory">
                {INVENTORY_COUNTS.map((c) => (
                  <div
                    key={c.key}
                    data-count={c.key}
                    className="rounded-md border border-zinc-200 p-2 dark:border-zinc-800"
                  >
                    <dt className="text-xs text-zinc-600 dark:text-zinc-400">{c.label}</dt>
                    <dd className="text-xl font-semibold tabular-nums">
                      <Link href={inventoryHref(e.id, c)} className={link}>
                        {e[c.key]}
                      </Link>
                    </dd>
                  </div>
                ))}
              </dl>
            </CardBody>
          </Card>
          <Card aria-labelledby="nodes-heading">
            <CardHeader id="nodes-heading" title={`Nodes (${e.nodes.length})`} />
            {e.nodes.length === 0 ? (
              <CardBody className="text-sm text-zinc-600 dark:text-zinc-400">
                No nodes known yet: run a sync.
              </CardBody>
            ) : (
              <Table data-testid="endpoint-nodes">
                <TableHeadings srOnly headings={["Node", "State"]} />
                <TableBody>
                  {e.nodes.map((n) => (
                    <TableRow key={n.id} data-node={n.name}>
                      <TableCell className="px-4 py-2 align-middle font-medium">
                        <Link
                          href={`/replications?endpoint_id=${e.id}&source=${encodeURIComponent(n.name)}`}
                          className={link}
                        >
                          {n.name}
                        </Link>
                      </TableCell>
                      <TableCell className="px-4 py-2 text-right align-middle">
                        <Badge tone={n.online ? "green" : "red"} data-online={n.online}>
                          {n.online ? "online" : n.status === "unknown" ? "offline" : n.status}
                        </Badge>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </Card>
          {can.admin ? (
            <Card aria-labelledby="test-heading">
              <CardHeader id="test-heading" title="Connection" />
              <CardBody>
                <TestConnection id={e.id} />
              </CardBody>
            </Card>
          ) : null}
        </div>
        <div className="space-y-4 lg:col-span-2">
          <SyncPanel
            endpointId={e.id}
            enabled={e.enabled}
            lastRunId={e.lastRun?.id ?? null}
            canSync={can.operate}
          />
          <p className="text-sm">
            <Link href={`/sync-runs?endpoint_id=${e.id}`} className={link}>
              All sync runs of {e.name}
            </Link>
          </p>
        </div>
      </div>
    </div>
  );
}
