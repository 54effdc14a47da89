import { Cron } from "croner";
import { z } from "zod";
import type { SyncSchedule } from "@/generated/prisma/client";
import { type Actor, recordObjectChanges, snapshot } from "@/server/changelog/service";
import { db } from "@/server/db/client";
import { AppError, fromZodError } from "@/server/errors";

// Scheduled syncs: which endpoints (none listed = all), which kind, every N minutes or on a cron
// expression (croner). next_run_at is stored, so a schedule survives restarts, and the scheduler
// claims due rows with FOR UPDATE SKIP LOCKED, so several processes fire each run exactly once.

export const scheduleFields = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(["full", "replications"]).default("replications"),
  endpointIds: z.array(z.number().int().positive()).default([]),
  intervalMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .nullish(),
  cron: z
    .string()
    .trim()
    .refine((c) => cronError(c) === null, { message: "is not a valid cron expression" })
    .nullish(),
  enabled: z.boolean().default(true),
});

const scheduleInput = scheduleFields.refine((s) => !!s.intervalMinutes !== !!s.cron, {
  message: "give either an interval in minutes or a cron expression",
  path: ["cron"],
});
export type ScheduleInput = z.input<typeof scheduleInput>;

function cronError(expr: string): string | null {
  try {
    new Cron(expr, { paused: true });
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

export function computeNextRun(s: Pick<SyncSchedule, "intervalMinutes" | "cron">, from: Date): Date | null {
  if (s.intervalMinutes) return new Date(from.getTime() + s.intervalMinutes * 60_000);
  if (s.cron) return new Cron(s.cron, { paused: true }).nextRun(from);
  return null;
}

export async function listSchedules() {
  return db.syncSchedule.findMany({ orderBy: { name: "asc" } });
}

export async function getSchedule(idOrName: number | string) {
  const s = await db.syncSchedule.findFirst({
    where: typeof idOrName === "number" ? { id: idOrName } : { name: idOrName },
  });
  if (!s) throw new AppError("NOT_FOUND", `schedule ${idOrName} does not exist`);
  return s;
}

export async function createSchedule(actor: Actor, input: ScheduleInput) {
  const parsed = scheduleInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const v = parsed.data;
  if (await db.syncSchedule.findUnique({ where: { name: v.name } })) {
    throw new AppError("BAD_REQUEST", `a schedule named ${v.name} already exists`, {
      name: ["sync schedule with this name already exists."],
    });
  }
  return db.$transaction(async (tx) => {
    const data = { ...v, intervalMinutes: v.intervalMinutes ?? null, cron: v.cron ?? null };
    const row = await tx.syncSchedule.create({
      data: { ...data, nextRunAt: v.enabled ? computeNextRun(data, new Date()) : null },
    });
    await recordObjectChanges(
      actor,
      [
        {
          action: "create",
          objectType: "proxbox.syncschedule",
          objectId: row.id,
          objectRepr: row.name,
          pre: null,
          post: snapshot(row),
        },
      ],
      tx,
    );
    return row;
  });
}

export async function updateSchedule(actor: Actor, id: number, input: Partial<ScheduleInput>) {
  const before = await getSchedule(id);
  const merged = { ...before, ...input };
  const parsed = scheduleInput.safeParse(merged);
  if (!parsed.success) throw fromZodError(parsed.error);
  const v = parsed.data;
  return db.$transaction(async (tx) => {
    const data = { ...v, intervalMinutes: v.intervalMinutes ?? null, cron: v.cron ?? null };
    const row = await tx.syncSchedule.update({
      where: { id },
      data: {
        ...data,
        lastUpdated: new Date(),
        nextRunAt: v.enabled ? computeNextRun(data, new Date()) : null,
      },
    });
    await recordObjectChanges(
      actor,
      [
        {
          action: "update",
          objectType: "proxbox.syncschedule",
          objectId: id,
          objectRepr: row.name,
          pre: snapshot(before),
          post: snapshot(row),
        },
      ],
      tx,
    );
    return row;
  });
}

export async function deleteSchedule(actor: Actor, id: number) {
  const before = await getSchedule(id);
  await db.$transaction(async (tx) => {
    await tx.syncSchedule.delete({ where: { id } });
    await recordObjectChanges(
      actor,
      [
        {
          action: "delete",
          objectType: "proxbox.syncschedule",
          objectId: id,
          objectRepr: before.name,
          pre: snapshot(before),
          post: null,
        },
      ],
      tx,
    );
  });
}
