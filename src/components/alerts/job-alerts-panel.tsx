import Link from "next/link";
import { Dash } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ExactAndRelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHeadings, TableRow } from "@/components/ui/table";
import type { JobAlert } from "@/server/alerts/views";
import { DeliveryStateBadge, TransitionBadge } from "./badges";

// The job detail's "Alerts" panel (issue 14): the alerts this job raised, newest first, and where each
// went (rule → destination: delivery state).

const link = "text-blue-700 hover:underline dark:text-blue-400";

export function JobAlertsPanel({
  alerts,
  limit,
  timeZone,
}: {
  alerts: JobAlert[];
  limit: number;
  /** The cluster's zone, as the detail's health history shows its state changes. */
  timeZone: string;
}) {
  return (
    <Card aria-labelledby="panel-alerts">
      <CardHeader
        id="panel-alerts"
        title={alerts.length >= limit ? `Alerts (newest ${limit})` : `Alerts (${alerts.length})`}
        actions={
          <Link href="/alerts" className={`${link} text-sm`}>
            Alert rules
          </Link>
        }
      />
      {alerts.length === 0 ? (
        <CardBody className="text-sm text-zinc-600 dark:text-zinc-400">
          This job has raised no alert.
        </CardBody>
      ) : (
        <Table box="scroll" data-testid="job-alerts">
          <TableHeadings headings={["Transition", "State", "Error", "When", "Delivered"]} />
          <TableBody>
            {alerts.map((a) => (
              <TableRow key={a.id} data-alert-event={a.id} data-transition={a.transition}>
                <TableCell>
                  <TransitionBadge transition={a.transition} />
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  {a.previous ?? "?"} → {a.health}
                </TableCell>
                <TableCell className="max-w-sm break-words">
                  {a.error ? <span className="text-red-700 dark:text-red-400">{a.error}</span> : <Dash />}
                </TableCell>
                <TableCell>
                  <ExactAndRelativeTime value={a.at} timeZone={timeZone} />
                </TableCell>
                <TableCell>
                  {a.deliveries.length === 0 ? (
                    <span className="text-zinc-600 dark:text-zinc-400">no rule matched (yet)</span>
                  ) : (
                    <ul className="space-y-1">
                      {a.deliveries.map((d) => (
                        <li key={d.id} data-delivery={d.id} className="flex flex-wrap items-center gap-1.5">
                          <Link href={`/alerts?rule=${d.rule.id}#deliveries`} className={link}>
                            {d.rule.name}
                          </Link>
                          <span aria-hidden="true">→</span>
                          <span>{d.destination.name}</span>
                          <DeliveryStateBadge state={d.state} />
                        </li>
                      ))}
                    </ul>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
