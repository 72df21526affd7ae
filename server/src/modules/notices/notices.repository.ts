import { type Insertable, sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import type { Database, NoticesTable } from '../../db/types.ts';

type Tx = Db | Transaction<Database>;

export function insertNotice(db: Tx, values: Insertable<NoticesTable>) {
  return db.insertInto('notices').values(values).returning('id').executeTakeFirstOrThrow();
}

export function insertAttachments(
  db: Tx,
  rows: { notice_id: string; file_name: string; content_type: string; size: number; sha256: string }[],
) {
  if (rows.length === 0) return Promise.resolve();
  return db.insertInto('notice_attachments').values(rows).execute();
}

export function attachmentsOf(db: Tx, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('notice_attachments').selectAll().where('notice_id', 'in', ids).execute();
}

export function findNotice(db: Tx, id: string) {
  return db
    .selectFrom('notices')
    .selectAll()
    .where('id', '=', id)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

const current = (now: Date) => sql<boolean>`(notices.expires_at is null or notices.expires_at > ${now})`;

/** Notices addressed to an area containing `areas` (the resident's area and those above it). */
export function noticesFor(db: Tx, areas: string[], now: Date, publicOnly = false) {
  return db
    .selectFrom('notices')
    .selectAll()
    .where('retired_at', 'is', null)
    .where(current(now))
    .where(sql<boolean>`area_codes && ${sql.val(areas)}::text[]`)
    .$if(publicOnly, (q) => q.where('is_public', '=', true))
    .orderBy('pinned', 'desc')
    .orderBy('published_at', 'desc')
    .limit(200)
    .execute();
}

/** Notices any target of which is inside `scope`, or contains it. */
export function noticesTouching(db: Tx, scope: string, above: string[], now: Date, includeExpired: boolean) {
  return db
    .selectFrom('notices')
    .selectAll()
    .where('retired_at', 'is', null)
    .$if(!includeExpired, (q) => q.where(current(now)))
    .where((eb) =>
      eb.or([
        sql<boolean>`area_codes && ${sql.val(above)}::text[]`,
        sql<boolean>`exists (select 1 from unnest(notices.area_codes) as t(code) where ${inScope('t.code', scope)})`,
      ]),
    )
    .orderBy('pinned', 'desc')
    .orderBy('published_at', 'desc')
    .limit(500)
    .execute();
}

export async function readBy(db: Tx, noticeIds: string[], userId: string): Promise<Set<string>> {
  if (noticeIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('notice_reads')
    .select('notice_id')
    .where('notice_id', 'in', noticeIds)
    .where('user_id', '=', userId)
    .execute();
  return new Set(rows.map((r) => r.notice_id));
}

export async function readHouseholdCounts(db: Tx, noticeIds: string[]): Promise<Map<string, number>> {
  if (noticeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('notice_reads')
    .select(['notice_id', sql<number>`count(distinct household_id)::int`.as('n')])
    .where('notice_id', 'in', noticeIds)
    .groupBy('notice_id')
    .execute();
  return new Map(rows.map((r) => [r.notice_id, r.n]));
}

export function insertRead(
  db: Tx,
  values: { notice_id: string; user_id: string; household_id: string | null },
) {
  return db
    .insertInto('notice_reads')
    .values(values)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Households in which someone has read the notice. */
export async function readingHouseholds(db: Tx, noticeId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('notice_reads')
    .select('household_id')
    .distinct()
    .where('notice_id', '=', noticeId)
    .where('household_id', 'is not', null)
    .execute();
  return rows.map((r) => r.household_id!);
}

/**
 * Every public notice ever published and not withdrawn, expired ones included (the record of
 * what was announced), newest first: what open data publishes. Never the author.
 */
export function publishedPublicNotices(db: Db) {
  return db
    .selectFrom('notices')
    .select(['id', 'title', 'body', 'area_codes', 'important', 'published_at', 'expires_at'])
    .where('retired_at', 'is', null)
    .where('is_public', '=', true)
    .orderBy('published_at', 'desc')
    .orderBy('id')
    .execute();
}
