import { db } from "@/server/db/client";
import { CONDITIONS, type Condition } from "./types";

// What the product shows of alerts outside /alerts (issue 14, "seen in the product"): the jobs with an
// open alert for the overview, and one job's alert events with where each went for its detail page.
// Read-only; the engine writes replication.alerts_open, alert_event and alert_delivery.

export interface OpenAlertJob {
  id: number;
  replicationId: string;
  endpoint: { id: number; name: string };
  guest: number | null;
  vmName: string | null;
  /** The open conditions, in CONDITIONS order (error, overdue, stuck, unknown). */
  conditions: string[];
  since: Date | null;
}

export interface OpenAlerts {
  /** Every job with an open alert, not only the listed ones. */
  count: number;
  jobs: OpenAlertJob[];
}

export interface JobAlertDelivery {
  id: number;
  rule: { id: number; name: string };
  destination: { id: number; name: string };
  state: string;
}

export interface JobAlert {
  /** alert_event.id as text (bigint). */
  id: string;
  transition: string;
  previous: string | null;
  health: string;
  error: string | null;
  at: Date;
  /** The deliveries that carried this event (a digest carries several events). */
  deliveries: JobAlertDelivery[];
}

const conditionRank = (c: string) => {
  // alerts_open is text[]: anything the engine did not write sorts last instead of failing.
  const i = CONDITIONS.indexOf(c as Condition);
  return i === -1 ? CONDITIONS.length : i;
};

/** Jobs with an open alert (alerts_open not empty), open the longest first; `count` is all of them. */
export async function openAlerts(limit = 10): Promise<OpenAlerts> {
  const where = { alertsOpen: { isEmpty: false } };
  const [count, rows] = await Promise.all([
    db.replication.count({ where }),
    db.replication.findMany({
      where,
      // Open the longest first; a job the engine left without a since goes last, then by id for a stable order.
      orderBy: [{ alertsOpenSince: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      take: limit,
      select: {
        id: true,
        replicationId: true,
        guest: true,
        alertsOpen: true,
        alertsOpenSince: true,
        endpoint: { select: { id: true, name: true } },
        virtualMachine: { select: { name: true } },
      },
    }),
  ]);
  return {
    count,
    jobs: rows.map((r) => ({
      id: r.id,
      replicationId: r.replicationId,
      endpoint: r.endpoint,
      guest: r.guest,
      vmName: r.virtualMachine?.name ?? null,
      conditions: [...r.alertsOpen].sort((a, b) => conditionRank(a) - conditionRank(b)),
      since: r.alertsOpenSince,
    })),
  };
}

/** A job's alert events, newest first, each with the deliveries whose event_ids contain it. */
export async function alertsForJob(jobId: number, limit = 50): Promise<JobAlert[]> {
  const events = await db.alertEvent.findMany({
    where: { jobId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
  });
  if (events.length === 0) return [];
  const ids = events.map((e) => e.id);
  const deliveries = await db.alertDelivery.findMany({
    where: { eventIds: { hasSome: ids } },
    orderBy: { id: "asc" },
    select: {
      id: true,
      state: true,
      eventIds: true,
      rule: { select: { id: true, name: true } },
      destination: { select: { id: true, name: true } },
    },
  });
  return events.map((e) => ({
    id: e.id.toString(),
    transition: e.transition,
    previous: e.previous,
    health: e.health,
    error: e.error,
    at: e.at,
    deliveries: deliveries
      .filter((d) => d.eventIds.includes(e.id))
      .map(({ id, state, rule, destination }) => ({ id, state, rule, destination })),
  }));
}

export interface RuleLastDelivery {
  ruleId: number;
  deliveryId: number;
  state: string;
  created: Date;
  lastError: string | null;
}

/** Each rule's newest delivery (the rules table's "last delivery" column); rules never delivered are absent. */
export async function lastDeliveryPerRule(): Promise<RuleLastDelivery[]> {
  const rows = await db.$queryRaw<
    { rule_id: number; id: number; state: string; created: Date; last_error: string | null }[]
  >`SELECT DISTINCT ON (rule_id) rule_id, id, state, created, last_error
      FROM alert_delivery
     ORDER BY rule_id, created DESC, id DESC`;
  return rows.map((r) => ({
    ruleId: r.rule_id,
    deliveryId: r.id,
    state: r.state,
    created: r.created,
    lastError: r.last_error,
  }));
}
