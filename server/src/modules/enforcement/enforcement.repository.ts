import { type Insertable, sql, type Transaction, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import type {
  Database,
  EnforcementEvidenceTable,
  EnforcementMattersTable,
  EnforcementStepsTable,
} from '../../db/types.ts';

type Tx = Db | Transaction<Database>;

export interface MatterFilter {
  areaCode: string;
  state?: string;
  caseId?: string;
  overdue?: 'step' | 'publication';
  now: Date;
}

export async function nextNumber(db: Tx, year: string): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('enforcement_matter_seq')::text as n`.execute(db);
  return `ZF${year}${rows[0].n.padStart(6, '0')}`;
}

export function insertMatter(db: Tx, values: Insertable<EnforcementMattersTable>) {
  return db.insertInto('enforcement_matters').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Many at once (the demo): one statement. */
export async function insertMatters(db: Tx, values: Insertable<EnforcementMattersTable>[]) {
  if (values.length === 0) return [];
  return db.insertInto('enforcement_matters').values(values).returning(['id', 'number']).execute();
}

export function listMatters(db: Db, f: MatterFilter, page: number, pageSize: number) {
  const base = db
    .selectFrom('enforcement_matters')
    .where(inScope('grid_code', f.areaCode))
    .$if(f.state !== undefined, (q) => q.where('state', '=', f.state!))
    .$if(f.caseId !== undefined, (q) => q.where('case_id', '=', f.caseId!))
    .$if(f.overdue === 'step', (q) => q.where('step_deadline', '<', f.now))
    .$if(f.overdue === 'publication', (q) =>
      q.where('published_at', 'is', null).where('publication_due', '<', f.now),
    );
  return Promise.all([
    base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n)),
  ]);
}

export function getMatter(db: Tx, id: string) {
  return db.selectFrom('enforcement_matters').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockMatter(db: Tx, id: string) {
  return db.selectFrom('enforcement_matters').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateMatter(db: Tx, id: string, values: Updateable<EnforcementMattersTable>) {
  return db
    .updateTable('enforcement_matters')
    .set({ ...values, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Marks an alarm without counting as an edit (no new version). */
export async function setAlarm(db: Tx, id: string, alarm: 'yellow' | 'red') {
  await db.updateTable('enforcement_matters').set({ alarm }).where('id', '=', id).execute();
}

export async function insertSteps(db: Tx, steps: Insertable<EnforcementStepsTable>[]) {
  if (steps.length > 0) await db.insertInto('enforcement_steps').values(steps).execute();
}

export function stepsOf(db: Db, matterId: string) {
  return db
    .selectFrom('enforcement_steps')
    .selectAll()
    .where('matter_id', '=', matterId)
    .orderBy('id')
    .execute();
}

export async function insertEvidence(db: Tx, rows: Omit<Insertable<EnforcementEvidenceTable>, 'seq'>[]) {
  if (rows.length === 0) return [];
  // The record index numbers items per matter in the order recorded; the matter's row lock
  // (or the demo's single statement) keeps two numbers from meeting.
  return db
    .insertInto('enforcement_evidence')
    .columns([
      'matter_id',
      'seq',
      'kind',
      'title',
      'file_name',
      'content_type',
      'size',
      'sha256',
      'note',
      'taken_at',
      'location',
      'lon',
      'lat',
      'officer_id',
      'officer_name',
      'second_officer_id',
      'second_officer_name',
    ])
    .expression(
      sql`select e.matter_id, coalesce((select max(seq) from enforcement_evidence x where x.matter_id = e.matter_id), 0)
          + row_number() over (partition by e.matter_id order by e.ord),
          e.kind, e.title, e.file_name, e.content_type, e.size, e.sha256, e.note, e.taken_at, e.location,
          e.lon, e.lat, e.officer_id, e.officer_name, e.second_officer_id, e.second_officer_name
        from jsonb_to_recordset(${JSON.stringify(rows.map((r, ord) => ({ ...r, ord })))}::jsonb) as e(
          ord int, matter_id uuid, kind text, title text, file_name text, content_type text, size int,
          sha256 text, note text, taken_at timestamptz, location text, lon float8, lat float8,
          officer_id uuid, officer_name text, second_officer_id uuid, second_officer_name text)`,
    )
    .returningAll()
    .execute();
}

export function evidenceOf(db: Db, matterId: string) {
  return db
    .selectFrom('enforcement_evidence')
    .selectAll()
    .where('matter_id', '=', matterId)
    .orderBy('seq')
    .execute();
}

export async function countEvidence(db: Tx, matterId: string): Promise<number> {
  const row = await db
    .selectFrom('enforcement_evidence')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('matter_id', '=', matterId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function publicDecisions(db: Db, page: number, pageSize: number) {
  const base = db.selectFrom('enforcement_matters').where('published_at', 'is not', null);
  return Promise.all([
    base
      .select(['public_text', 'published_at'])
      .orderBy('published_at', 'desc')
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n)),
  ]);
}

/** Every published decision's frozen public text, oldest first (open data). */
export function allPublishedDecisions(db: Db) {
  return db
    .selectFrom('enforcement_matters')
    .select(['id', 'grid_code', 'public_text', 'published_at'])
    .where('published_at', 'is not', null)
    .orderBy('published_at')
    .orderBy('id')
    .execute();
}

/** The wall's counts for an area at an instant: open, past a step's limit, publication overdue. */
export async function wallCounts(db: Db, areaCode: string, at: Date) {
  const row = await db
    .selectFrom('enforcement_matters')
    .where(inScope('grid_code', areaCode))
    .where('created_at', '<=', at)
    .select([
      sql<string>`count(*) filter (where closed_at is null or closed_at > ${at})`.as('open'),
      sql<string>`count(*) filter (where (closed_at is null or closed_at > ${at}) and step_deadline < ${at})`.as(
        'overdue',
      ),
      sql<string>`count(*) filter (where publication_due < ${at} and (published_at is null or published_at > ${at}))`.as(
        'unpublished',
      ),
    ])
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), overdue: Number(row.overdue), unpublished: Number(row.unpublished) };
}

export async function documentNumberTaken(db: Tx, documentNumber: string): Promise<boolean> {
  const row = await db
    .selectFrom('enforcement_matters')
    .select('id')
    .where('document_number', '=', documentNumber)
    .executeTakeFirst();
  return row !== undefined;
}
