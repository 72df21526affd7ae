import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
}, 120_000);
afterAll(async () => t?.close());

const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(t.db)).rows[0];

describe("the demo's residents' channel", () => {
  it('has resident accounts matched to registry people and bound to their grid', async () => {
    const row = await one(sql<{ accounts: number; bad: number; deputies: number }>`
      select count(*)::int as accounts,
        count(*) filter (where u.area_code <> p.grid_code or u.role <> 'resident' or s.grid_code <> p.grid_code)::int as bad,
        (select count(*)::int from users where role = 'deputy') as deputies
      from resident_signups s join users u on u.id = s.user_id join people p on p.id = s.person_id
      where s.state = 'done' and s.kind = 'verified'`);
    expect(row.accounts).toBeGreaterThan(50);
    expect(row.bad).toBe(0);
    expect(row.deputies).toBeGreaterThan(1);
  });

  it('has a year of questions: most answered, some overdue, some rated, followed, turned into cases', async () => {
    const row = await one(sql<Record<string, number>>`
      select count(*)::int as total,
        count(*) filter (where state = 'answered')::int as answered,
        count(*) filter (where state = 'open' and due_at < now())::int as overdue,
        count(*) filter (where rating is not null and rating_comment is not null)::int as rated,
        count(*) filter (where follower_count > 0)::int as followed,
        count(*) filter (where case_id is not null)::int as cases,
        count(*) filter (where asked_at < now() - interval '300 days')::int as old,
        count(*) filter (where answerer_kind = 'department')::int as departments
      from questions`);
    expect(row.total).toBeGreaterThan(200);
    expect(row.answered / row.total).toBeGreaterThan(0.75);
    expect(row.overdue).toBeGreaterThan(0);
    expect(row.rated).toBeGreaterThan(0);
    expect(row.followed).toBeGreaterThan(0);
    expect(row.cases).toBeGreaterThan(0);
    expect(row.old).toBeGreaterThan(0);
    expect(row.departments).toBeGreaterThan(0);
    const followers = await one(sql<{ n: number; bad: number }>`
      select count(*)::int as n,
        count(*) filter (where q.follower_count < 1 or f.user_id = q.asker_id)::int as bad
      from question_followers f join questions q on q.id = f.question_id`);
    expect(followers.n).toBeGreaterThan(0);
    expect(followers.bad).toBe(0);
    // Both links: the question keeps the case, the case's description starts with the question's number.
    const links = await one(sql<{ n: number; bad: number; events: number }>`
      select count(*)::int as n,
        count(*) filter (where c.description not like '[' || q.number || ']%')::int as bad,
        (select count(*)::int from domain_events where kind = 'questions.became_case') as events
      from questions q join cases c on c.id = q.case_id`);
    expect(links.n).toBeGreaterThan(0);
    expect(links.bad).toBe(0);
    expect(links.events).toBe(links.n);
  });

  it('gives the open questions the alarm jobs live ones have (yellow, or red when already yellow)', async () => {
    const row = await one(sql<{ running: number; jobs: number; bad: number }>`
      select count(*)::int as running, count(j.id)::int as jobs,
        count(*) filter (where j.payload->>'dueAt' is distinct from to_char(q.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
          or (j.payload->>'level') <> (case when q.alarm = 'yellow' then 'red' else 'yellow' end)
          or (q.alarm = 'yellow' and j.run_at <> q.due_at))::int as bad
      from questions q
      left join jobs j on j.kind = 'question.alarm' and j.key = q.id::text and j.done_at is null
      where q.state = 'open' and q.due_at > now()`);
    expect(row.running).toBeGreaterThan(0);
    expect(row.jobs).toBe(row.running);
    expect(row.bad).toBe(0);
  });

  it('has notices for every community with residents, with read receipts per household', async () => {
    const row = await one(sql<{ missing: number; notices: number; reads: number; households: number }>`
      select
        (select count(distinct community_code)::int from resident_signups s
          where not exists (select 1 from notices n where s.community_code = any(n.area_codes)
            or exists (select 1 from unnest(n.area_codes) a where a like s.community_code || '%'))) as missing,
        (select count(*)::int from notices) as notices,
        (select count(*)::int from notice_reads) as reads,
        (select count(distinct household_id)::int from notice_reads where household_id is not null) as households`);
    expect(row.missing).toBe(0);
    expect(row.notices).toBeGreaterThan(10);
    expect(row.reads).toBeGreaterThan(100);
    expect(row.households).toBeGreaterThan(20);
  });

  it('lets a demo resident log in and see their own questions', async () => {
    const u = await one(sql<{ username: string }>`
      select u.username from users u join questions q on q.asker_id = u.id
      where u.username like 'r0%' order by u.username limit 1`);
    const session = await t.login(u.username);
    const res = await t.as(session, { method: 'GET', url: '/api/questions/mine' });
    expect(res.statusCode, res.body).toBe(200);
  });
});
