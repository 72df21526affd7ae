import { type Insertable, sql, type Transaction, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pageAndTotal, pageOf } from '../../db/paging.ts';
import { containsText, inScope } from '../../db/scope.ts';
import type { Database, QuestionEventsTable, QuestionsTable } from '../../db/types.ts';

type Tx = Db | Transaction<Database>;
export type Trx = Transaction<Database>;
export type QuestionRow = NonNullable<Awaited<ReturnType<typeof findQuestion>>>;

/** The question with the label of whom it is put to (a deputy's name, a department's, a committee's). */
function questions(db: Tx) {
  return db
    .selectFrom('questions as q')
    .leftJoin('users as a', 'a.id', 'q.answerer_id')
    .leftJoin('departments as d', 'd.code', 'q.department_code')
    .selectAll('q')
    .select([
      sql<string>`coalesce(a.display_name, d.name_zh, q.committee_name, '')`.as('answerer_zh'),
      sql<string>`coalesce(a.display_name, d.name_en, q.committee_name, '')`.as('answerer_en'),
    ]);
}

export function findQuestion(db: Tx, id: string) {
  return questions(db).where('q.id', '=', id).executeTakeFirst();
}

export function lockQuestion(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('questions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function nextNumber(trx: Tx, year: number): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('question_numbers') as n`.execute(trx);
  return `Q${year}${String(rows[0].n).padStart(6, '0')}`;
}

export function insertQuestion(trx: Tx, values: Insertable<QuestionsTable>) {
  return trx.insertInto('questions').values(values).returning(['id', 'version']).executeTakeFirstOrThrow();
}

export function updateQuestion(trx: Tx, id: string, values: Updateable<QuestionsTable>) {
  return trx
    .updateTable('questions')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export function insertEvent(trx: Tx, values: Insertable<QuestionEventsTable>) {
  return trx.insertInto('question_events').values(values).execute();
}

export function historyOf(db: Tx, id: string) {
  return db
    .selectFrom('question_events')
    .select(['action', 'actor_name', 'note', 'at'])
    .where('question_id', '=', id)
    .orderBy('id')
    .execute();
}

export function insertPhotos(
  trx: Tx,
  rows: { question_id: string; file_name: string; content_type: string; size: number; sha256: string }[],
) {
  if (rows.length === 0) return Promise.resolve();
  return trx.insertInto('question_photos').values(rows).execute();
}

export function photosOf(db: Tx, id: string) {
  return db
    .selectFrom('question_photos')
    .selectAll()
    .where('question_id', '=', id)
    .orderBy('created_at')
    .execute();
}

export async function isFollowing(db: Tx, id: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('question_followers')
    .select('user_id')
    .where('question_id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Adds a follower; true when they were not following yet. */
export async function addFollower(trx: Tx, id: string, userId: string): Promise<boolean> {
  const added = await trx
    .insertInto('question_followers')
    .values({ question_id: id, user_id: userId })
    .onConflict((oc) => oc.doNothing())
    .returning('user_id')
    .executeTakeFirst();
  if (added)
    await trx
      .updateTable('questions')
      .set({ follower_count: sql`follower_count + 1` })
      .where('id', '=', id)
      .execute();
  return added !== undefined;
}

export async function followersOf(db: Tx, id: string): Promise<string[]> {
  const rows = await db
    .selectFrom('question_followers')
    .select('user_id')
    .where('question_id', '=', id)
    .execute();
  return rows.map((r) => r.user_id);
}

export interface ListFilter {
  scope?: string;
  askerId?: string;
  answererId?: string;
  departmentCode?: string;
  answererKind?: QuestionsTable['answerer_kind'];
  states?: readonly QuestionsTable['state'][];
  overdueAt?: Date;
  text?: string;
  publicOnly?: boolean;
}

export function listQuestions(db: Db, filter: ListFilter, page: { page: number; pageSize: number }) {
  const where = <Q extends ReturnType<typeof questions>>(query: Q): Q =>
    query
      .$if(filter.scope !== undefined, (q) => q.where(inScope('q.community_code', filter.scope!)))
      .$if(filter.askerId !== undefined, (q) => q.where('q.asker_id', '=', filter.askerId!))
      .$if(filter.answererId !== undefined, (q) => q.where('q.answerer_id', '=', filter.answererId!))
      .$if(filter.departmentCode !== undefined, (q) =>
        q.where('q.department_code', '=', filter.departmentCode!),
      )
      .$if(filter.answererKind !== undefined, (q) => q.where('q.answerer_kind', '=', filter.answererKind!))
      .$if(filter.states !== undefined, (q) => q.where('q.state', 'in', filter.states!))
      .$if(filter.overdueAt !== undefined, (q) =>
        q.where('q.state', '=', 'open').where('q.due_at', '<', filter.overdueAt!),
      )
      .$if(filter.publicOnly === true, (q) => q.where('q.is_public', '=', true))
      .$if(filter.text !== undefined, (q) => q.where(containsText('q.text', filter.text!))) as Q;
  const rows = pageOf(where(questions(db)).orderBy('q.asked_at', 'desc').orderBy('q.id'), page);
  const total = where(questions(db)).clearSelect().select(sql<number>`count(*)`.as('n'));
  return pageAndTotal(db, rows, total);
}

/** Per answerer: asked, answered, on time, average rating, overdue now (hidden and held left out). */
export function answererRecords(db: Db, filter: { communityCode?: string; now: Date }) {
  return db
    .selectFrom('questions as q')
    .leftJoin('users as a', 'a.id', 'q.answerer_id')
    .leftJoin('departments as d', 'd.code', 'q.department_code')
    .select([
      'q.answerer_kind as kind',
      sql<string>`coalesce(q.answerer_id::text, q.department_code, q.estate_id::text)`.as('id'),
      sql<string>`coalesce(min(a.display_name), min(d.name_zh), min(q.committee_name), '')`.as('name'),
      sql<number>`count(*)::int`.as('asked'),
      sql<number>`count(*) filter (where q.state = 'answered')::int`.as('answered'),
      sql<number>`count(*) filter (where q.answered_on_time)::int`.as('on_time'),
      sql<number | null>`round(avg(q.rating), 2)::float8`.as('average_rating'),
      sql<number>`count(*) filter (where q.state = 'open' and q.due_at < ${filter.now})::int`.as(
        'overdue_now',
      ),
      sql<
        string[]
      >`coalesce(array_agg(q.number order by q.due_at) filter (where q.state = 'open' and q.due_at < ${filter.now} and q.is_public), '{}')`.as(
        'overdue_numbers',
      ),
    ])
    .where('q.state', 'in', ['open', 'answered'])
    .$if(filter.communityCode !== undefined, (q) => q.where('q.community_code', '=', filter.communityCode!))
    .groupBy(['q.answerer_kind', sql`coalesce(q.answerer_id::text, q.department_code, q.estate_id::text)`])
    .orderBy('name')
    .execute();
}

/** The wall's numbers for an area: asked on a day, answered on time on that day, overdue now. */
export async function wallCounts(db: Db, scope: string, from: Date, to: Date, now: Date) {
  const row = await db
    .selectFrom('questions')
    .select([
      sql<number>`count(*) filter (where asked_at >= ${from} and asked_at < ${to})::int`.as('asked'),
      sql<number>`count(*) filter (where answered_at >= ${from} and answered_at < ${to} and answered_on_time)::int`.as(
        'on_time',
      ),
      sql<number>`count(*) filter (where state = 'open' and due_at < ${now})::int`.as('overdue'),
    ])
    .where(inScope('community_code', scope))
    .executeTakeFirstOrThrow();
  return row;
}

/**
 * Residents' ratings of answers since `since` inside the scope: per community, per answerer, and
 * the latest comments; `low` counts ratings of 1 or 2. Cases' ratings are the cases module's.
 */
export async function satisfactionOf(db: Db, scope: string, since: Date) {
  const answersByArea = db
    .selectFrom('questions as q')
    .select([
      'q.community_code as area_code',
      sql<number>`count(*)::int`.as('rated'),
      sql<number>`round(avg(q.rating)::numeric, 2)::float8`.as('average'),
      sql<number>`count(*) filter (where q.rating <= 2)::int`.as('low'),
    ])
    .where('q.rating', 'is not', null)
    .where('q.rated_at', '>=', since)
    .where(inScope('q.community_code', scope))
    .groupBy('q.community_code')
    .execute();
  const byAnswerer = questions(db)
    .clearSelect()
    .select([
      'q.answerer_kind as kind',
      sql<string>`coalesce(q.answerer_id::text, q.department_code, q.estate_id::text)`.as('id'),
      sql<string>`coalesce(a.display_name, d.name_zh, min(q.committee_name), '')`.as('name_zh'),
      sql<string>`coalesce(a.display_name, d.name_en, min(q.committee_name), '')`.as('name_en'),
      sql<number>`count(*)::int`.as('rated'),
      sql<number>`round(avg(q.rating)::numeric, 2)::float8`.as('average'),
      sql<number>`count(*) filter (where q.rating <= 2)::int`.as('low'),
    ])
    .where('q.rating', 'is not', null)
    .where('q.rated_at', '>=', since)
    .where(inScope('q.community_code', scope))
    .groupBy([
      'q.answerer_kind',
      'q.answerer_id',
      'q.department_code',
      'q.estate_id',
      'a.display_name',
      'd.name_zh',
      'd.name_en',
    ])
    .orderBy('average')
    .execute();
  const answerComments = db
    .selectFrom('questions as q')
    .select([
      sql<string>`'answer'`.as('kind'),
      'q.id as subject_id',
      'q.number',
      'q.rating',
      'q.rating_comment as comment',
      'q.answerer_name as by',
      'q.community_code as area_code',
      'q.rated_at as at',
    ])
    .where('q.rating_comment', 'is not', null)
    .where('q.rated_at', '>=', since)
    .where(inScope('q.community_code', scope))
    .orderBy('q.rated_at', 'desc')
    .limit(100)
    .execute();
  const [answers, answerers, comments] = await Promise.all([answersByArea, byAnswerer, answerComments]);
  return { answers, answerers, comments };
}

/**
 * Every answered public question of the district, oldest first, for open data: the masked text,
 * the answer, whom it was put to (a department by code; a deputy by kind only) and the community.
 * Nothing about the asker.
 */
export function answeredPublicQuestions(db: Db) {
  return db
    .selectFrom('questions')
    .select([
      'id',
      'number',
      'community_code',
      'answerer_kind',
      'department_code',
      'committee_name',
      'text',
      'asked_at',
      'answer_text',
      'answered_at',
      'answered_on_time',
      'rating',
      'follower_count',
    ])
    .where('state', '=', 'answered')
    .where('is_public', '=', true)
    .orderBy('asked_at')
    .orderBy('id')
    .execute();
}
