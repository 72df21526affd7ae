import { type Selectable, type SqlBool, sql } from 'kysely';
import { unnestInsert } from '../db/bulk.ts';
import type { Db } from '../db/database.ts';
import { pageAndTotal, pageOf } from '../db/paging.ts';
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

export type AuditRow = Selectable<AuditLogTable>;

/** The statement appending entries, not yet sealed: no lock, so writers never wait for each other. */
export function entriesInsert(entries: AuditValues[]) {
  return unnestInsert(
    'audit_log',
    {
      at: 'timestamptz',
      actor_id: 'uuid',
      actor_name: 'text',
      role: 'text',
      ip: 'text',
      action: 'text',
      target_type: 'text',
      target_id: 'text',
      detail: 'jsonb',
      result: 'text',
    },
    entries.map((v) => ({
      at: v.at,
      actor_id: v.actorId,
      actor_name: v.actorName,
      role: v.role,
      ip: v.ip,
      action: v.action,
      target_type: v.targetType,
      target_id: v.targetId,
      detail: JSON.stringify(v.detail),
      result: v.result,
    })),
  );
}

/** The sealer's lock, for the transaction: false when another sealer holds it. */
export async function takeSealLock(trx: Db): Promise<boolean> {
  const { rows } = await sql<{ taken: boolean }>`
    select pg_try_advisory_xact_lock(hashtext('civicgrid.audit_seal')) as taken`.execute(trx);
  return rows[0]!.taken;
}

/** Entries committed and not sealed yet, in the order they were appended. */
export function unsealedEntries(trx: Db, limit: number) {
  return trx
    .selectFrom('audit_log')
    .selectAll()
    .where('seal', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export function lastSealed(trx: Db) {
  return trx
    .selectFrom('audit_log')
    .select(['seal', 'hash'])
    .where('seal', 'is not', null)
    .orderBy('seal', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function sealEntries(
  trx: Db,
  links: { id: string; seal: number; prevHash: string | null; hash: string }[],
): Promise<void> {
  await sql`
    update audit_log as a set seal = l.seal, prev_hash = l.prev_hash, hash = l.hash
    from unnest(${links.map((l) => l.id)}::bigint[], ${links.map((l) => l.seal)}::bigint[],
                ${links.map((l) => l.prevHash)}::text[], ${links.map((l) => l.hash)}::text[])
      as l (id, seal, prev_hash, hash)
    where a.id = l.id`.execute(trx);
}

export async function countUnsealed(db: Db): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('seal', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sealed entries after `afterSeal` in chain order, for verification. */
export function entriesAfter(db: Db, afterSeal: number, limit: number) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('seal', '>', afterSeal)
    .orderBy('seal')
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
  return pageAndTotal(
    db,
    query
      .selectAll()
      .orderBy('id', 'desc')
      .$call((q) => pageOf(q, page)),
    query.select((eb) => eb.fn.countAll<string>().as('n')),
  );
}
