import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db/client";
import { logger } from "@/server/log";

// Live progress of a run, persisted on its SyncRun row so any process (the UI polling, the CLI
// waiting, another worker's reaper) sees it: stages, percentage, counts, warnings, errors and log
// lines. Writes are throttled; a heartbeat proves the worker is alive.

export type StageState = "pending" | "running" | "succeeded" | "failed" | "skipped";

export interface StageRecord {
  name: string;
  state: StageState;
  startedAt?: string;
  finishedAt?: string;
  counts?: Record<string, number>;
  error?: string;
}

export interface LogLine {
  t: string;
  level: "info" | "warn" | "error";
  msg: string;
}

const MAX_LOG_LINES = 1000;
const HEARTBEAT_MS = 5000;

export class RunReporter {
  readonly stages: StageRecord[];
  readonly log: LogLine[] = [];
  readonly warnings: string[] = [];
  readonly errors: string[] = [];
  counts: Record<string, unknown> = {};
  private current: string | null = null;
  private within = 0; // progress inside the current stage, 0..1
  private lastFlush = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly runId: number,
    stageNames: string[],
  ) {
    this.stages = stageNames.map((name) => ({ name, state: "pending" }));
  }

  start(workerId: string): Promise<void> {
    this.timer = setInterval(() => void this.flush(true), HEARTBEAT_MS);
    this.timer.unref();
    return this.write({ state: "running", startedAt: new Date(), workerId, heartbeatAt: new Date() });
  }

  get progress(): number {
    const done = this.stages.filter((s) => s.state !== "pending" && s.state !== "running").length;
    return Math.min(100, Math.round(((done + this.within) / Math.max(1, this.stages.length)) * 100));
  }

  info(msg: string) {
    this.push("info", msg);
  }
  warn(msg: string) {
    this.warnings.push(msg);
    this.push("warn", msg);
  }
  error(msg: string) {
    this.errors.push(msg);
    this.push("error", msg);
  }

  private push(level: LogLine["level"], msg: string) {
    this.log.push({ t: new Date().toISOString(), level, msg });
    if (this.log.length > MAX_LOG_LINES) this.log.splice(0, this.log.length - MAX_LOG_LINES);
    logger[level]({ runId: this.runId, stage: this.current }, msg);
    void this.flush(false);
  }

  /** Fraction of the current stage done (e.g. nodes asked for health so far). */
  advance(fraction: number) {
    this.within = Math.max(0, Math.min(1, fraction));
    void this.flush(false);
  }

  /** Runs one stage; a thrown error marks the stage failed and is returned, not rethrown. */
  async stage<T>(
    name: string,
    fn: () => Promise<{ value: T; counts?: Record<string, number> }>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: Error }> {
    const rec = this.stages.find((s) => s.name === name);
    if (!rec) throw new Error(`unknown stage ${name}`);
    rec.state = "running";
    rec.startedAt = new Date().toISOString();
    this.current = name;
    this.within = 0;
    // Recorded without waiting (writes stay in order, see write): a stage of an unchanged sync takes
    // a few milliseconds, and waiting for two row updates around each was a tenth of it (issue 11).
    void this.flush(true);
    try {
      const { value, counts } = await fn();
      rec.state = "succeeded";
      rec.counts = counts;
      return { ok: true, value };
    } catch (err) {
      rec.state = "failed";
      rec.error = (err as Error).message;
      this.error(`${name}: ${(err as Error).message}`);
      return { ok: false, error: err as Error };
    } finally {
      rec.finishedAt = new Date().toISOString();
      this.within = 0;
      void this.flush(true);
    }
  }

  skip(name: string, why: string) {
    const rec = this.stages.find((s) => s.name === name);
    if (rec) {
      rec.state = "skipped";
      rec.error = why;
    }
    this.info(`${name}: skipped (${why})`);
  }

  async flush(force: boolean): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastFlush < 400) return;
    this.lastFlush = now;
    await this.write({ heartbeatAt: new Date() }).catch((err) =>
      logger.warn({ err }, "could not record run progress"),
    );
  }

  async finish(state: "succeeded" | "failed" | "partial", error?: string): Promise<void> {
    clearInterval(this.timer);
    await this.write({ state, error: error ?? null, finishedAt: new Date(), heartbeatAt: new Date() });
  }

  /** The last write issued: each waits for the one before, so an older snapshot never lands last. */
  private pending: Promise<unknown> = Promise.resolve();
  private closed = false;

  /**
   * Stops recording (the run is handed back to the queue at shutdown): waits for a write under way and
   * drops every later one, so this worker's progress never lands over the run's reset or a new owner's.
   */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.closed = true;
    await this.pending;
  }

  private write(extra: Prisma.SyncRunUpdateInput): Promise<void> {
    const next = this.pending.then(() => this.update(extra));
    this.pending = next.catch(() => undefined);
    return next;
  }

  private async update(extra: Prisma.SyncRunUpdateInput): Promise<void> {
    if (this.closed) return;
    await db.syncRun.update({
      where: { id: this.runId },
      data: {
        ...extra,
        stage: this.current,
        progress: extra.state && extra.state !== "running" ? 100 : this.progress,
        stages: this.stages as unknown as Prisma.InputJsonValue,
        counts: this.counts as Prisma.InputJsonValue,
        warnings: this.warnings,
        errors: this.errors,
        log: this.log as unknown as Prisma.InputJsonValue,
      },
    });
  }
}
