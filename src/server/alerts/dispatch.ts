import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db/client";
import { logger } from "@/server/log";
import { replicationFilterSet } from "@/server/replications/filterset";
import { enqueueAlertDelivery } from "@/server/sync/queue";
import { ruleScopeSql } from "./rule-filter";

// Matching: alert_event is an outbox. Whoever dispatches (the sync worker right after a run, every
// process's scheduler tick) claims undispatched events with FOR UPDATE SKIP LOCKED, matches them to
// the enabled rules (transition + scope, the scope being the list's own filter language), writes the
// deliveries and marks the events dispatched, all in one transaction: an event is matched exactly once
// even with several workers, and a crash before commit leaves it to the next dispatcher.
//
// Without a digest window every event is its own delivery (one alert per transition). With one, the
// rule's events for a destination gather in the single `collecting` delivery (a partial unique index
// keeps it single under concurrency), sent when its window closes: a node going offline with 40 jobs
// is one message. Without a window, a burst larger than FLOOD_GROUP in one pass is grouped too.

const BATCH = 5000;
/**
 * More transitions than this for one rule and destination in one pass go as one message even without
 * a digest window: a rule meant for single failures must not send hundreds when a cluster goes away.
 */
export const FLOOD_GROUP = 20;

interface ClaimedEvent {
  id: bigint;
  job_id: number;
  transition: string;
}

interface ActiveRule {
  id: number;
  name: string;
  transitions: string[];
  endpointIds: number[];
  filter: string;
  digestSeconds: number;
  destinations: { destinationId: number }[];
}

/** Matches pending events to rules; returns counts. Deliveries are handed to pg-boss after commit. */
export async function dispatchAlertEvents(): Promise<{ events: number; deliveries: number }> {
  let events = 0;
  let deliveries = 0;
  for (;;) {
    const batch = await dispatchBatch();
    events += batch.events;
    deliveries += batch.enqueue.length;
    for (const d of batch.enqueue) {
      await enqueueAlertDelivery(d.id, d.dueAt).catch((err) =>
        // The scheduler's rescue (rescueDeliveries) picks it up: the delivery row is the truth.
        logger.warn({ err, delivery: d.id }, "alert delivery could not be queued now; the scheduler retries"),
      );
    }
    if (batch.events < BATCH) break;
  }
  return { events, deliveries };
}

async function dispatchBatch(): Promise<{ events: number; enqueue: { id: number; dueAt: Date }[] }> {
  return db.$transaction(
    async (tx) => {
      const claimed = await tx.$queryRaw<ClaimedEvent[]>`
        select id, job_id, transition from alert_event
         where dispatched_at is null order by id limit ${BATCH} for update skip locked`;
      if (claimed.length === 0) return { events: 0, enqueue: [] };
      const rules: ActiveRule[] = await tx.alertRule.findMany({
        where: { enabled: true },
        select: {
          id: true,
          name: true,
          transitions: true,
          endpointIds: true,
          filter: true,
          digestSeconds: true,
          destinations: { select: { destinationId: true } },
        },
        orderBy: { id: "asc" },
      });
      const enqueue: { id: number; dueAt: Date }[] = [];
      for (const rule of rules) {
        const relevant = claimed.filter((e) => rule.transitions.includes(e.transition));
        if (relevant.length === 0 || rule.destinations.length === 0) continue;
        let scope: Prisma.Sql;
        try {
          scope = await ruleScopeSql(rule, tx);
        } catch (err) {
          // Saved filters are validated; one that no longer compiles (a removed filter) must not
          // hold up the other rules.
          logger.error({ err, rule: rule.name }, "alert rule's filter no longer compiles; rule skipped");
          continue;
        }
        const jobIds = [...new Set(relevant.map((e) => e.job_id))];
        const inScope = new Set(
          (
            await tx.$queryRaw<{ id: number }[]>`
              select r.id from ${replicationFilterSet.from}
               where r.id = any(${jobIds}::int4[]) and ${scope}`
          ).map((r) => r.id),
        );
        const matched = relevant.filter((e) => inScope.has(e.job_id)).map((e) => e.id);
        if (matched.length === 0) continue;
        for (const { destinationId } of rule.destinations) {
          if (rule.digestSeconds > 0) {
            const [row] = await tx.$queryRaw<{ id: number; due_at: Date; opened: boolean }[]>`
              insert into alert_delivery (rule_id, destination_id, state, event_ids, due_at)
              values (${rule.id}, ${destinationId}, 'collecting', ${matched}::int8[],
                      (now() at time zone 'utc') + make_interval(secs => ${rule.digestSeconds}))
              on conflict (rule_id, destination_id) where state = 'collecting'
              do update set event_ids = alert_delivery.event_ids || excluded.event_ids
              returning id, due_at, (xmax = 0) as opened`;
            if (row?.opened) enqueue.push({ id: row.id, dueAt: row.due_at });
          } else if (matched.length > FLOOD_GROUP) {
            // A burst (a cluster unreachable) without a digest window: one message now, not hundreds.
            const [row] = await tx.$queryRaw<{ id: number; due_at: Date }[]>`
              insert into alert_delivery (rule_id, destination_id, state, event_ids, due_at)
              values (${rule.id}, ${destinationId}, 'queued', ${matched}::int8[], now() at time zone 'utc')
              returning id, due_at`;
            if (row) enqueue.push({ id: row.id, dueAt: row.due_at });
          } else {
            const rows = await tx.$queryRaw<{ id: number; due_at: Date }[]>`
              insert into alert_delivery (rule_id, destination_id, state, event_ids, due_at)
              select ${rule.id}, ${destinationId}, 'queued', array[e], now() at time zone 'utc'
                from unnest(${matched}::int8[]) e
              returning id, due_at`;
            for (const r of rows) enqueue.push({ id: r.id, dueAt: r.due_at });
          }
        }
      }
      await tx.$executeRaw`
        update alert_event set dispatched_at = now() at time zone 'utc'
         where id = any(${claimed.map((e) => e.id)}::int8[])`;
      return { events: claimed.length, enqueue };
    },
    { timeout: 60_000 },
  );
}

/**
 * Deliveries whose pg-boss job was never created (the process died between commit and enqueue) or
 * was lost: due for more than a minute and still waiting. Handing one over twice is harmless — the
 * delivery claims its row before sending (see delivery.ts).
 */
export async function rescueDeliveries(): Promise<number> {
  const stranded = await db.$queryRaw<{ id: number }[]>`
    select id from alert_delivery
     where state in ('queued', 'collecting')
       and due_at < (now() at time zone 'utc') - interval '1 minute'
     order by id limit 1000`;
  for (const d of stranded) await enqueueAlertDelivery(d.id, new Date());
  return stranded.length;
}
