import type { Actor, ObjectChangeInput } from "@/server/changelog/service";
import type { Sql } from "@/server/db/sql";

// The sync's change-log writer: the same rows recordObjectChanges writes, but one INSERT … unnest
// for thousands of entries (a first sync of 10,000 jobs creates 10,000 entries).
export async function writeChangesBulk(tx: Sql, actor: Actor, changes: ObjectChangeInput[]): Promise<number> {
  if (changes.length === 0) return 0;
  // One jsonb parameter for all entries (see reconcile.ts: far cheaper than per-column arrays).
  const records = changes.map((c) => ({
    action: c.action,
    otype: c.objectType,
    oid: c.objectId,
    rtype: c.relatedObjectType ?? null,
    rid: c.relatedObjectId ?? null,
    repr: c.objectRepr.slice(0, 200),
    msg: (c.message ?? "").slice(0, 200),
    pre: c.pre,
    post: c.post,
  }));
  return tx.execute(
    `insert into object_change (time, user_id, user_name, request_id, action, changed_object_type, changed_object_id,
       related_object_type, related_object_id, object_repr, message, prechange_data, postchange_data)
     select now(), $1, $2, $3::uuid, u.action::"ChangeAction", u.otype, u.oid, u.rtype, u.rid, u.repr, u.msg,
       u.pre, u.post
     from jsonb_to_recordset($4::jsonb)
       as u(action text, otype text, oid int4, rtype text, rid int4, repr text, msg text, pre jsonb, post jsonb)`,
    actor.userId,
    actor.userName,
    actor.requestId,
    JSON.stringify(records),
  );
}
