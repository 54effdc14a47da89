// The recovery-point flags of one stored job at `now`, read from the instants the sync stored
// (replication.overdue_at / stuck_at, see src/lib/recovery-point.ts): the same rule as the list filters
// `overdue` and `stuck` (src/server/replications/filterset.ts OVERDUE_SQL / STUCK_SQL), so a row
// shown as overdue is one `?overdue=true` returns.

export interface RecoveryPointFields {
  lastSync: Date | null;
  disable: boolean;
  removeJob: string | null;
  status: string;
  overdueAt: Date | null;
  stuckAt: Date | null;
}

export interface RecoveryPointStatus {
  /** now − last successful sync in whole seconds (never negative); null when the job never synced. */
  recoveryPointAge: number | null;
  overdue: boolean;
  stuck: boolean;
}

export function recoveryPointStatus(r: RecoveryPointFields, now: Date): RecoveryPointStatus {
  const nowMs = now.getTime();
  return {
    recoveryPointAge: r.lastSync ? Math.max(0, Math.floor((nowMs - r.lastSync.getTime()) / 1000)) : null,
    // Disabled, scheduled for removal or stale: nothing is expected, whatever overdue_at still says
    // until the next sync recomputes it.
    overdue:
      r.overdueAt !== null &&
      r.overdueAt.getTime() < nowMs &&
      !r.disable &&
      r.removeJob === null &&
      r.status === "active",
    stuck: r.stuckAt !== null && r.stuckAt.getTime() < nowMs,
  };
}
