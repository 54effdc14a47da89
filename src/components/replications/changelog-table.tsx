import type { ChangeRow } from "@/app/replications/[id]/data";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { formatExact } from "@/components/ui/format";
import { EmptyState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHeadings, TableRow } from "@/components/ui/table";

// NetBox's Changelog tab: time, user, action badge, message and the pre/post diff (only the fields
// that changed for updates; every field for creates and deletes).

const ACTION: Record<string, { label: string; tone: BadgeTone }> = {
  create: { label: "Created", tone: "green" },
  update: { label: "Updated", tone: "blue" },
  delete: { label: "Deleted", tone: "red" },
};

const HEADINGS = ["Time", "User", "Action", "Message", "Changes"];
// Roomier than the lists: a row holds a diff of several lines.
const cell = "px-3 py-2";

const MARK = {
  before: "bg-red-100 text-red-900 no-underline dark:bg-red-950 dark:text-red-200",
  after: "bg-green-100 text-green-900 no-underline dark:bg-green-950 dark:text-green-200",
};

const show = (v: unknown) => (v === undefined ? "" : JSON.stringify(v));

/** One side of a field's change: struck out before, inserted after, empty where the side has no value. */
function DiffValue({
  value,
  side,
  className,
}: {
  value: string | null;
  side: "before" | "after";
  className?: string;
}) {
  const Mark = side === "before" ? "del" : "ins";
  return (
    <td className={cn("align-top font-mono break-all", className)}>
      {value === null ? null : <Mark className={MARK[side]}>{value}</Mark>}
    </td>
  );
}

function Diff({ pre, post }: { pre: unknown; post: unknown }) {
  const before = (pre ?? {}) as Record<string, unknown>;
  const after = (post ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (k) => pre === null || post === null || show(before[k]) !== show(after[k]),
  );
  if (keys.length === 0) return <span className="text-zinc-500">no field changes</span>;
  return (
    <Table className="text-xs">
      <TableHeadings srOnly headings={["Field", "Before", "After"]} />
      <TableBody>
        {keys.map((k) => (
          <tr key={k} data-diff-field={k}>
            <th
              scope="row"
              className="pr-2 text-left align-top font-mono font-normal text-zinc-600 dark:text-zinc-400"
            >
              {k}
            </th>
            <DiffValue
              className="pr-2"
              value={pre !== null && k in before ? show(before[k]) : null}
              side="before"
            />
            <DiffValue value={post !== null && k in after ? show(after[k]) : null} side="after" />
          </tr>
        ))}
      </TableBody>
    </Table>
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
      <Table box="border" aria-label="Change log" data-testid="changelog">
        <TableHeadings headings={HEADINGS} className="px-3" />
        <TableBody>
          {changes.map((c) => (
            <TableRow key={c.id} data-change-id={c.id} className="align-top dark:border-zinc-800/70">
              <TableCell className={`${cell} whitespace-nowrap tabular-nums`}>
                {formatExact(c.time, "UTC")}
              </TableCell>
              <TableCell className={cell}>{c.userName}</TableCell>
              <TableCell className={cell}>
                <Badge tone={ACTION[c.action]?.tone ?? "gray"}>{ACTION[c.action]?.label ?? c.action}</Badge>
              </TableCell>
              <TableCell className={cell}>{c.message || <span className="text-zinc-500">—</span>}</TableCell>
              <TableCell className={`${cell} min-w-72`}>
                <Diff pre={c.prechangeData} post={c.postchangeData} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
