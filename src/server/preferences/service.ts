import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db/client";

// Per-user UI preferences in User.preferences (JSON), NetBox's UserConfig shape:
// { "tables": { "<table>": { "columns": ["replication_id", "health", …] } } }.

export const tableNameSchema = z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/);
export const columnListSchema = z.array(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/)).max(100);

export interface TablePreferences {
  columns?: string[];
}

type Preferences = { tables?: Record<string, TablePreferences> };

function asPreferences(value: unknown): Preferences {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Preferences) : {};
}

export async function getTablePreferences(userId: number, table: string): Promise<TablePreferences> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { preferences: true } });
  const prefs = asPreferences(user?.preferences).tables?.[table];
  const columns = columnListSchema.safeParse(prefs?.columns);
  return columns.success ? { columns: columns.data } : {};
}

/** Saves (or, with null, resets to the table's defaults) a table's column choice. */
export async function setTableColumns(
  userId: number,
  table: string,
  columns: string[] | null,
): Promise<TablePreferences> {
  const name = tableNameSchema.parse(table);
  const list = columns === null ? null : [...new Set(columnListSchema.parse(columns))];
  // Read-modify-write under a row lock so two tabs saving different tables do not lose each other's.
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "user" WHERE id = ${userId} FOR UPDATE`;
    const user = await tx.user.findUnique({ where: { id: userId }, select: { preferences: true } });
    if (!user) return {};
    const prefs = asPreferences(user.preferences);
    const tables = { ...(prefs.tables ?? {}) };
    if (list === null) delete tables[name];
    else tables[name] = { ...(tables[name] ?? {}), columns: list };
    await tx.user.update({
      where: { id: userId },
      data: { preferences: { ...prefs, tables } as unknown as Prisma.InputJsonValue },
    });
    return list === null ? {} : { columns: list };
  });
}
