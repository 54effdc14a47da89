import type { Actor, ObjectChangeInput } from "@/server/changelog/service";
import type { Sql } from "@/server/db/sql";

// The sync's change-log writer: the same rows recordObjectChanges writes, but one INSERT … unnest
// for thousands of entries (a first sync of 10,000 jobs creates 10,000 entries).
export async function writeChangesBulk(tx: Sql, actor: Actor, changes: ObjectChangeInput[]): Promise<number> {
  if (changes.length === 0) return 0;
  return tx.execute(
    `insert into object_change (time, user_id, user_name, request_id, action, changed_object_type, changed_object_id,
       related_object_type, related_object_id, object_repr, message, prechange_data, postchange_data)
     select now(), $1, $2, $3::uuid, u.action::"ChangeAction", u.otype, u.oid, u.rtype, u.rid, u.repr, u.msg,
       u.pre::jsonb, u.post::jsonb
     from unnest($4::text[], $5::text[], $6::int4[], $7::text[], $8::int4[], $9::text[], $10::text[], $11::text[], $12::text[])
       as u(action, otype, oid, rtype, rid, repr, msg, pre, post)`,
    actor.userId,
    actor.userName,
    actor.requestId,
    changes.map((c) => c.action),
    changes.map((c) => c.objectType),
    changes.map((c) => c.objectId),
    changes.map((c) => c.relatedObjectType ?? null),
    changes.map((c) => c.relatedObjectId ?? null),
    changes.map((c) => c.objectRepr.slice(0, 200)),
    changes.map((c) => (c.message ?? "").slice(0, 200)),
    changes.map((c) => (c.pre ? JSON.stringify(c.pre) : null)),
    changes.map((c) => (c.post ? JSON.stringify(c.post) : null)),
  );
}
