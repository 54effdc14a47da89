"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { ChevronDown, ChevronRight } from "lucide-react";
import { parseAsInteger, parseAsString, useQueryStates } from "nuqs";
import { Fragment, useState } from "react";
import { Dash } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Label } from "@/components/ui/input";
import { formatExact, RelativeTime } from "@/components/ui/relative-time";
import { Select } from "@/components/ui/select";
import { EmptyState, QueryState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { api } from "@/lib/trpc/react";
import type { AppRouter } from "@/server/api/root";
import { DeliveryStateBadge } from "./badges";

// The delivery log (issue 14): every message a rule sent or tried to send, newest first, with its
// attempts (each try's time, outcome, HTTP/SMTP status and error) behind a disclosure. The rule and
// destination and state filters live in the URL (/alerts?rule=3&state=failed), so a rule's log can be
// linked to.

type Delivery = inferRouterOutputs<AppRouter>["alerts"]["deliveries"]["list"]["results"][number];

const STATES = ["collecting", "queued", "sending", "retrying", "sent", "failed"] as const;
type DeliveryState = (typeof STATES)[number];
const PAGE = 50;

interface Named {
  id: number;
  name: string;
}

export function DeliveryLog({ rules, destinations }: { rules: Named[]; destinations: Named[] }) {
  const [params, setParams] = useQueryStates({
    rule: parseAsInteger,
    destination: parseAsInteger,
    state: parseAsString,
    page: parseAsInteger.withDefault(0),
  });
  const state = STATES.includes(params.state as DeliveryState) ? (params.state as DeliveryState) : undefined;
  const q = api.alerts.deliveries.list.useQuery(
    {
      ruleId: params.rule ?? undefined,
      destinationId: params.destination ?? undefined,
      state,
      limit: PAGE,
      offset: params.page * PAGE,
    },
    { refetchInterval: 10_000 },
  );
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const count = q.data?.count;

  return (
    <Card aria-labelledby="deliveries-heading" id="deliveries">
      <CardHeader
        id="deliveries-heading"
        title={count === undefined ? "Delivery log" : `Delivery log (${count})`}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <Label htmlFor="dlv-rule" className="text-xs font-normal">
              Rule
            </Label>
            <Select
              id="dlv-rule"
              className="h-7 text-xs"
              value={params.rule?.toString() ?? ""}
              placeholder="All rules"
              options={rules.map((r) => ({ value: String(r.id), label: r.name }))}
              onChange={(e) =>
                setParams({ rule: e.target.value ? Number(e.target.value) : null, page: null })
              }
            />
            <Label htmlFor="dlv-destination" className="text-xs font-normal">
              Destination
            </Label>
            <Select
              id="dlv-destination"
              className="h-7 text-xs"
              value={params.destination?.toString() ?? ""}
              placeholder="All destinations"
              options={destinations.map((d) => ({ value: String(d.id), label: d.name }))}
              onChange={(e) =>
                setParams({ destination: e.target.value ? Number(e.target.value) : null, page: null })
              }
            />
            <Label htmlFor="dlv-state" className="text-xs font-normal">
              State
            </Label>
            <Select
              id="dlv-state"
              className="h-7 text-xs"
              value={state ?? ""}
              placeholder="Any"
              options={STATES.map((s) => ({ value: s, label: s }))}
              onChange={(e) => setParams({ state: e.target.value || null, page: null })}
            />
          </div>
        }
      />
      {!q.isSuccess ? (
        <div className="p-4">
          <QueryState query={q} loading="Loading deliveries…" failed="Could not load the delivery log" />
        </div>
      ) : q.data.results.length === 0 ? (
        <EmptyState title="No deliveries" className="m-4">
          {params.rule || params.destination || state
            ? "None match these filters."
            : "Nothing has been sent yet."}
        </EmptyState>
      ) : (
        <>
          <Table box="scroll" data-testid="deliveries-table">
            <TableHeader>
              <tr>
                <TableHead>Created</TableHead>
                <TableHead>Rule</TableHead>
                <TableHead>Destination</TableHead>
                <TableHead>State</TableHead>
                <TableHead numeric>Events</TableHead>
                <TableHead numeric>Attempts</TableHead>
                <TableHead>Last error</TableHead>
                <TableHead>Sent</TableHead>
                <TableHead srOnly>Attempt log</TableHead>
              </tr>
            </TableHeader>
            <TableBody>
              {q.data.results.map((d) => (
                <Fragment key={d.id}>
                  <DeliveryRow delivery={d} expanded={open.has(d.id)} onToggle={() => toggle(d.id)} />
                  {open.has(d.id) ? (
                    <tr>
                      <td colSpan={9} className="bg-zinc-50 px-4 py-2 dark:bg-zinc-900/60">
                        <AttemptLog delivery={d} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </TableBody>
          </Table>
          {q.data.count > PAGE ? (
            <div className="flex items-center justify-end gap-2 border-t border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800">
              <span className="text-zinc-600 dark:text-zinc-400">
                {params.page * PAGE + 1}–{Math.min(q.data.count, (params.page + 1) * PAGE)} of {q.data.count}
              </span>
              <Button
                size="sm"
                disabled={params.page === 0}
                onClick={() => setParams({ page: params.page - 1 || null })}
              >
                Newer
              </Button>
              <Button
                size="sm"
                disabled={(params.page + 1) * PAGE >= q.data.count}
                onClick={() => setParams({ page: params.page + 1 })}
              >
                Older
              </Button>
            </div>
          ) : null}
        </>
      )}
    </Card>
  );
}

function DeliveryRow({
  delivery: d,
  expanded,
  onToggle,
}: {
  delivery: Delivery;
  expanded: boolean;
  onToggle(): void;
}) {
  return (
    <TableRow data-delivery={d.id} data-state={d.state}>
      <TableCell>
        <RelativeTime value={d.created} />
      </TableCell>
      <TableCell>{d.rule.name}</TableCell>
      <TableCell>
        {d.destination.name}{" "}
        <span className="text-xs text-zinc-600 dark:text-zinc-400">({d.destination.kind})</span>
      </TableCell>
      <TableCell>
        <DeliveryStateBadge state={d.state} />
        {d.state === "collecting" || d.state === "retrying" ? (
          <span className="ml-1 text-xs text-zinc-600 dark:text-zinc-400">
            due <RelativeTime value={d.dueAt} />
          </span>
        ) : null}
      </TableCell>
      <TableCell numeric>{d.eventCount}</TableCell>
      <TableCell numeric>{d.attempts}</TableCell>
      <TableCell className="max-w-sm break-words">
        {d.lastError ? <span className="text-red-700 dark:text-red-400">{d.lastError}</span> : <Dash />}
      </TableCell>
      <TableCell>
        <RelativeTime value={d.sentAt} />
      </TableCell>
      <TableCell className="text-right">
        {d.attemptLog.length > 0 ? (
          <Button
            size="sm"
            variant="ghost"
            aria-expanded={expanded}
            aria-label={`Attempts of delivery ${d.id}`}
            onClick={onToggle}
          >
            {expanded ? <ChevronDown aria-hidden="true" /> : <ChevronRight aria-hidden="true" />}
            Attempts
          </Button>
        ) : null}
      </TableCell>
    </TableRow>
  );
}

function AttemptLog({ delivery: d }: { delivery: Delivery }) {
  return (
    <ol className="space-y-1 text-xs" data-testid={`attempts-${d.id}`}>
      {d.attemptLog.map((a, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the log is append-only; the index is the attempt number
        <li key={i} className="flex flex-wrap items-center gap-2" data-ok={a.ok}>
          <span className="tabular-nums">#{i + 1}</span>
          <span>{formatExact(new Date(a.at))}</span>
          <DeliveryStateBadge state={a.ok ? "sent" : "failed"} />
          {a.status !== undefined ? <span>status {a.status}</span> : null}
          {a.ms !== undefined ? <span className="text-zinc-600 dark:text-zinc-400">{a.ms} ms</span> : null}
          {a.error ? <span className="break-words text-red-700 dark:text-red-400">{a.error}</span> : null}
        </li>
      ))}
    </ol>
  );
}
