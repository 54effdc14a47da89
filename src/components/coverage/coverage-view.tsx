import Link from "next/link";
import type { ReactNode } from "react";
import { Badge, Dash } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { RISK_CLASSES, type RiskClass } from "@/lib/coverage";
import { VM_TYPE } from "@/lib/vocabulary";
import type { Coverage, CoverageCounts, CoverageEndpoint, CoverageGuest } from "@/server/coverage/service";
import { RISK_HINTS, RISK_LABELS } from "./labels";
import { vmListHref } from "./links";

// /coverage: which guests a node failure would cost data. Count cards per risk class (highest first),
// per endpoint and node a bar of protected against unprotected guests, then the guests of each class.
// Rendered on the server: the page is a report, with nothing to edit.

const link = "text-blue-700 hover:underline dark:text-blue-400";

// Same order and meaning everywhere on the page: the bar's segments, the legend and the tables.
const SEGMENTS: { key: RiskClass | "protected"; label: string; fill: string }[] = [
  { key: "ha", label: RISK_LABELS.ha, fill: "bg-red-600 dark:bg-red-500" },
  { key: "none", label: RISK_LABELS.none, fill: "bg-amber-500 dark:bg-amber-400" },
  { key: "inactive", label: RISK_LABELS.inactive, fill: "bg-zinc-400 dark:bg-zinc-500" },
  { key: "protected", label: "Protected", fill: "bg-green-600 dark:bg-green-500" },
];

const TONE: Record<RiskClass, "red" | "amber" | "gray"> = { ha: "red", none: "amber", inactive: "gray" };

function haNote(e: Pick<CoverageEndpoint, "haReadable">): string | null {
  if (e.haReadable === false) return "HA unknown: the token lacks Sys.Audit on /";
  if (e.haReadable === null) return "HA unknown: not read yet (sync the endpoint)";
  return null;
}

export function CoverageView({ coverage }: { coverage: Coverage }) {
  const { totals, endpoints, lists } = coverage;
  if (endpoints.length === 0)
    return (
      <EmptyState title="No endpoints yet">
        <Link href="/endpoints/new" className={link}>
          Add a Proxmox endpoint
        </Link>{" "}
        and sync it to see which guests are replicated.
      </EmptyState>
    );
  const unknown = endpoints.filter((e) => e.haReadable !== true);
  return (
    <div className="space-y-4">
      {unknown.length > 0 ? (
        <p
          role="status"
          data-testid="ha-unknown"
          className="rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          HA state unknown for {unknown.map((e) => e.name).join(", ")}: guests there may be HA-managed
          although none is counted as such.
        </p>
      ) : null}
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="coverage-totals">
        {RISK_CLASSES.map((risk) => (
          <Tile
            key={risk}
            k={risk}
            label={RISK_LABELS[risk]}
            value={totals[risk]}
            href={vmListHref(risk)}
            note={risk === "ha" && unknown.length > 0 ? `HA unknown on ${unknown.length} endpoint(s)` : null}
          />
        ))}
        <Tile
          k="protected"
          label="Protected guests"
          value={totals.protected}
          of={totals.guests}
          href={vmListHref("protected")}
        />
      </dl>
      <Card aria-labelledby="per-node-heading">
        <CardHeader id="per-node-heading" title="Per endpoint and node" />
        <CardBody className="space-y-1">
          <Legend />
        </CardBody>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Endpoint / node</TableHead>
              <TableHead className="w-1/3">Guests</TableHead>
              <TableHead className="text-right">Protected</TableHead>
              {RISK_CLASSES.map((r) => (
                <TableHead key={r} className="text-right">
                  {RISK_LABELS[r]}
                </TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {endpoints.flatMap((e) => [
              <CountsRow
                key={`e${e.id}`}
                kind="endpoint"
                name={
                  <span className="flex flex-wrap items-center gap-2">
                    <Link href={`/endpoints/${e.id}`} className={`${link} font-medium`}>
                      {e.name}
                    </Link>
                    {haNote(e) ? <Badge tone="amber">{haNote(e)}</Badge> : null}
                  </span>
                }
                label={e.name}
                counts={e.counts}
                haUnknown={e.haReadable !== true}
                scope={{ endpointId: e.id }}
              />,
              ...e.nodes.map((n) => (
                <CountsRow
                  key={`e${e.id}-${n.name}`}
                  kind="node"
                  name={
                    <span className="flex items-center gap-2 pl-4">
                      {n.name}
                      {n.online === false ? <Badge tone="red">offline</Badge> : null}
                    </span>
                  }
                  label={`${e.name} ${n.name}`}
                  counts={n.counts}
                  haUnknown={e.haReadable !== true}
                  scope={{ endpointId: e.id, node: n.name }}
                />
              )),
            ])}
          </TableBody>
        </Table>
      </Card>
      {RISK_CLASSES.map((risk) => (
        <GuestList key={risk} risk={risk} list={lists[risk]} />
      ))}
    </div>
  );
}

function Tile({
  k,
  label,
  value,
  of,
  href,
  note,
}: {
  k: string;
  label: string;
  value: number;
  of?: number;
  href: string;
  note?: string | null;
}) {
  return (
    <div
      data-total={k}
      className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <dt className="text-sm text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums">
        <Link href={href} className={link}>
          {value}
        </Link>
        {of !== undefined ? (
          <span className="text-base font-normal text-zinc-600 dark:text-zinc-400"> of {of}</span>
        ) : null}
      </dd>
      {note ? <dd className="text-xs text-amber-800 dark:text-amber-300">{note}</dd> : null}
    </div>
  );
}

function Legend() {
  return (
    <ul
      className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400"
      aria-label="Legend"
    >
      {SEGMENTS.map((s) => (
        <li key={s.key} className="flex items-center gap-1">
          <span aria-hidden="true" className={`inline-block size-3 rounded-sm ${s.fill}`} />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

/** One stacked bar: each class's share of the guests, each segment a link to those guests. */
function CoverageBar({
  counts,
  label,
  scope,
}: {
  counts: CoverageCounts;
  label: string;
  scope: { endpointId?: number; node?: string };
}) {
  if (counts.guests === 0) return <span className="text-xs text-zinc-600 dark:text-zinc-400">no guests</span>;
  return (
    <div
      role="img"
      aria-label={`${label}: ${counts.protected} of ${counts.guests} guests protected`}
      className="flex h-3 w-full overflow-hidden rounded-sm bg-zinc-100 dark:bg-zinc-800"
    >
      {SEGMENTS.filter((s) => counts[s.key] > 0).map((s) => (
        <Link
          key={s.key}
          href={vmListHref(s.key, scope)}
          title={`${s.label}: ${counts[s.key]}`}
          className={`${s.fill} hover:opacity-80`}
          style={{ width: `${(counts[s.key] / counts.guests) * 100}%` }}
        >
          <span className="sr-only">{`${s.label}: ${counts[s.key]}`}</span>
        </Link>
      ))}
    </div>
  );
}

function CountsRow({
  kind,
  name,
  label,
  counts,
  haUnknown,
  scope,
}: {
  kind: "endpoint" | "node";
  name: ReactNode;
  label: string;
  counts: CoverageCounts;
  haUnknown: boolean;
  scope: { endpointId?: number; node?: string };
}) {
  const cell = (risk: RiskClass | "protected") =>
    counts[risk] > 0 ? (
      <Link href={vmListHref(risk, scope)} className={`${link} tabular-nums`}>
        {counts[risk]}
      </Link>
    ) : (
      <span className="tabular-nums text-zinc-600 dark:text-zinc-400">0</span>
    );
  return (
    <TableRow
      data-coverage-row={kind}
      data-name={label}
      className={kind === "endpoint" ? "bg-zinc-50 dark:bg-zinc-900/60" : undefined}
    >
      <TableCell>{name}</TableCell>
      <TableCell>
        <div className="flex items-center gap-2">
          <CoverageBar counts={counts} label={label} scope={scope} />
          <span className="tabular-nums text-xs">{counts.guests}</span>
        </div>
      </TableCell>
      <TableCell className="text-right">{cell("protected")}</TableCell>
      <TableCell className="text-right" data-risk="ha">
        {cell("ha")}
        {haUnknown ? (
          <span className="ml-1 text-xs text-amber-800 dark:text-amber-300">(HA unknown)</span>
        ) : null}
      </TableCell>
      <TableCell className="text-right" data-risk="none">
        {cell("none")}
      </TableCell>
      <TableCell className="text-right" data-risk="inactive">
        {cell("inactive")}
      </TableCell>
    </TableRow>
  );
}

function GuestList({ risk, list }: { risk: RiskClass; list: Coverage["lists"][RiskClass] }) {
  const id = `list-${risk}-heading`;
  return (
    <Card aria-labelledby={id} data-risk-list={risk}>
      <CardHeader
        id={id}
        title={
          <span className="flex items-center gap-2">
            <Badge tone={TONE[risk]}>{list.count}</Badge> {RISK_LABELS[risk]}
          </span>
        }
        actions={
          <Link href={vmListHref(risk)} className={`${link} text-sm`}>
            {list.count > list.guests.length ? `Show all ${list.count}` : "Open in the VM list"}
          </Link>
        }
      />
      <CardBody className="py-2 text-sm text-zinc-600 dark:text-zinc-400">{RISK_HINTS[risk]}</CardBody>
      {list.guests.length === 0 ? (
        <CardBody className="pt-0 text-sm">None.</CardBody>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>VMID</TableHead>
              <TableHead>Type</TableHead>
              <TableHead>Node</TableHead>
              <TableHead>Endpoint</TableHead>
              <TableHead>HA state</TableHead>
              <TableHead className="text-right">Jobs</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.guests.map((g) => (
              <GuestRow key={g.id} g={g} />
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}

function GuestRow({ g }: { g: CoverageGuest }) {
  return (
    <TableRow data-vmid={g.vmid} data-endpoint={g.endpointName}>
      <TableCell>
        <Link href={`/virtual-machines/${g.id}`} className={link}>
          {g.name ?? `VM ${g.vmid}`}
        </Link>
      </TableCell>
      <TableCell className="tabular-nums">{g.vmid}</TableCell>
      <TableCell>{VM_TYPE[g.type as keyof typeof VM_TYPE] ?? g.type}</TableCell>
      <TableCell>{g.node ?? <Dash />}</TableCell>
      <TableCell>
        <Link href={`/endpoints/${g.endpointId}`} className={link}>
          {g.endpointName}
        </Link>
      </TableCell>
      <TableCell>
        {g.haState ? (
          <span className="flex items-center gap-1" title={g.haGroup ? `HA group ${g.haGroup}` : undefined}>
            <Badge tone="blue">HA-managed</Badge> {g.haState}
          </span>
        ) : (
          <Dash />
        )}
      </TableCell>
      <TableCell className="text-right tabular-nums">
        {g.jobs > 0 ? (
          <Link href={`/virtual-machines/${g.id}/proxbox`} className={link}>
            {g.jobs}
          </Link>
        ) : (
          "0"
        )}
      </TableCell>
    </TableRow>
  );
}
