import { type SqlBool, sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AuditLogTable } from '../db/types.ts';

/** The row without the chain columns: what the chain hashes. */
export interface AuditValues {
  at: Date;
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown>;
  result: AuditLogTable['result'];
}

/**
 * Appends one entry after the last one, inside `trx`. The transaction-scoped advisory lock makes
 * appends one at a time, so two writers cannot both link to the same predecessor and fork the
 * chain; it is held until `trx` commits, which is why callers append last in their transaction.
 * The hash is made by PostgreSQL in the INSERT itself (sha256 of the previous hash and the entry's
 * canonical JSON, computed by the caller), so the lock is held for two statements.
 */
export async function appendEntry(trx: Db, values: AuditValues, canonical: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('civicgrid.audit_log'))`.execute(trx);
  // A statement of its own, after the lock: its snapshot sees the entry committed just before.
  await sql`
    insert into audit_log
      (at, actor_id, actor_name, role, ip, action, target_type, target_id, detail, result, prev_hash, hash)
    select ${values.at}::timestamptz, ${values.actorId}::uuid, ${values.actorName}, ${values.role},
      ${values.ip}, ${values.action}, ${values.targetType}, ${values.targetId},
      ${JSON.stringify(values.detail)}::jsonb, ${values.result}, last.hash,
      encode(sha256(convert_to(coalesce(last.hash, '') || ${canonical}, 'UTF8')), 'hex')
    from (select (select hash from audit_log order by id desc limit 1) as hash) as last
  `.execute(trx);
}

/** Entries after `afterId` in chain order, for verification. */
export function entriesAfter(db: Db, afterId: string, limit: number) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  targetId?: string;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchEntries(db: Db, filter: AuditFilter, page: { page: number; pageSize: number }) {
  const query = db
    .selectFrom('audit_log')
    .$if(Boolean(filter.actor), (q) =>
      q.where(sql<SqlBool>`actor_name ilike ${`%${escapeLike(filter.actor!)}%`}`),
    )
    // "registry" finds registry.create, registry.update, …; "registry.create" only that.
    .$if(Boolean(filter.action), (q) =>
      q.where((eb) =>
        eb.or([eb('action', '=', filter.action!), eb('action', 'like', `${escapeLike(filter.action!)}.%`)]),
      ),
    )
    .$if(Boolean(filter.from), (q) => q.where('at', '>=', new Date(filter.from!)))
    .$if(Boolean(filter.to), (q) => q.where('at', '<', new Date(filter.to!)))
    .$if(Boolean(filter.targetId), (q) => q.where('target_id', '=', filter.targetId!));
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
