// Alerts (issue 14): the shapes shared by event production, matching, delivery, the senders and the
// surfaces (UI, REST, CLI).

/** What a rule can fire on. The first four are conditions of a job; recovered is their end. */
export const TRANSITIONS = ["error", "overdue", "stuck", "unknown", "recovered"] as const;
export type Transition = (typeof TRANSITIONS)[number];

/** A job condition an alert opens (see replication.alerts_open). */
export const CONDITIONS = ["error", "overdue", "stuck", "unknown"] as const;
export type Condition = (typeof CONDITIONS)[number];

/** One transition as a message carries it (webhook body, e-mail rows). */
export interface AlertMessageEvent {
  /** alert_event.id, as text (bigint). */
  id: string;
  transition: Transition;
  /** Proxmox's job id, e.g. "100-0". */
  replicationId: string;
  /** replication.id: the job's page is `${publicUrl}/replications/${jobId}`. */
  jobId: number;
  guest: number | null;
  vmName: string | null;
  source: string | null;
  target: string;
  endpoint: { id: number; name: string };
  /** Health before; for recovered, the conditions recovered from ("error,overdue"). */
  previous: string | null;
  /** Health after (ok, error, unknown, syncing …). */
  state: string;
  error: string | null;
  /** ISO 8601. */
  at: string;
  /** Absolute link to the job's page. */
  url: string;
}

export interface AlertMessage {
  rule: { id: number; name: string };
  /** True when the rule has a digest window (events may be many). */
  digest: boolean;
  /** True for a destination's "send test". */
  test: boolean;
  events: AlertMessageEvent[];
}

/** What a send reports; a failed send throws AlertSendError with the exact reason instead. */
export interface SendResult {
  /** HTTP status (webhook) or SMTP response code (e-mail). */
  status?: number;
  /** e.g. "HTTP 200" or "250 2.0.0 Ok: queued as …". */
  detail: string;
}

export class AlertSendError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "AlertSendError";
  }
}
