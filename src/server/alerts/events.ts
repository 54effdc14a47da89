import { type Sql, sqlTransaction } from "@/server/db/sql";
import { OVERDUE_SQL, STUCK_SQL } from "@/server/replications/filterset";
import { CONDITIONS } from "./types";

// Alert events: one row per transition of a job, produced by the statement that changes what the
// transition is about, so "a job went into error" and "an alert is due" commit or roll back together.
//
// Each job carries the conditions already alerted (replication.alerts_open). A condition the job is
// in now and that is not open fires once (error, unknown, overdue, stuck) and is added; the set
// empties — firing one "recovered" naming what it recovered from — only when the job is fully
// healthy again (health ok, no condition). So a job that retries (syncing) after an error, or that
// stays in error while its node is offline, raises nothing new, and a flapping fetch cannot alert twice.
// Jobs that stop being watched (disabled, removal scheduled, stale) have their open set cleared
// without an event: nothing recovered, the operator took the job out of the picture.
//
// The write is guarded by `alerts_open = <what this statement read>`: two processes evaluating the same
// job at once (the sync's health write and the scheduler) serialize on the row, and the second finds
// the set already changed and writes nothing — one event per transition, never two.

/** Which jobs to evaluate. `previous` gives each job's health before the change being written. */
export type AlertScope =
  | { jobIds: number[]; previous?: Map<number, string | null> }
  /** Every job that is, or may just have become, in a condition (the scheduler: overdue and stuck come by the clock). */
  | { candidates: true };

const ORDER = `array[${CONDITIONS.map((c) => `'${c}'`).join(",")}]`;

function evaluationSql(scope: AlertScope): { text: string; params: unknown[] } {
  const where =
    "jobIds" in scope
      ? "r.id = any($2::int4[])"
      : `(coalesce(r.alerts_open, '{}') <> '{}' or r.health in ('error', 'unknown')
          or ${OVERDUE_SQL.sql} or ${STUCK_SQL.sql})`;
  const previous =
    "jobIds" in scope && scope.previous
      ? [...scope.previous].map(([id, health]) => ({ id, previous: health }))
      : [];
  const text = `
    with prev as (
      select * from jsonb_to_recordset($1::jsonb) as p(id int4, previous text)
    ), cur as (
      select r.id, r.endpoint_id, r.health, r.error, coalesce(r.alerts_open, '{}') as old_open,
             (r.status = 'active' and not r.disable and r.remove_job is null) as watched,
             array_remove(array[
               case when r.health = 'error' then 'error' end,
               case when r.health = 'unknown' and r.health_checked_at is not null then 'unknown' end,
               case when ${OVERDUE_SQL.sql} then 'overdue' end,
               case when ${STUCK_SQL.sql} then 'stuck' end
             ], null) as conditions
        from replication r
       where ${where}
    ), nxt as (
      select c.*,
             case
               when not c.watched then '{}'::text[]
               when cardinality(c.conditions) = 0 and c.health = 'ok' then '{}'::text[]
               else array(select x from unnest(c.old_open || c.conditions) x
                           group by x order by array_position(${ORDER}, x))
             end as new_open
        from cur c
    ), written as (
      update replication r
         set alerts_open = n.new_open,
             alerts_open_since = case when n.new_open = '{}' then null
                                      else coalesce(r.alerts_open_since, now() at time zone 'utc') end
        from nxt n
       where r.id = n.id and coalesce(r.alerts_open, '{}') = n.old_open and n.new_open <> n.old_open
      returning r.id, r.endpoint_id, r.health, r.error, n.old_open, n.new_open, n.watched
    )
    insert into alert_event (job_id, endpoint_id, transition, previous, health, error, at)
    select w.id, w.endpoint_id, t.transition,
           case when t.transition = 'recovered' then array_to_string(w.old_open, ',')
                when t.transition in ('overdue', 'stuck') then w.health
                else p.previous end,
           w.health, w.error, now() at time zone 'utc'
      from written w
      left join prev p on p.id = w.id
      cross join lateral (
        select x from unnest(w.new_open) x where not (x = any(w.old_open))
        union all
        select 'recovered' where w.watched and w.new_open = '{}' and w.old_open <> '{}'
      ) t(transition)`;
  return {
    text,
    params: "jobIds" in scope ? [JSON.stringify(previous), scope.jobIds] : [JSON.stringify(previous)],
  };
}

/** Evaluates the scope's jobs inside the caller's transaction; returns how many events it wrote. */
export async function evaluateAlerts(sql: Sql, scope: AlertScope): Promise<number> {
  if ("jobIds" in scope && scope.jobIds.length === 0) return 0;
  const { text, params } = evaluationSql(scope);
  return sql.execute(text, ...params);
}

/** The scheduler's pass: conditions that arrive by the clock (overdue, stuck) and anything missed. */
export async function evaluateAlertCandidates(): Promise<number> {
  return sqlTransaction((sql) => evaluateAlerts(sql, { candidates: true }));
}
