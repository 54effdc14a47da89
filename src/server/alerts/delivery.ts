import { db } from "@/server/db/client";
import { logger } from "@/server/log";
import { publicAppOrigin, sendAlert } from "./senders";
import { type AlertMessage, type AlertMessageEvent, AlertSendError, type Transition } from "./types";

// Sending one delivery: a pg-boss job on the alert queue. The job first claims the row (→ sending),
// so a job handed over twice sends once; each attempt is appended to the row's attempt log; a failure
// is rethrown for pg-boss to retry with backoff, and the last failure leaves the delivery `failed` with
// its reason. The rule and destination are read at send time: a destination's corrected URL or secret
// applies to the retries still to come.

interface AttemptEntry {
  at: string;
  ok: boolean;
  status?: number;
  detail?: string;
  error?: string;
  ms: number;
}

interface EventRow {
  id: bigint;
  transition: string;
  previous: string | null;
  health: string;
  error: string | null;
  at: Date;
  job_id: number;
  replication_id: string;
  guest: number | null;
  vm_name: string | null;
  source: string | null;
  target: string;
  endpoint_id: number;
  endpoint_name: string;
}

/** The message a delivery carries, built from its events as they are now (a deleted job's events drop out). */
export async function buildMessage(delivery: {
  eventIds: bigint[];
  rule: { id: number; name: string; digestSeconds: number };
}): Promise<AlertMessage> {
  const rows = await db.$queryRaw<EventRow[]>`
    select e.id, e.transition, e.previous, e.health, e.error, e.at, r.id as job_id, r.replication_id,
           r.guest, vm.name as vm_name, r.source, r.target, p.id as endpoint_id, p.name as endpoint_name
      from alert_event e
      join replication r on r.id = e.job_id
      join proxmox_endpoint p on p.id = r.endpoint_id
      left join virtual_machine vm on vm.id = r.virtual_machine_id
     where e.id = any(${delivery.eventIds}::int8[])
     order by e.id`;
  const origin = publicAppOrigin();
  const events: AlertMessageEvent[] = rows.map((r) => ({
    id: String(r.id),
    transition: r.transition as Transition,
    replicationId: r.replication_id,
    jobId: r.job_id,
    guest: r.guest,
    vmName: r.vm_name,
    source: r.source,
    target: r.target,
    endpoint: { id: r.endpoint_id, name: r.endpoint_name },
    previous: r.previous,
    // Overdue and stuck come by the clock, not by a change of health: the state they report is theirs.
    state: r.transition === "overdue" || r.transition === "stuck" ? r.transition : r.health,
    error: r.error,
    at: r.at.toISOString(),
    url: `${origin}/replications/${r.job_id}`,
  }));
  return {
    rule: { id: delivery.rule.id, name: delivery.rule.name },
    // A digest window, or a burst grouped by the dispatcher (FLOOD_GROUP).
    digest: delivery.rule.digestSeconds > 0 || events.length > 1,
    test: false,
    events,
  };
}

/**
 * A webhook send has one deadline; an SMTP send is bounded per step (connect, greeting, each silence),
 * so a server answering slowly forever could hold a worker slot: this caps the whole send.
 */
async function withDeadline<T>(send: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AlertSendError(`the send did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([send, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export async function deliverAlert(
  deliveryId: number,
  attempt: { retryCount: number; retryLimit: number },
): Promise<void> {
  // `sending` too: the alert queue is "stately", so pg-boss never runs two jobs of one delivery at
  // once; a row still `sending` when its job runs again was left by a worker that died mid-send
  // (pg-boss expired and retried its job), and is ours to finish.
  const claimed = await db.alertDelivery.updateMany({
    where: { id: deliveryId, state: { in: ["queued", "collecting", "retrying", "sending"] } },
    data: { state: "sending", attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return; // sent, failed, being sent, or deleted with its rule/destination
  const delivery = await db.alertDelivery.findUniqueOrThrow({
    where: { id: deliveryId },
    include: { rule: true, destination: true },
  });
  const started = Date.now();
  const entry = (e: Omit<AttemptEntry, "at" | "ms">): AttemptEntry => ({
    at: new Date(started).toISOString(),
    ms: Date.now() - started,
    ...e,
  });
  const log = (delivery.attemptLog as unknown as AttemptEntry[]) ?? [];
  try {
    const message = await buildMessage(delivery);
    if (message.events.length === 0) {
      await db.alertDelivery.update({
        where: { id: deliveryId },
        data: {
          state: "sent",
          sentAt: new Date(),
          attemptLog: [
            ...log,
            entry({ ok: true, detail: "nothing left to send (the jobs were deleted)" }),
          ] as never,
        },
      });
      return;
    }
    const result = await withDeadline(
      sendAlert(delivery.destination, message, { deliveryId }),
      3 * delivery.destination.timeoutMs,
    );
    await db.alertDelivery.update({
      where: { id: deliveryId },
      data: {
        state: "sent",
        sentAt: new Date(),
        lastError: null,
        attemptLog: [...log, entry({ ok: true, status: result.status, detail: result.detail })] as never,
      },
    });
  } catch (err) {
    const reason = (err as Error).message;
    const last = attempt.retryCount >= attempt.retryLimit;
    await db.alertDelivery.update({
      where: { id: deliveryId },
      data: {
        state: last ? "failed" : "retrying",
        lastError: reason,
        attemptLog: [
          ...log,
          entry({ ok: false, status: (err as { status?: number }).status, error: reason }),
        ] as never,
      },
    });
    logger.warn(
      { delivery: deliveryId, rule: delivery.rule.name, destination: delivery.destination.name, reason },
      last ? "alert delivery failed; no retries left" : "alert delivery failed; pg-boss retries it",
    );
    if (!last) throw err;
  }
}
