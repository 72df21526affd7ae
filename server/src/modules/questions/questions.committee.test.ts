import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * Questions to a homeowners' committee about a line of its accounts: an owner of the estate asks,
 * community staff whose area holds the estate answer in the committee's name.
 */
const COMMUNITY = '440305001001';
const OTHER = '440305001002';
let t: TestApp;
let owner: Session;
let stranger: Session;
let leader: Session;
let otherLeader: Session;
let deputy: Session;
/** Two estates of the community with committees: the owner owns a house in A only. */
let estateA: string;
let estateB: string;
let committeeA: string;
/** A line of a published statement of A, one of B, and one of a draft of A. */
let lineA: { statementId: string; lineId: string; category: string; amount: number; period: string };
let lineB: { statementId: string; lineId: string };
let draftLine: { statementId: string; lineId: string };

async function signUp(personId: string, grid: string) {
  const user = await buildUser(t.db, 'resident', grid);
  await t.db
    .insertInto('resident_signups')
    .values({
      kind: 'verified',
      person_id: personId,
      name: '业主',
      id_number_enc: 'x',
      id_number_hash: 'x',
      id_number_mask: 'x',
      phone_enc: 'x',
      phone_hash: 'x',
      phone_mask: 'x',
      community_code: grid.slice(0, 12),
      grid_code: grid,
      username: user.username,
      password_hash: 'x',
      state: 'done',
      user_id: user.id,
    })
    .execute();
  return t.login(user.username);
}

/** A line of the estate's newest published statement (as the owner's app reads it). */
async function publishedLine(estateId: string) {
  const s = await t.db
    .selectFrom('disclosure_statements')
    .select(['id', 'period'])
    .where('estate_id', '=', estateId)
    .where('state', '=', 'published')
    .orderBy('period', 'desc')
    .orderBy('revision', 'desc')
    .executeTakeFirstOrThrow();
  const l = await t.db
    .selectFrom('disclosure_lines')
    .select(['id', 'category', 'amount'])
    .where('statement_id', '=', s.id)
    .orderBy('position')
    .executeTakeFirstOrThrow();
  return { statementId: s.id, lineId: l.id, category: l.category, amount: l.amount, period: s.period };
}

beforeAll(async () => {
  t = await createTestApp();
  const estates = await t.db
    .selectFrom('estates as e')
    .innerJoin('orgs as o', 'o.id', 'e.committee_org_id')
    .select(['e.id', 'o.name'])
    .where('e.community_code', '=', COMMUNITY)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('disclosure_statements as s')
          .select('s.id')
          .whereRef('s.estate_id', '=', 'e.id')
          .where('s.state', '=', 'published'),
      ),
    )
    .orderBy('e.name')
    .limit(2)
    .execute();
  [estateA, estateB] = estates.map((e) => e.id) as [string, string];
  committeeA = estates[0]!.name;
  const { rows } = await sql<{ person_id: string; grid_code: string }>`
    select o.person_id, p.grid_code from house_owners o
    join estate_houses h on h.house_id = o.house_id
    join people p on p.id = o.person_id
    where h.estate_id = ${estateA} and p.grid_code like ${`${COMMUNITY}%`}
      and not exists (select 1 from house_owners o2 join estate_houses h2 on h2.house_id = o2.house_id
        where o2.person_id = o.person_id and h2.estate_id = ${estateB})
    order by o.person_id limit 1`.execute(t.db);
  owner = await signUp(rows[0]!.person_id, rows[0]!.grid_code);
  stranger = await t.login((await buildUser(t.db, 'resident', COMMUNITY)).username);
  leader = await t.login((await buildUser(t.db, 'area_leader', COMMUNITY)).username);
  otherLeader = await t.login((await buildUser(t.db, 'area_leader', OTHER)).username);
  deputy = await t.login((await buildUser(t.db, 'deputy', COMMUNITY)).username);
  lineA = await publishedLine(estateA);
  const b = await publishedLine(estateB);
  lineB = { statementId: b.statementId, lineId: b.lineId };
  const draft = await t.as(leader, {
    method: 'POST',
    url: '/api/disclosure/statements',
    payload: {
      estateId: estateA,
      period: '2021-Q1',
      openingBalance: 0,
      closingBalance: 100_00,
      lines: [
        {
          direction: 'income',
          category: 'parking',
          amount: 100_00,
          counterparty: '停车管理服务部',
          occurredOn: '2021-02-10',
        },
      ],
    },
  });
  expect(draft.statusCode, draft.body).toBe(201);
  draftLine = { statementId: draft.json().id, lineId: draft.json().lines[0].id };
}, 180_000);

afterAll(() => t?.close());

const ask = (session: Session, body: Record<string, unknown>) =>
  t.as(session, {
    method: 'POST',
    url: '/api/questions',
    payload: {
      answererKind: 'committee',
      isPublic: false,
      text: '这笔停车收入为什么比上季度少？',
      ...body,
    },
  });

describe("questions to a homeowners' committee", () => {
  it('lists the committee of the estate an owner owns a house in as someone to ask', async () => {
    const list = (await t.as(owner, { method: 'GET', url: '/api/question-answerers' })).json() as {
      kind: string;
      id: string;
      name: string;
    }[];
    expect(list).toContainEqual({ kind: 'committee', id: estateA, name: committeeA });
    expect(list.some((a) => a.id === estateB)).toBe(false);
    const strangers = (await t.as(stranger, { method: 'GET', url: '/api/question-answerers' })).json();
    expect(strangers.some((a: { kind: string }) => a.kind === 'committee')).toBe(false);
  });

  it('an owner asks about a line; community staff answer it in the committee’s name', async () => {
    const res = await ask(owner, { statementId: lineA.statementId, lineId: lineA.lineId });
    expect(res.statusCode, res.body).toBe(201);
    const q = res.json();
    expect(q).toMatchObject({
      answererKind: 'committee',
      estateId: estateA,
      answererLabel: committeeA,
      state: 'open',
      communityCode: COMMUNITY,
      line: {
        statementId: lineA.statementId,
        lineId: lineA.lineId,
        period: lineA.period,
        category: lineA.category,
        amount: lineA.amount,
      },
    });
    expect(q.line.categoryLabel).not.toBe(lineA.category);
    expect(q.dueAt).not.toBeNull();
    // The asker's questions show it with the line.
    const mine = (await t.as(owner, { method: 'GET', url: '/api/questions/mine' })).json();
    expect(mine.items.find((i: { id: string }) => i.id === q.id)?.line?.lineId).toBe(lineA.lineId);
    // The community's staff find it in their inbox; a deputy of the community does not.
    const inbox = (await t.as(leader, { method: 'GET', url: '/api/questions/inbox' })).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(q.id);
    expect(inbox.items.every((i: { answererKind: string }) => i.answererKind === 'committee')).toBe(true);
    const deputies = (await t.as(deputy, { method: 'GET', url: '/api/questions/inbox' })).json();
    expect(deputies.items.map((i: { id: string }) => i.id)).not.toContain(q.id);
    const byDeputy = await t.as(deputy, {
      method: 'POST',
      url: `/api/questions/${q.id}/answer`,
      payload: { text: '不归我答', publish: true, version: q.version },
    });
    expect(byDeputy.statusCode).toBe(404);
    // Staff of another community neither see nor answer it.
    const otherInbox = (await t.as(otherLeader, { method: 'GET', url: '/api/questions/inbox' })).json();
    expect(otherInbox.items.map((i: { id: string }) => i.id)).not.toContain(q.id);
    expect((await t.as(otherLeader, { method: 'GET', url: `/api/questions/${q.id}` })).statusCode).toBe(404);
    const outside = await t.as(otherLeader, {
      method: 'POST',
      url: `/api/questions/${q.id}/answer`,
      payload: { text: '外社区答复', publish: true, version: q.version },
    });
    expect(outside.statusCode).toBe(404);
    const answered = await t.as(leader, {
      method: 'POST',
      url: `/api/questions/${q.id}/answer`,
      payload: { text: '本季度有两个月车位在维修，停车收入相应减少。', publish: true, version: q.version },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({
      state: 'answered',
      answererName: committeeA,
      answeredOnTime: true,
    });
    const seen = (await t.as(owner, { method: 'GET', url: `/api/questions/${q.id}` })).json();
    expect(seen).toMatchObject({ state: 'answered', answererName: committeeA });
  });

  it('refuses a non-owner, an owner asking about another estate’s line, and a draft’s line', async () => {
    const strangerAsks = await ask(stranger, { statementId: lineA.statementId, lineId: lineA.lineId });
    expect(strangerAsks.statusCode).toBe(422);
    expect(strangerAsks.json().errors[0].field).toBe('lineId');
    const strangerEstate = await ask(stranger, { estateId: estateA });
    expect(strangerEstate.statusCode).toBe(422);
    expect(strangerEstate.json().errors[0].field).toBe('estateId');
    const otherEstate = await ask(owner, { statementId: lineB.statementId, lineId: lineB.lineId });
    expect(otherEstate.statusCode).toBe(422);
    const otherEstateByName = await ask(owner, { estateId: estateB });
    expect(otherEstateByName.statusCode).toBe(422);
    const draft = await ask(owner, draftLine);
    expect(draft.statusCode).toBe(422);
    expect(draft.json().errors[0].field).toBe('lineId');
    // A line named with another statement's id, or with the wrong estate, is not that line.
    const mixed = await ask(owner, { statementId: lineB.statementId, lineId: lineA.lineId });
    expect(mixed.statusCode).toBe(422);
    const wrongEstate = await ask(owner, {
      statementId: lineA.statementId,
      lineId: lineA.lineId,
      estateId: estateB,
    });
    expect(wrongEstate.statusCode).toBe(422);
    const onlyLine = await ask(owner, { lineId: lineA.lineId });
    expect(onlyLine.statusCode).toBe(422);
    // Naming an estate when asking a deputy or a department is refused.
    const deputyWithLine = await ask(owner, {
      answererKind: 'department',
      departmentCode: 'housing',
      estateId: estateA,
    });
    expect(deputyWithLine.statusCode).toBe(422);
    // The database holds the rule too: a committee question names its estate.
    await expect(
      t.db
        .updateTable('questions')
        .set({ estate_id: null })
        .where('answerer_kind', '=', 'committee')
        .execute(),
    ).rejects.toThrow(/check/);
  });

  it('asks the committee without a line, and warns yellow then red like any question', async () => {
    const res = await ask(owner, { estateId: estateA, text: '请公开今年维修资金的使用计划' });
    expect(res.statusCode, res.body).toBe(201);
    const q = res.json();
    expect(q).toMatchObject({ answererKind: 'committee', line: null, estateId: estateA });
    const asked = new Date(q.askedAt).getTime();
    // Five working days: at least a week of calendar days at most, more than four days on.
    expect(new Date(q.dueAt).getTime() - asked).toBeGreaterThan(4 * 24 * 3600_000);
    const runAlarm = async () => {
      await t.db
        .updateTable('jobs')
        .set({ run_at: new Date(Date.now() - 1000) })
        .where('kind', '=', 'question.alarm')
        .where('key', '=', q.id)
        .where('done_at', 'is', null)
        .execute();
      // The demo's other due jobs may fill a batch: work the queue until this one ran.
      for (let i = 0; i < 50; i++) {
        await t.app.jobs.runOnce();
        const left = await t.db
          .selectFrom('jobs')
          .select('id')
          .where('kind', '=', 'question.alarm')
          .where('key', '=', q.id)
          .where('done_at', 'is', null)
          .where('run_at', '<=', new Date())
          .executeTakeFirst();
        if (!left) break;
      }
    };
    await runAlarm();
    expect((await t.as(leader, { method: 'GET', url: `/api/questions/${q.id}` })).json().alarm).toBe(
      'yellow',
    );
    const due = new Date(Date.now() - 1000);
    await t.db.updateTable('questions').set({ due_at: due }).where('id', '=', q.id).execute();
    await t.db
      .updateTable('jobs')
      .set({
        payload: JSON.stringify({ questionId: q.id, dueAt: due.toISOString(), level: 'red' }) as never,
      })
      .where('kind', '=', 'question.alarm')
      .where('key', '=', q.id)
      .where('done_at', 'is', null)
      .execute();
    await runAlarm();
    const red = (await t.as(leader, { method: 'GET', url: `/api/questions/${q.id}` })).json();
    expect(red).toMatchObject({ alarm: 'red', escalated: true });
    const overdue = await t.as(leader, { method: 'GET', url: '/api/questions', query: { overdue: 'true' } });
    expect(overdue.json().items.map((i: { id: string }) => i.id)).toContain(q.id);
  });

  it('counts the committee among the answerers on the public record', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/public/answerers',
      query: { communityCode: COMMUNITY },
    });
    expect(res.statusCode, res.body).toBe(200);
    const committee = (res.json() as { kind: string; id: string; name: string; asked: number }[]).find(
      (r) => r.kind === 'committee' && r.id === estateA,
    );
    expect(committee).toMatchObject({ name: committeeA });
    expect(committee!.asked).toBeGreaterThanOrEqual(2);
  });
});
