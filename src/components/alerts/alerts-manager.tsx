"use client";

import { KeyRound, Plus, Send } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge, Dash } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { EditDeleteActions } from "@/components/ui/row-actions";
import { EmptyState, QueryState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeadings, TableRow } from "@/components/ui/table";
import { api } from "@/lib/trpc/react";
import { DeliveryStateBadge, TransitionBadge } from "./badges";
import { DeliveryLog } from "./delivery-log";
import { DestinationForm, type DestinationRow } from "./destination-form";
import { RuleForm, type RuleRow } from "./rule-form";

// /alerts: the rules (what fires, for which jobs, where to), the destinations (with "Send test") and
// the delivery log. Admins manage rules and destinations; everyone else reads the same tables.

const link = "text-blue-700 hover:underline dark:text-blue-400";
const RULE_HEADINGS = ["Name", "On", "Scope", "Digest", "Destinations", "Enabled", "Last delivery"];
const DESTINATION_HEADINGS = ["Name", "Kind", "Target", "Secret", "Description"];

function formatDigest(seconds: number): string {
  if (seconds === 0) return "none";
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** `canEdit`: admins; viewers and operators see the tables without their controls. */
export function AlertsManager({ canEdit }: { canEdit: boolean }) {
  const rules = api.alerts.rules.list.useQuery(undefined, { refetchInterval: 30_000 });
  const destinations = api.alerts.destinations.list.useQuery();
  const last = api.alertViews.lastDeliveryPerRule.useQuery(undefined, { refetchInterval: 10_000 });
  const utils = api.useUtils();
  const setEnabled = api.alerts.rules.setEnabled.useMutation({ onSettled: () => utils.alerts.invalidate() });
  const removeRule = api.alerts.rules.delete.useMutation();
  const removeDestination = api.alerts.destinations.delete.useMutation();
  const [editingRule, setEditingRule] = useState<RuleRow | "new" | null>(null);
  const [editingDestination, setEditingDestination] = useState<DestinationRow | "new" | null>(null);
  const lastByRule = new Map((last.data ?? []).map((d) => [d.ruleId, d]));

  return (
    <div className="space-y-4">
      <PageHeader
        title="Alerts"
        subtitle="Rules that send a webhook or an e-mail when a job fails, falls behind, gets stuck or recovers."
      />
      <DialogRoot open={editingRule !== null} onOpenChange={(open) => !open && setEditingRule(null)}>
        {editingRule !== null ? (
          <DialogContent title={editingRule === "new" ? "Add rule" : `Edit rule ${editingRule.name}`}>
            <RuleForm
              initial={editingRule === "new" ? undefined : editingRule}
              onDone={() => setEditingRule(null)}
            />
          </DialogContent>
        ) : null}
      </DialogRoot>
      <DialogRoot
        open={editingDestination !== null}
        onOpenChange={(open) => !open && setEditingDestination(null)}
      >
        {editingDestination !== null ? (
          <DialogContent
            title={
              editingDestination === "new" ? "Add destination" : `Edit destination ${editingDestination.name}`
            }
          >
            <DestinationForm
              initial={editingDestination === "new" ? undefined : editingDestination}
              onDone={() => setEditingDestination(null)}
            />
          </DialogContent>
        ) : null}
      </DialogRoot>

      <Card aria-labelledby="rules-heading">
        <CardHeader
          id="rules-heading"
          title={rules.data ? `Rules (${rules.data.length})` : "Rules"}
          actions={
            canEdit ? (
              <Button size="sm" variant="primary" onClick={() => setEditingRule("new")}>
                <Plus aria-hidden="true" /> Add rule
              </Button>
            ) : null
          }
        />
        {!rules.isSuccess ? (
          <div className="p-4">
            <QueryState query={rules} loading="Loading rules…" failed="Could not load alert rules" />
          </div>
        ) : rules.data.length === 0 ? (
          <EmptyState title="No alert rules" className="m-4">
            {canEdit
              ? "Add a destination, then a rule that sends to it."
              : "An administrator can add rules here."}
          </EmptyState>
        ) : (
          <Table box="scroll" data-testid="rules-table">
            <TableHeadings headings={RULE_HEADINGS}>
              {canEdit ? <TableHead srOnly>Actions</TableHead> : null}
            </TableHeadings>
            <TableBody>
              {rules.data.map((r) => {
                const delivered = lastByRule.get(r.id);
                return (
                  <TableRow key={r.id} data-rule={r.name}>
                    <TableCell className="font-medium">
                      {r.name}
                      {r.description ? (
                        <p className="text-xs font-normal text-zinc-600 dark:text-zinc-400">
                          {r.description}
                        </p>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      <span className="flex flex-wrap gap-1">
                        {r.transitions.map((t) => (
                          <TransitionBadge key={t} transition={t} />
                        ))}
                      </span>
                    </TableCell>
                    <TableCell>
                      <span className="flex flex-col gap-1">
                        <span>
                          {r.endpoints.length === 0 ? (
                            <Badge>All endpoints</Badge>
                          ) : (
                            r.endpoints.map((e, i) => (
                              <span key={e.id}>
                                {i > 0 ? ", " : null}
                                <Link href={`/endpoints/${e.id}`} className={link}>
                                  {e.name}
                                </Link>
                              </span>
                            ))
                          )}
                        </span>
                        {r.filter ? (
                          <Link
                            href={`/replications?${r.filter}`}
                            className={`${link} font-mono text-xs`}
                            title="The jobs this filter selects"
                          >
                            {r.filter}
                          </Link>
                        ) : null}
                      </span>
                    </TableCell>
                    <TableCell className="whitespace-nowrap">{formatDigest(r.digestSeconds)}</TableCell>
                    <TableCell>
                      {r.destinations.length === 0 ? <Dash /> : r.destinations.map((d) => d.name).join(", ")}
                    </TableCell>
                    <TableCell>
                      <span className="flex items-center gap-2">
                        <Checkbox
                          id={`rule-enabled-${r.id}`}
                          checked={r.enabled}
                          disabled={!canEdit || setEnabled.isPending}
                          aria-label={`${r.name} enabled`}
                          onCheckedChange={(v) => setEnabled.mutate({ id: r.id, enabled: v === true })}
                        />
                        <span className="text-xs text-zinc-600 dark:text-zinc-400">
                          {r.enabled ? "on" : "off"}
                        </span>
                      </span>
                    </TableCell>
                    <TableCell data-testid="last-delivery">
                      {delivered ? (
                        <Link
                          href={`/alerts?rule=${r.id}#deliveries`}
                          className="inline-flex items-center gap-1.5"
                          title={delivered.lastError ?? undefined}
                        >
                          <DeliveryStateBadge state={delivered.state} />
                          <RelativeTime value={delivered.created} />
                        </Link>
                      ) : (
                        <span className="text-zinc-600 dark:text-zinc-400">never</span>
                      )}
                    </TableCell>
                    {canEdit ? (
                      <TableCell className="whitespace-nowrap text-right">
                        <EditDeleteActions
                          name={r.name}
                          kind="rule"
                          onEdit={() => setEditingRule(r)}
                          deleteNote="Its delivery log goes with it."
                          onDelete={async () => {
                            await removeRule.mutateAsync({ id: r.id });
                            await utils.alerts.invalidate();
                            await utils.alertViews.invalidate();
                          }}
                        />
                      </TableCell>
                    ) : null}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </Card>

      <Card aria-labelledby="destinations-heading">
        <CardHeader
          id="destinations-heading"
          title={destinations.data ? `Destinations (${destinations.data.length})` : "Destinations"}
          actions={
            canEdit ? (
              <Button size="sm" variant="primary" onClick={() => setEditingDestination("new")}>
                <Plus aria-hidden="true" /> Add destination
              </Button>
            ) : null
          }
        />
        {!destinations.isSuccess ? (
          <div className="p-4">
            <QueryState
              query={destinations}
              loading="Loading destinations…"
              failed="Could not load alert destinations"
            />
          </div>
        ) : destinations.data.length === 0 ? (
          <EmptyState title="No destinations" className="m-4">
            A destination is a webhook URL or a list of e-mail recipients.
          </EmptyState>
        ) : (
          <Table box="scroll" data-testid="destinations-table">
            <TableHeadings headings={DESTINATION_HEADINGS}>
              {canEdit ? <TableHead srOnly>Actions</TableHead> : null}
            </TableHeadings>
            <TableBody>
              {destinations.data.map((d) => (
                <DestinationTableRow
                  key={d.id}
                  destination={d}
                  canEdit={canEdit}
                  onEdit={() => setEditingDestination(d)}
                  onDelete={async () => {
                    await removeDestination.mutateAsync({ id: d.id });
                    await utils.alerts.invalidate();
                  }}
                />
              ))}
            </TableBody>
          </Table>
        )}
      </Card>

      <DeliveryLog
        rules={(rules.data ?? []).map((r) => ({ id: r.id, name: r.name }))}
        destinations={(destinations.data ?? []).map((d) => ({ id: d.id, name: d.name }))}
      />
    </div>
  );
}

function DestinationTableRow({
  destination: d,
  canEdit,
  onEdit,
  onDelete,
}: {
  destination: DestinationRow;
  canEdit: boolean;
  onEdit(): void;
  onDelete(): Promise<void>;
}) {
  const test = api.alerts.destinations.test.useMutation();
  const secretSet = d.kind === "webhook" ? d.hasSecret : d.hasSmtpPassword;
  return (
    <>
      <TableRow data-destination={d.name} className={test.data || test.error ? "border-b-0" : undefined}>
        <TableCell className="font-medium">{d.name}</TableCell>
        <TableCell>
          <Badge tone={d.kind === "webhook" ? "blue" : "purple"}>
            {d.kind === "webhook" ? "Webhook" : "E-mail"}
          </Badge>
        </TableCell>
        <TableCell className="max-w-md break-all" data-testid="destination-target">
          {d.kind === "webhook" ? (
            <span className="font-mono text-xs">{d.url}</span>
          ) : (
            <span>
              {d.emailTo.join(", ")}
              {d.smtpUrl ? (
                <span className="block font-mono text-xs text-zinc-600 dark:text-zinc-400">
                  via {d.smtpUrl}
                </span>
              ) : null}
            </span>
          )}
          {d.kind === "webhook" && d.headerNames.length > 0 ? (
            <span className="block text-xs text-zinc-600 dark:text-zinc-400">
              headers: {d.headerNames.join(", ")}
            </span>
          ) : null}
        </TableCell>
        <TableCell data-testid="destination-secret">
          {secretSet ? (
            <Badge tone="green">
              <KeyRound aria-hidden="true" /> set
            </Badge>
          ) : (
            <span className="text-zinc-600 dark:text-zinc-400">none</span>
          )}
        </TableCell>
        <TableCell>{d.description || <Dash />}</TableCell>
        {canEdit ? (
          <TableCell className="whitespace-nowrap text-right">
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Send test to ${d.name}`}
              disabled={test.isPending}
              onClick={() => test.mutate({ id: d.id })}
            >
              <Send aria-hidden="true" /> {test.isPending ? "Sending…" : "Send test"}
            </Button>
            <EditDeleteActions
              name={d.name}
              kind="destination"
              onEdit={onEdit}
              deleteNote="Rules stop sending to it; its delivery log goes with it."
              onDelete={onDelete}
            />
          </TableCell>
        ) : null}
      </TableRow>
      {test.data || test.error ? (
        <TableRow>
          <TableCell colSpan={canEdit ? 6 : 5} className="pt-0">
            <p
              role="status"
              data-testid="test-result"
              data-ok={test.data?.ok ?? false}
              className={
                test.data?.ok
                  ? "text-sm text-green-800 dark:text-green-400"
                  : "text-sm break-words text-red-700 dark:text-red-400"
              }
            >
              {test.data?.ok
                ? `Test sent: ${test.data.detail}`
                : `Test failed: ${test.data?.detail ?? test.error?.message}`}
            </p>
          </TableCell>
        </TableRow>
      ) : null}
    </>
  );
}
