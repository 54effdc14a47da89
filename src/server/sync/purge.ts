import { randomUUID } from "node:crypto";
import { sqlTransaction } from "@/server/db/sql";
import { writeChangesBulk } from "./change-log";

// The only way stale replications are ever deleted: an explicit policy, off by default
// (PROXBOX_STALE_PURGE_DAYS=0). Each purge is change-logged like any delete.
export async function purgeStaleReplications(olderThanDays: number, now = new Date()): Promise<number> {
  if (!(olderThanDays > 0)) return 0;
  const cutoff = new Date(now.getTime() - olderThanDays * 86_400_000);
  return sqlTransaction(async (sql) => {
    const gone = await sql.query<{
      id: number;
      replication_id: string;
      endpoint_id: number;
      stale_since: Date;
    }>(
      "delete from replication where status = 'stale' and stale_since < $1 returning id, replication_id, endpoint_id, stale_since",
      cutoff,
    );
    await writeChangesBulk(
      sql,
      { userId: null, userName: "sync", requestId: randomUUID() },
      gone.map((r) => ({
        action: "delete" as const,
        objectType: "proxbox.replication",
        objectId: r.id,
        objectRepr: r.replication_id,
        pre: {
          id: r.id,
          endpoint: r.endpoint_id,
          replication_id: r.replication_id,
          status: "stale",
          stale_since: r.stale_since.toISOString(),
        },
        post: null,
        message: `stale for more than ${olderThanDays} days (PROXBOX_STALE_PURGE_DAYS)`,
      })),
    );
    return gone.length;
  });
}
