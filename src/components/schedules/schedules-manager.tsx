"use client";

import { Pencil, Plus } from "lucide-react";
import { useState } from "react";
import { Badge, Dash } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmDialog, DialogContent, DialogRoot } from "@/components/ui/dialog";
import { PageHeader } from "@/components/ui/page-header";
import { formatExact, RelativeTime } from "@/components/ui/relative-time";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { api } from "@/lib/trpc/react";
import { ScheduleForm, type ScheduleValues } from "./schedule-form";

const th = "px-2 py-2 text-left font-medium whitespace-nowrap";
const td = "px-2 py-1.5 align-top";

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
  const dialog = (
    <DialogRoot open={editing !== null} onOpenChange={(open) => !open && setEditing(null)}>
      {editing !== null ? (
        <DialogContent title={editing === "new" ? "Add schedule" : `Edit schedule ${editing.name}`}>
          <ScheduleForm initial={editing === "new" ? undefined : editing} onDone={() => setEditing(null)} />
        </DialogContent>
      ) : null}
    </DialogRoot>
  );

  if (schedules.isPending)
    return (
      <>
        {header}
        <LoadingState label="Loading schedules…" />
      </>
    );
  if (schedules.isError)
    return (
      <>
        {header}
        <ErrorState
          title="Could not load schedules"
          message={schedules.error.message}
          onRetry={() => schedules.refetch()}
        />
      </>
    );
  return (
    <div className="space-y-4">
      {header}
      {dialog}
      {schedules.data.length === 0 ? (
        <EmptyState title="No schedules found">
          Add one to keep the inventory current without clicking Sync.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-sm" data-testid="schedules-table">
            <thead className="border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900">
              <tr>
                <th className={th}>Name</th>
                <th className={th}>Kind</th>
                <th className={th}>Endpoints</th>
                <th className={th}>When</th>
                <th className={th}>Enabled</th>
                <th className={th}>Next run</th>
                <th className={th}>Last run</th>
                {canEdit ? (
                  <th className={th}>
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {schedules.data.map((s) => (
                <tr
                  key={s.id}
                  data-schedule={s.name}
                  className="border-b border-zinc-100 last:border-0 dark:border-zinc-800"
                >
                  <td className={`${td} font-medium`}>{s.name}</td>
                  <td className={td}>{s.kind}</td>
                  <td className={td}>
                    {s.endpointIds.length === 0 ? (
                      <Badge>All</Badge>
                    ) : (
                      s.endpointIds.map((id) => names.get(id) ?? `#${id}`).join(", ")
                    )}
                  </td>
                  <td className={td}>
                    {s.cron ? (
                      <code className="rounded bg-zinc-100 px-1 font-mono text-xs dark:bg-zinc-800">
                        {s.cron}
                      </code>
                    ) : (
                      `every ${s.intervalMinutes} min`
                    )}
                  </td>
                  <td className={td}>
                    <span className="flex items-center gap-2">
                      <Checkbox
                        id={`sch-enabled-${s.id}`}
                        checked={s.enabled}
                        disabled={!canEdit || setEnabled.isPending}
                        aria-label={`${s.name} enabled`}
                        onCheckedChange={(v) => setEnabled.mutate({ id: s.id, enabled: v === true })}
                      />
                      <span className="text-xs text-zinc-600 dark:text-zinc-400">
                        {s.enabled ? "on" : "off"}
                      </span>
                    </span>
                  </td>
                  <td className={td} data-testid="next-run">
                    {s.enabled && s.nextRunAt ? (
                      <span className="flex flex-col">
                        <RelativeTime value={s.nextRunAt} />
                        <span className="text-xs text-zinc-600 dark:text-zinc-400">
                          {formatExact(s.nextRunAt)}
                        </span>
                      </span>
                    ) : (
                      <Dash />
                    )}
                  </td>
                  <td className={td}>
                    <RelativeTime value={s.lastRunAt} fallback="never" />
                  </td>
                  {canEdit ? (
                    <td className={`${td} whitespace-nowrap text-right`}>
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Edit ${s.name}`}
                        onClick={() =>
                          setEditing({
                            id: s.id,
                            name: s.name,
                            kind: s.kind === "full" ? "full" : "replications",
                            endpointIds: s.endpointIds,
                            intervalMinutes: s.intervalMinutes,
                            cron: s.cron,
                            enabled: s.enabled,
                          })
                        }
                      >
                        <Pencil aria-hidden="true" /> Edit
                      </Button>
                      <ConfirmDialog
                        trigger={
                          <Button size="sm" variant="ghost" aria-label={`Delete ${s.name}`}>
                            Delete
                          </Button>
                        }
                        title={`Delete schedule ${s.name}?`}
                        description="Runs it already started are kept."
                        confirmLabel="Delete"
                        onConfirm={async () => {
                          await remove.mutateAsync({ id: s.id });
                          await utils.schedules.invalidate();
                        }}
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
