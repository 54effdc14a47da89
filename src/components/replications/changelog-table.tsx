import type { ChangeRow } from "@/app/replications/[id]/data";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatExact } from "@/components/ui/format";
import { EmptyState } from "@/components/ui/states";

// NetBox's Changelog tab: time, user, action badge, message and the pre/post diff (only the fields
// that changed for updates; every field for creates and deletes).

const ACTION: Record<string, { label: string; tone: BadgeTone }> = {
  create: { label: "Created", tone: "green" },
  update: { label: "Updated", tone: "blue" },
  delete: { label: "Deleted", tone: "red" },
};

const show = (v: unknown) => (v === undefined ? "" : JSON.stringify(v));

function Diff({ pre, post }: { pre: unknown; post: unknown }) {
  const before = (pre ?? {}) as Record<string, unknown>;
  const after = (post ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (k) => pre === null || post === null || show(before[k]) !== show(after[k]),
  );
  if (keys.length === 0) return <span className="text-zinc-500">no field changes</span>;
  return (
    <table className="w-full text-xs">
      <thead className="sr-only">
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <tr key={k} data-diff-field={k}>
            <th
              scope="row"
              className="pr-2 text-left align-top font-mono font-normal text-zinc-600 dark:text-zinc-400"
            >
              {k}
            </th>
            <td className="pr-2 align-top font-mono break-all">
              {pre !== null && k in before ? (
                <del className="bg-red-100 text-red-900 no-underline dark:bg-red-950 dark:text-red-200">
                  {show(before[k])}
                </del>
              ) : null}
            </td>
            <td className="align-top font-mono break-all">
              {post !== null && k in after ? (
                <ins className="bg-green-100 text-green-900 no-underline dark:bg-green-950 dark:text-green-200">
                  {show(after[k])}
                </ins>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ChangeLogTable({ changes, total }: { changes: ChangeRow[]; total: number }) {
  if (changes.length === 0)
    return <EmptyState title="No changes recorded">Changes by syncs and users appear here.</EmptyState>;
  return (
    <div className="space-y-2">
      {total > changes.length ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Showing the latest {changes.length} of {total} changes.
        </p>
      ) : null}
      <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-sm" aria-label="Change log" data-testid="changelog">
          <thead className="bg-zinc-50 text-left dark:bg-zinc-900">
            <tr className="border-b border-zinc-200 dark:border-zinc-800">
              <th scope="col" className="px-3 py-2 font-medium">
                Time
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                User
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Action
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Message
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Changes
              </th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr
                key={c.id}
                data-change-id={c.id}
                className="border-b border-zinc-100 align-top last:border-0 dark:border-zinc-800/70"
              >
                <td className="px-3 py-2 whitespace-nowrap tabular-nums">{formatExact(c.time, "UTC")}</td>
                <td className="px-3 py-2">{c.userName}</td>
                <td className="px-3 py-2">
                  <Badge tone={ACTION[c.action]?.tone ?? "gray"}>{ACTION[c.action]?.label ?? c.action}</Badge>
                </td>
                <td className="px-3 py-2">{c.message || <span className="text-zinc-500">—</span>}</td>
                <td className="min-w-72 px-3 py-2">
                  <Diff pre={c.prechangeData} post={c.postchangeData} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
