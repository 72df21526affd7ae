import { type Insertable, sql, type Transaction, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pageAndTotal, pageOf } from '../../db/paging.ts';
import { containsText, inScope } from '../../db/scope.ts';
import type {
  Database,
  DisputeEventsTable,
  DisputeNoticesTable,
  DisputePartiesTable,
  DisputesTable,
} from '../../db/types.ts';

type Tx = Db | Transaction<Database>;

const columns = [
  'd.id',
  'd.number',
  'd.kind_code',
  'k.name_zh as kind_zh',
  'k.name_en as kind_en',
  'd.title',
  'd.description',
  'd.grid_code',
  'a.name as grid_name',
  'd.address',
  'd.source',
  'd.source_case_id',
  'd.risk',
  'd.risk_reason',
  'd.state',
  'd.mediator_id',
  'u.display_name as mediator_name',
  'd.committee',
  'd.assigned_at',
  'd.deadline',
  'd.extension_reason',
  'd.alarm',
  'd.referred_to',
  'd.receiving_body',
  'd.agreement_terms',
  'd.outcome_note',
  'd.closed_at',
  'd.case_id',
  'd.reported_by_name',
  'd.reported_at',
  'd.version',
] as const;

function disputes(db: Tx) {
  return db
    .selectFrom('disputes as d')
    .innerJoin('dispute_kinds as k', 'k.code', 'd.kind_code')
    .innerJoin('areas as a', 'a.code', 'd.grid_code')
    .leftJoin('users as u', 'u.id', 'd.mediator_id');
}
export type DisputeRow = Awaited<ReturnType<typeof findDispute>> & {};

export interface ListFilter {
  state?: string;
  kindCode?: string;
  risk?: string;
  open?: boolean;
  overdue?: boolean;
  month?: string;
  q?: string;
}

export function listDisputes(db: Db, scope: string, f: ListFilter, page: { page: number; pageSize: number }) {
  const base = disputes(db)
    .where(inScope('d.grid_code', scope))
    .$if(f.state !== undefined, (q) => q.where('d.state', '=', f.state as never))
    .$if(f.kindCode !== undefined, (q) => q.where('d.kind_code', '=', f.kindCode!))
    .$if(f.risk !== undefined, (q) => q.where('d.risk', '=', f.risk as never))
    .$if(f.open === true, (q) => q.where('d.state', 'in', ['reported', 'mediating']))
    .$if(f.overdue === true, (q) =>
      q.where('d.state', '=', 'mediating').where('d.deadline', '<', sql<Date>`now()`),
    )
    .$if(f.month !== undefined, (q) =>
      q.where(sql<string>`to_char(d.reported_at at time zone 'Asia/Shanghai', 'YYYY-MM')`, '=', f.month!),
    )
    .$if(f.q !== undefined, (q) =>
      q.where((eb) => eb.or([containsText('d.title', f.q!), eb('d.number', '=', f.q!)])),
    );
  return pageAndTotal(
    db,
    base
      .select(columns)
      .orderBy('d.reported_at', 'desc')
      .orderBy('d.id')
      .$call((q) => pageOf(q, page)),
    base.select(sql<number>`count(*)`.as('count')),
  );
}

export function findDispute(db: Tx, id: string) {
  return disputes(db).select(columns).where('d.id', '=', id).executeTakeFirst();
}

export function lockDispute(db: Tx, id: string) {
  return db.selectFrom('disputes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function nextNumber(db: Tx, day: string) {
  const { n } = await sql<{ n: number }>`select nextval('dispute_number_seq')::int as n`
    .execute(db)
    .then((r) => r.rows[0]);
  return `JF${day.replaceAll('-', '')}${String(n).padStart(5, '0')}`;
}

export function insertDispute(db: Tx, row: Insertable<DisputesTable>) {
  return db.insertInto('disputes').values(row).returning('id').executeTakeFirstOrThrow();
}

/** Changes the dispute if it is still at `version`; undefined when someone else changed it. */
export function updateDispute(db: Tx, id: string, version: number, changes: Updateable<DisputesTable>) {
  return db
    .updateTable('disputes')
    .set({ ...changes, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['id', 'version'])
    .executeTakeFirst();
}

export function setAlarm(db: Tx, id: string, alarm: 'yellow' | 'red') {
  return db.updateTable('disputes').set({ alarm }).where('id', '=', id).execute();
}

export function insertParties(db: Tx, rows: Insertable<DisputePartiesTable>[]) {
  return db.insertInto('dispute_parties').values(rows).execute();
}
/** The parties as recorded; a registry person's numbers are the registry's (`partiesWithNumbers`). */
export function partiesOf(db: Tx, disputeId: string) {
  return db
    .selectFrom('dispute_parties as p')
    .select([
      'p.kind',
      'p.person_id',
      'p.org_id',
      'p.name',
      'p.address',
      'p.id_number_mask',
      'p.phone_mask',
      'p.id_number_enc',
      'p.phone_enc',
    ])
    .where('p.dispute_id', '=', disputeId)
    .orderBy('p.seq')
    .execute();
}

export function insertEvent(db: Tx, row: Insertable<DisputeEventsTable>) {
  return db.insertInto('dispute_events').values(row).execute();
}
export function eventsOf(db: Tx, disputeId: string) {
  return db
    .selectFrom('dispute_events')
    .select(['action', 'actor_name', 'note', 'data', 'created_at'])
    .where('dispute_id', '=', disputeId)
    .orderBy('id')
    .execute();
}

export function insertSession(
  db: Tx,
  row: {
    dispute_id: string;
    held_on: string;
    place: string;
    attendees: string;
    notes: string;
    recorded_by: string;
  },
) {
  return db.insertInto('dispute_sessions').values(row).execute();
}
export function sessionsOf(db: Tx, disputeId: string) {
  return db
    .selectFrom('dispute_sessions')
    .select(['id', 'held_on', 'place', 'attendees', 'notes'])
    .where('dispute_id', '=', disputeId)
    .orderBy('held_on')
    .orderBy('created_at')
    .execute();
}

export function insertAttachment(
  db: Tx,
  row: {
    dispute_id: string;
    file_name: string;
    content_type: string;
    size: number;
    sha256: string;
    uploaded_by: string;
  },
) {
  return db.insertInto('dispute_attachments').values(row).returning('id').executeTakeFirstOrThrow();
}
export function attachmentsOf(db: Tx, disputeId: string) {
  return db
    .selectFrom('dispute_attachments')
    .select(['id', 'file_name', 'content_type', 'size', 'sha256', 'created_at'])
    .where('dispute_id', '=', disputeId)
    .orderBy('created_at')
    .execute();
}
export function attachment(db: Tx, disputeId: string, id: string) {
  return db
    .selectFrom('dispute_attachments')
    .selectAll()
    .where('dispute_id', '=', disputeId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function insertNotices(db: Tx, rows: Insertable<DisputeNoticesTable>[]) {
  return db.insertInto('dispute_notices').values(rows).execute();
}
export function noticesIn(db: Db, scope: string) {
  return db
    .selectFrom('dispute_notices as n')
    .innerJoin('disputes as d', 'd.id', 'n.dispute_id')
    .select([
      'n.id',
      'n.dispute_id',
      'd.number',
      'n.kind',
      'n.audience',
      'n.area_code',
      'n.message',
      'n.created_at',
    ])
    .where(inScope('n.area_code', scope))
    .orderBy('n.id', 'desc')
    .limit(200)
    .execute();
}

// The kinds catalog.
export function kinds(db: Tx) {
  return db.selectFrom('dispute_kinds').selectAll().orderBy('sort').orderBy('code').execute();
}
export function findKind(db: Tx, code: string) {
  return db.selectFrom('dispute_kinds').selectAll().where('code', '=', code).executeTakeFirst();
}
export function insertKind(
  db: Tx,
  row: {
    code: string;
    name_zh: string;
    name_en: string;
    case_category: string;
    sort: number;
    active: boolean;
  },
) {
  return db
    .insertInto('dispute_kinds')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning('code')
    .executeTakeFirst();
}
export function updateKind(
  db: Tx,
  code: string,
  version: number,
  changes: { name_zh: string; name_en: string; case_category: string; sort: number; active: boolean },
) {
  return db
    .updateTable('dispute_kinds')
    .set({ ...changes, version: sql`version + 1` })
    .where('code', '=', code)
    .where('version', '=', version)
    .returning('code')
    .executeTakeFirst();
}

// Wall figures.
export async function wallCounts(db: Db, scope: string, dayStart: Date, dayEnd: Date) {
  const row = await db
    .selectFrom('disputes')
    .select([
      sql<number>`count(*) filter (where state in ('reported', 'mediating') and risk in ('high', 'major'))`.as(
        'high_open',
      ),
      sql<number>`count(*) filter (where state = 'mediating' and deadline < ${dayEnd})`.as('overdue'),
      sql<number>`count(*) filter (where reported_at >= ${dayStart} and reported_at < ${dayEnd})`.as(
        'new_today',
      ),
    ])
    .where(inScope('grid_code', scope))
    .where('reported_at', '<', dayEnd)
    .executeTakeFirstOrThrow();
  return { highOpen: Number(row.high_open), overdue: Number(row.overdue), newToday: Number(row.new_today) };
}
