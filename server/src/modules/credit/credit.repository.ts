import { type Insertable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import type { CreditEntriesTable } from '../../db/types.ts';

/**
 * Credit entries and repairs: the credit module's own tables. Organizations are read through the
 * registry's public face (`orgFacts`, `orgsByCreditCodes`), cases through the cases module's.
 */

export type NewEntry = Insertable<CreditEntriesTable>;

/** Adds entries; one already recorded from the same source is left as it is. */
export function insertEntries(db: Db, entries: NewEntry[]) {
  if (entries.length === 0) return Promise.resolve([]);
  return db
    .insertInto('credit_entries')
    .values(entries)
    .onConflict((oc) => oc.column('source_ref').doNothing())
    .returning('id')
    .execute();
}

export function insertEntriesReturningRefs(db: Db, entries: NewEntry[]) {
  if (entries.length === 0) return Promise.resolve([]);
  return db
    .insertInto('credit_entries')
    .values(entries)
    .onConflict((oc) => oc.column('source_ref').doNothing())
    .returning(['id', 'source_ref'])
    .execute();
}

export function entry(db: Db, id: string) {
  return db.selectFrom('credit_entries').selectAll().where('id', '=', id).executeTakeFirst();
}
export type EntryRow = NonNullable<Awaited<ReturnType<typeof entry>>>;

/** The condition for an entry's state on `today`. */
function stateIs(state: string, today: string) {
  switch (state) {
    case 'repaired':
      return sql<boolean>`repaired_at is not null`;
    case 'expired':
      return sql<boolean>`repaired_at is null and publish_until < ${today}::date`;
    case 'public':
      return sql<boolean>`repaired_at is null and publish_until >= ${today}::date and visibility = 'public'`;
    default:
      return sql<boolean>`repaired_at is null and publish_until >= ${today}::date and visibility = 'restricted'`;
  }
}

export async function entries(
  db: Db,
  filter: { areaCode: string; q?: string; state?: string; today: string; limit: number; offset: number },
) {
  const base = db
    .selectFrom('credit_entries')
    .where(inScope('area_code', filter.areaCode))
    .$if(Boolean(filter.q), (q) =>
      q.where((eb) =>
        eb.or([
          eb('org_name', 'like', `%${filter.q}%`),
          eb('credit_code', '=', filter.q!),
          eb('title', 'like', `%${filter.q}%`),
          eb('document_number', 'like', `%${filter.q}%`),
        ]),
      ),
    )
    .$if(Boolean(filter.state), (q) => q.where(stateIs(filter.state!, filter.today)));
  const [items, total] = await Promise.all([
    base
      .selectAll()
      .orderBy('decided_on', 'desc')
      .orderBy('id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

export function allEntries(db: Db, areaCode: string) {
  return db
    .selectFrom('credit_entries')
    .selectAll()
    .where(inScope('area_code', areaCode))
    .orderBy('decided_on', 'desc')
    .orderBy('id')
    .execute();
}

/** Entries anyone may see, of organizations matching a credit code or a name. */
export function publicEntries(db: Db, q: string, today: string) {
  return db
    .selectFrom('credit_entries')
    .selectAll()
    .where((eb) =>
      eb.or([eb('credit_code', '=', q), eb('org_name', 'like', `%${q.replace(/[\\%_]/g, '\\$&')}%`)]),
    )
    .where(stateIs('public', today))
    .orderBy('org_name')
    .orderBy('decided_on', 'desc')
    .limit(500)
    .execute();
}

export function entriesOfOrg(db: Db, orgId: string) {
  return db
    .selectFrom('credit_entries')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('decided_on', 'desc')
    .execute();
}

export function markRepaired(db: Db, id: string, at: Date) {
  return db.updateTable('credit_entries').set({ repaired_at: at }).where('id', '=', id).execute();
}

// ---- repairs ----

const repairColumns = [
  'r.id',
  'r.entry_id',
  'e.org_name',
  'e.title as entry_title',
  'e.area_code',
  'e.org_id',
  'r.state',
  'r.applicant',
  'r.reason',
  'r.evidence',
  'u.display_name as decided_by_name',
  'r.decided_at',
  'r.decision_reason',
  'r.version',
  'r.created_at',
] as const;

function selectRepairs(db: Db) {
  return db
    .selectFrom('credit_repairs as r')
    .innerJoin('credit_entries as e', 'e.id', 'r.entry_id')
    .leftJoin('users as u', 'u.id', 'r.decided_by')
    .select(repairColumns);
}

export function repair(db: Db, id: string) {
  return selectRepairs(db).where('r.id', '=', id).executeTakeFirst();
}
export type RepairRow = NonNullable<Awaited<ReturnType<typeof repair>>>;

export function repairs(
  db: Db,
  filter: { areaCode?: string; entryId?: string; orgId?: string; state?: string },
) {
  return selectRepairs(db)
    .$if(filter.areaCode !== undefined, (q) => q.where(inScope('e.area_code', filter.areaCode!)))
    .$if(filter.entryId !== undefined, (q) => q.where('r.entry_id', '=', filter.entryId!))
    .$if(filter.orgId !== undefined, (q) => q.where('e.org_id', '=', filter.orgId!))
    .$if(filter.state !== undefined, (q) => q.where('r.state', '=', filter.state as 'pending'))
    .orderBy('r.created_at', 'desc')
    .limit(500)
    .execute();
}

export function insertRepair(
  db: Db,
  values: { entry_id: string; applicant: string; reason: string; evidence: { name: string; note: string }[] },
) {
  return db
    .insertInto('credit_repairs')
    .values({ ...values, evidence: JSON.stringify(values.evidence) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function decideRepair(
  db: Db,
  id: string,
  version: number,
  values: { state: 'approved' | 'refused'; decided_by: string; decided_at: Date; decision_reason: string },
) {
  return db
    .updateTable('credit_repairs')
    .set({ ...values, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('state', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
}

// ---- reading domain events ----

export async function cursor(db: Db, reader: string) {
  const row = await db
    .selectFrom('credit_cursor')
    .select('last_id')
    .where('reader', '=', reader)
    .executeTakeFirst();
  return row?.last_id ?? 0;
}

export function moveCursor(db: Db, reader: string, lastId: number) {
  return db
    .insertInto('credit_cursor')
    .values({ reader, last_id: lastId })
    .onConflict((oc) => oc.column('reader').doUpdateSet({ last_id: lastId }))
    .execute();
}

/** Many repairs in one statement (the demo district). */
export function insertRepairs(
  db: Db,
  rows: {
    entry_id: string;
    state: 'pending' | 'approved' | 'refused';
    applicant: string;
    reason: string;
    evidence: string;
    decided_at: Date | null;
    decision_reason: string | null;
    created_at: Date;
  }[],
) {
  return rows.length ? db.insertInto('credit_repairs').values(rows).execute() : null;
}

/** Entries whose repair was approved leave the public view at the decision's time. */
export function markApprovedRepaired(db: Db) {
  return sql`update credit_entries e set repaired_at = r.decided_at from credit_repairs r
    where r.entry_id = e.id and r.state = 'approved' and e.repaired_at is null`.execute(db);
}

/** Which of these source references are already recorded. */
export async function existingRefs(db: Db, refs: string[]): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const rows = await db
    .selectFrom('credit_entries')
    .select('source_ref')
    .where('source_ref', 'in', refs)
    .execute();
  return new Set(rows.map((r) => r.source_ref));
}

/** Per organization, the day of its newest entry recorded by the case-outcome rule. */
export async function lastRuleEntryDays(db: Db, orgIds: string[], prefix: string) {
  if (orgIds.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('credit_entries')
    .select(['org_id', (eb) => eb.fn.max('decided_on').as('day')])
    .where('org_id', 'in', orgIds)
    .where('source_ref', 'like', `${prefix}%`)
    .groupBy('org_id')
    .execute();
  return new Map(rows.map((r) => [r.org_id!, r.day as string]));
}
