import { type Insertable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type {
  DomainEventsTable,
  NoticeReadsTable,
  NoticesTable,
  QuestionEventsTable,
  QuestionFollowersTable,
  QuestionsTable,
  ResidentSignupsTable,
  UsersTable,
} from '../../db/types.ts';
import { jobsInsert, type NewJob } from '../../platform/jobs.ts';

export async function hasQuestions(db: Db): Promise<boolean> {
  return Boolean(await db.selectFrom('questions').select('id').limit(1).executeTakeFirst());
}

/** Grids and their communities and streets, in code order. */
export function gridsWithParents(db: Db) {
  return db
    .selectFrom('areas as g')
    .innerJoin('areas as c', 'c.code', 'g.parent_code')
    .select(['g.code', 'c.code as community_code', 'c.parent_code as street_code'])
    .where('g.level', '=', 'grid')
    .where('g.retired_at', 'is', null)
    .orderBy('g.code')
    .execute();
}

/**
 * Up to `perGrid` adults of each grid with a phone on record: the residents who signed up. Ordered by
 * what the demo generated (not by the random ids), so the same people are chosen every time.
 */
export async function signUpCandidates(db: Db, perGrid: number) {
  const { rows } = await sql<{
    id: string;
    name: string;
    grid_code: string;
    household_id: string | null;
    id_number_enc: string;
    id_number_hash: string;
    id_number_mask: string;
    phone_enc: string;
    phone_hash: string;
    phone_mask: string;
  }>`
    select id, name, grid_code, household_id, id_number_enc, id_number_hash, id_number_mask,
           phone_enc, phone_hash, phone_mask
    from (
      select p.*, row_number() over (partition by p.grid_code order by p.id_number_mask, p.name, p.birth_date) as n
      from people p
      where p.retired_at is null and p.phone_enc is not null and p.grid_code is not null
        and p.birth_date < '2006-01-01' and p.birth_date > '1940-01-01'
    ) x
    where n <= ${perGrid}
    order by grid_code, n`.execute(db);
  return rows;
}

/** Staff who answer, author notices or appear in the demo's questions. */
export function staff(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'area_code', 'department_code'])
    .where('role', 'in', ['deputy', 'dept_handler', 'area_leader', 'district_admin', 'resident'])
    .where('status', '=', 'active')
    .orderBy('username')
    .execute();
}

/** Residents' reports of the demo: the ones a question may have turned into. */
export function residentCases(db: Db, reporterId: string) {
  return db
    .selectFrom('cases')
    .select(['id', 'number', 'grid_code', 'reported_at', 'description'])
    .where('source', '=', 'resident')
    .where('reporter_id', '=', reporterId)
    .orderBy('number')
    .execute();
}

async function chunked<T>(rows: T[], size: number, insert: (part: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export interface NewResidentsData {
  users: Insertable<UsersTable>[];
  signups: Insertable<ResidentSignupsTable>[];
  questions: Insertable<QuestionsTable>[];
  events: Insertable<QuestionEventsTable>[];
  followers: Insertable<QuestionFollowersTable>[];
  notices: Insertable<NoticesTable>[];
  reads: Insertable<NoticeReadsTable>[];
  domainEvents: Insertable<DomainEventsTable>[];
  /** Cases a question became: their description starts with the question's number. */
  caseLinks: { caseId: string; questionNumber: string }[];
  /** The open questions' alarm jobs, as a live question's. */
  jobs: NewJob[];
}

/** Everything in one transaction, as multi-row inserts. */
export async function insertResidentsData(db: Db, rows: NewResidentsData) {
  await db.transaction().execute(async (trx) => {
    await chunked(rows.users, 1000, (part) =>
      trx
        .insertInto('users')
        .values(part)
        .onConflict((oc) => oc.column('username').doNothing())
        .execute(),
    );
    await chunked(rows.signups, 1000, (part) => trx.insertInto('resident_signups').values(part).execute());
    await chunked(rows.questions, 800, (part) => trx.insertInto('questions').values(part).execute());
    await chunked(rows.events, 2000, (part) => trx.insertInto('question_events').values(part).execute());
    await chunked(rows.followers, 3000, (part) =>
      trx.insertInto('question_followers').values(part).execute(),
    );
    await chunked(rows.notices, 1000, (part) => trx.insertInto('notices').values(part).execute());
    await chunked(rows.reads, 3000, (part) => trx.insertInto('notice_reads').values(part).execute());
    await chunked(rows.domainEvents, 1000, (part) => trx.insertInto('domain_events').values(part).execute());
    await chunked(rows.jobs, 2000, (part) => jobsInsert(part).execute(trx));
    if (rows.caseLinks.length > 0)
      await sql`
        update cases c set description = '[' || v.number || '] ' || c.description
        from unnest(${rows.caseLinks.map((l) => l.caseId)}::uuid[], ${rows.caseLinks.map((l) => l.questionNumber)}::text[])
          as v(id, number)
        where c.id = v.id`.execute(trx);
    await sql`select setval('question_numbers', ${rows.questions.length + 1})`.execute(trx);
  });
}
