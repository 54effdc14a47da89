"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { Plus } from "lucide-react";
import { useState } from "react";
import { Badge, Dash } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { DialogContent, DialogRoot } from "@/components/ui/dialog";
import { PageHeader } from "@/components/ui/page-header";
import { formatExact, RelativeTime } from "@/components/ui/relative-time";
import { EditDeleteActions } from "@/components/ui/row-actions";
import { EmptyState, QueryState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeadings, TableRow } from "@/components/ui/table";
import { api } from "@/lib/trpc/react";
import type { AppRouter } from "@/server/api/root";
import { ScheduleForm, type ScheduleValues } from "./schedule-form";

type ScheduleRow = inferRouterOutputs<AppRouter>["schedules"]["list"][number];

const HEADINGS = ["Name", "Kind", "Endpoints", "When", "Enabled", "Next run", "Last run"];

/** /schedules: scheduled syncs with their next and last run; add, edit, enable/disable, delete. */
/** `canEdit`: operators and admins; viewers see the same table without its controls. */
export function SchedulesManager({ canEdit }: { canEdit: boolean }) {
  const schedules = api.schedules.list.useQuery(undefined, { refetchInterval: 30_000 });
  const endpoints = api.endpoints.list.useQuery();
  const utils = api.useUtils();
  const setEnabled = api.schedules.setEnabled.useMutation({ onSettled: () => utils.schedules.invalidate() });
  const remove = api.schedules.delete.useMutation();
  const [editing, setEditing] = useState<ScheduleValues | "new" | null>(null);
  const names = new Map((endpoints.data ?? []).map((e) => [e.id, e.name]));

  const header = (
    <PageHeader
      title="Schedules"
      subtitle="Syncs that run by themselves, every N minutes or on a cron expression."
      actions={
        canEdit ? (
          <Button variant="primary" onClick={() => setEditing("new")}>
            <Plus aria-hidden="true" /> Add
          </Button>
        ) : null
      }
    />
  );
  if (!schedules.isSuccess)
    return (
      <>
        {header}
        <QueryState query={schedules} loading="Loading schedules…" failed="Could not load schedules" />
      </>
    );
  return (
    <div className="space-y-4">
      {header}
      <DialogRoot open={editing !== null} onOpenChange={(open) => !open && setEditing(null)}>
        {editing !== null ? (
          <DialogContent title={editing === "new" ? "Add schedule" : `Edit schedule ${editing.name}`}>
            <ScheduleForm initial={editing === "new" ? undefined : editing} onDone={() => setEditing(null)} />
          </DialogContent>
        ) : null}
      </DialogRoot>
      {schedules.data.length === 0 ? (
        <EmptyState title="No schedules found">
          Add one to keep the inventory current without clicking Sync.
        </EmptyState>
      ) : (
        <Table box="border" data-testid="schedules-table">
          <TableHeadings headings={HEADINGS}>
            {canEdit ? <TableHead srOnly>Actions</TableHead> : null}
          </TableHeadings>
          <TableBody>
            {schedules.data.map((s) => (
              <ScheduleTableRow
                key={s.id}
                schedule={s}
                endpoints={s.endpointIds.map((id) => names.get(id) ?? `#${id}`)}
                canEdit={canEdit}
                toggling={setEnabled.isPending}
                onEnabledChange={(enabled) => setEnabled.mutate({ id: s.id, enabled })}
                onEdit={setEditing}
                onDelete={async () => {
                  await remove.mutateAsync({ id: s.id });
                  await utils.schedules.invalidate();
                }}
              />
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

function ScheduleTableRow({
  schedule: s,
  endpoints,
  canEdit,
  toggling,
  onEnabledChange,
  onEdit,
  onDelete,
}: {
  schedule: ScheduleRow;
  /** Names of the endpoints it syncs; empty for all. */
  endpoints: string[];
  canEdit: boolean;
  /** An enable/disable is on its way: every checkbox waits for it. */
  toggling: boolean;
  onEnabledChange(enabled: boolean): void;
  onEdit(values: ScheduleValues): void;
  onDelete(): Promise<void>;
}) {
  return (
    <TableRow data-schedule={s.name}>
      <TableCell className="font-medium">{s.name}</TableCell>
      <TableCell>{s.kind}</TableCell>
      <TableCell>{endpoints.length === 0 ? <Badge>All</Badge> : endpoints.join(", ")}</TableCell>
      <TableCell>
        {s.cron ? (
          <code className="rounded bg-zinc-100 px-1 font-mono text-xs dark:bg-zinc-800">{s.cron}</code>
        ) : (
          `every ${s.intervalMinutes} min`
        )}
      </TableCell>
      <TableCell>
        <span className="flex items-center gap-2">
          <Checkbox
            id={`sch-enabled-${s.id}`}
            checked={s.enabled}
            disabled={!canEdit || toggling}
            aria-label={`${s.name} enabled`}
            onCheckedChange={(v) => onEnabledChange(v === true)}
          />
          <span className="text-xs text-zinc-600 dark:text-zinc-400">{s.enabled ? "on" : "off"}</span>
        </span>
      </TableCell>
      <TableCell data-testid="next-run">
        {s.enabled && s.nextRunAt ? (
          <span className="flex flex-col">
            <RelativeTime value={s.nextRunAt} />
            <span className="text-xs text-zinc-600 dark:text-zinc-400">{formatExact(s.nextRunAt)}</span>
          </span>
        ) : (
          <Dash />
        )}
      </TableCell>
      <TableCell>
        <RelativeTime value={s.lastRunAt} fallback="never" />
      </TableCell>
      {canEdit ? (
        <TableCell className="whitespace-nowrap text-right">
          <EditDeleteActions
            name={s.name}
            kind="schedule"
            onEdit={() =>
              onEdit({
                id: s.id,
                name: s.name,
                kind: s.kind === "full" ? "full" : "replications",
                endpointIds: s.endpointIds,
                intervalMinutes: s.intervalMinutes,
                cron: s.cron,
                enabled: s.enabled,
              })
            }
            deleteNote="Runs it already started are kept."
            onDelete={onDelete}
          />
        </TableCell>
      ) : null}
    </TableRow>
  );
}
