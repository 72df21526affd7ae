import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../platform/auth/permissions.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { loadCalendar } from '../cases/index.ts';
import { maskPersonalData } from './questions.text.ts';

const COMMUNITY = '440305001001';
const OTHER = '440305001002';
let t: TestApp;
let grid: string;
let category: string;
const s = {} as Record<
  | 'admin'
  | 'leader'
  | 'otherLeader'
  | 'deputy'
  | 'otherDeputy'
  | 'resident'
  | 'neighbour'
  | 'stranger'
  | 'dept',
  Session
>;
let deputyId: string;

async function user(role: Role, areaCode: string) {
  const u = await buildUser(t.db, role, areaCode);
  return { id: u.id, session: await t.login(u.username) };
}

beforeAll(async () => {
  t = await createTestApp();
  grid = (
    await t.db
      .selectFrom('areas')
      .select('code')
      .where('level', '=', 'grid')
      .where('code', 'like', `${COMMUNITY}%`)
      .orderBy('code')
      .executeTakeFirstOrThrow()
  ).code;
  category = (
    await t.db
      .selectFrom('case_categories')
      .select('code')
      .where('parent_code', 'is not', null)
      .orderBy('code')
      .executeTakeFirstOrThrow()
  ).code;
  s.admin = await t.login('admin');
  s.leader = (await user('area_leader', COMMUNITY)).session;
  s.otherLeader = (await user('area_leader', OTHER)).session;
  const deputy = await user('deputy', COMMUNITY);
  deputyId = deputy.id;
  s.deputy = deputy.session;
  s.otherDeputy = (await user('deputy', OTHER)).session;
  s.resident = (await user('resident', grid)).session;
  s.neighbour = (await user('resident', COMMUNITY)).session;
  s.stranger = (await user('resident', OTHER)).session;
  const dept = await buildUser(t.db, 'dept_handler', '440305000000');
  await t.db.updateTable('users').set({ department_code: 'housing' }).where('id', '=', dept.id).execute();
  s.dept = await t.login(dept.username);
}, 120_000);

afterAll(() => t?.close());

async function ask(body: Record<string, unknown>, session = s.resident) {
  const res = await t.as(session, {
    method: 'POST',
    url: '/api/questions',
    payload: {
      answererKind: 'deputy',
      answererId: deputyId,
      isPublic: true,
      text: '小区门口路灯坏了一个月了',
      ...body,
    },
  });
  return res;
}

async function answer(id: string, text: string, publish = true, session = s.deputy) {
  const current = (await t.as(session, { method: 'GET', url: `/api/questions/${id}` })).json();
  return t.as(session, {
    method: 'POST',
    url: `/api/questions/${id}/answer`,
    payload: { text, publish, version: current.version },
  });
}

describe('masking', () => {
  it('masks ID numbers, mobile and landline numbers and plates, and leaves other numbers', () => {
    const { text, found } = maskPersonalData(
      '身份证440305198001010012，电话13812345678，座机0755-86001234，车牌粤B12345和粤B·D12345，订单1234567890123456789',
    );
    expect(text).toBe(
      '身份证440*************12，电话138****5678，座机0755-******34，车牌粤B***45和粤B****45，订单1234567890123456789',
    );
    expect(found.sort()).toEqual(['idNumber', 'phone', 'plate']);
  });
});

describe('asking and answering', () => {
  it('lists who may be asked: the community’s deputies and the departments', async () => {
    const res = await t.as(s.resident, { method: 'GET', url: '/api/question-answerers' });
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as { kind: string; id: string }[];
    expect(list.some((a) => a.kind === 'deputy' && a.id === deputyId)).toBe(true);
    expect(list.some((a) => a.kind === 'department' && a.id === 'housing')).toBe(true);
    // A deputy of another community may not be asked.
    const other = await t.as(s.stranger, { method: 'GET', url: '/api/question-answerers' });
    expect((other.json() as { id: string }[]).some((a) => a.id === deputyId)).toBe(false);
    const refused = await ask({}, s.stranger);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().errors[0].field).toBe('answererId');
  });

  it('stores only the masked text and gives the deputy a deadline 5 working days on', async () => {
    const res = await ask({ text: '我的电话13812345678，车牌粤B12345被堵，身份证440305198001010012' });
    expect(res.statusCode, res.body).toBe(201);
    const q = res.json();
    expect(q.text).toBe('我的电话138****5678，车牌粤B***45被堵，身份证440*************12');
    expect(q.state).toBe('open');
    const row = await t.db
      .selectFrom('questions')
      .select('text')
      .where('id', '=', q.id)
      .executeTakeFirstOrThrow();
    expect(row.text).not.toContain('13812345678');
    // Five working days of the working calendar (7.5 working hours a day by default).
    const calendar = await loadCalendar(t.db);
    expect(calendar.workingHoursBetween(new Date(q.askedAt), new Date(q.dueAt))).toBeCloseTo(5 * 7.5, 3);
    const inbox = await t.as(s.deputy, { method: 'GET', url: '/api/questions/inbox' });
    expect(inbox.json().items.map((i: { id: string }) => i.id)).toContain(q.id);
    const other = await t.as(s.otherDeputy, { method: 'GET', url: '/api/questions/inbox' });
    expect(other.json().items.map((i: { id: string }) => i.id)).not.toContain(q.id);
  });

  it('drafts, publishes and amends an answer (marked edited); asker and followers are notified', async () => {
    const q = (await ask({ text: '健身器材损坏，什么时候修？' })).json();
    const follow = await t.as(s.neighbour, { method: 'POST', url: `/api/questions/${q.id}/follow` });
    expect(follow.statusCode, follow.body).toBe(200);
    expect(follow.json().followerCount).toBe(1);
    // Following twice counts once; the asker cannot follow their own.
    await t.as(s.neighbour, { method: 'POST', url: `/api/questions/${q.id}/follow` });
    expect(
      (await t.as(s.resident, { method: 'POST', url: `/api/questions/${q.id}/follow` })).statusCode,
    ).toBe(403);
    const draft = await answer(q.id, '草稿：已联系物业', false);
    expect(draft.json().state).toBe('open');
    expect(draft.json().answerDraft).toBe('草稿：已联系物业');
    const asAsker = (await t.as(s.resident, { method: 'GET', url: `/api/questions/${q.id}` })).json();
    expect(asAsker.answerDraft).toBeNull();
    const published = await answer(q.id, '已联系物业，本周五前修好。');
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ state: 'answered', answerEdited: false, answeredOnTime: true });
    const amended = await answer(q.id, '已联系物业，本周四修好。');
    expect(amended.json()).toMatchObject({ answerEdited: true, answerText: '已联系物业，本周四修好。' });
    const notes = (await t.as(s.neighbour, { method: 'GET', url: '/api/questions/notifications' })).json();
    expect(notes.map((n: { kind: string }) => n.kind)).toEqual(['question.amended', 'question.answered']);
    const mine = (await t.as(s.resident, { method: 'GET', url: '/api/questions/notifications' })).json();
    expect(mine.some((n: { subjectId: string }) => n.subjectId === q.id)).toBe(true);
    // A stale version is refused.
    const stale = await t.as(s.deputy, {
      method: 'POST',
      url: `/api/questions/${q.id}/answer`,
      payload: { text: '旧版本', publish: true, version: 1 },
    });
    expect(stale.statusCode).toBe(409);
  });

  it('rates 1–5; an unsatisfied rating reopens once, with a new deadline', async () => {
    const q = (await ask({ text: '垃圾站夏天很臭' })).json();
    expect(
      (
        await t.as(s.resident, {
          method: 'POST',
          url: `/api/questions/${q.id}/rating`,
          payload: { rating: 1 },
        })
      ).statusCode,
    ).toBe(409);
    await answer(q.id, '已安排每日清洗。');
    expect(
      (
        await t.as(s.neighbour, {
          method: 'POST',
          url: `/api/questions/${q.id}/rating`,
          payload: { rating: 5 },
        })
      ).statusCode,
    ).toBe(403);
    const rated = await t.as(s.resident, {
      method: 'POST',
      url: `/api/questions/${q.id}/rating`,
      payload: { rating: 2, comment: '还是很臭' },
    });
    expect(rated.json()).toMatchObject({ rating: 2, ratingComment: '还是很臭' });
    const reopened = await t.as(s.resident, { method: 'POST', url: `/api/questions/${q.id}/reopen` });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ state: 'open', reopened: true });
    await answer(q.id, '已更换密闭垃圾桶。');
    await t.as(s.resident, { method: 'POST', url: `/api/questions/${q.id}/rating`, payload: { rating: 1 } });
    const again = await t.as(s.resident, { method: 'POST', url: `/api/questions/${q.id}/reopen` });
    expect(again.statusCode).toBe(409);
    const history = (await t.as(s.resident, { method: 'GET', url: `/api/questions/${q.id}` })).json().history;
    expect(history.map((h: { action: string }) => h.action)).toEqual([
      'ask',
      'answer',
      'rate',
      'reopen',
      'answer',
      'rate',
    ]);
  });

  it('turns yellow, then red and escalated, on the job queue; an answer after the deadline is late', async () => {
    const q = (
      await ask({
        answererKind: 'department',
        answererId: undefined,
        departmentCode: 'housing',
        text: '楼道墙皮脱落',
      })
    ).json();
    expect(
      (await t.as(s.dept, { method: 'GET', url: '/api/questions/inbox' }))
        .json()
        .items.map((i: { id: string }) => i.id),
    ).toContain(q.id);
    const run = async () => {
      await t.db
        .updateTable('jobs')
        .set({ run_at: new Date(Date.now() - 1000) })
        .where('kind', '=', 'question.alarm')
        .where('key', '=', q.id)
        .where('done_at', 'is', null)
        .execute();
      await t.app.jobs.runOnce();
    };
    await run();
    expect((await t.as(s.leader, { method: 'GET', url: `/api/questions/${q.id}` })).json().alarm).toBe(
      'yellow',
    );
    // The deadline passes.
    await t.db
      .updateTable('questions')
      .set({ due_at: new Date(Date.now() - 1000) })
      .where('id', '=', q.id)
      .execute();
    const due = await t.db
      .selectFrom('questions')
      .select('due_at')
      .where('id', '=', q.id)
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('jobs')
      .set({
        payload: JSON.stringify({
          questionId: q.id,
          dueAt: due.due_at!.toISOString(),
          level: 'red',
        }) as never,
      })
      .where('kind', '=', 'question.alarm')
      .where('key', '=', q.id)
      .where('done_at', 'is', null)
      .execute();
    await run();
    const red = (await t.as(s.leader, { method: 'GET', url: `/api/questions/${q.id}` })).json();
    expect(red).toMatchObject({ alarm: 'red', escalated: true });
    const overdue = await t.as(s.leader, {
      method: 'GET',
      url: '/api/questions',
      query: { overdue: 'true' },
    });
    expect(overdue.json().items.map((i: { id: string }) => i.id)).toContain(q.id);
    const late = await answer(q.id, '已报修。', true, s.dept);
    expect(late.json()).toMatchObject({ state: 'answered', answeredOnTime: false, alarm: null });
  });

  it('turns a question into a case in one step, linked both ways, once', async () => {
    const q = (await ask({ text: '井盖松动，车一过就响' })).json();
    const res = await t.as(s.deputy, {
      method: 'POST',
      url: `/api/questions/${q.id}/case`,
      payload: { categoryCode: category },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { caseId, question } = res.json();
    expect(question.caseId).toBe(caseId);
    const kase = await t.db
      .selectFrom('cases')
      .select(['description', 'reporter_id', 'grid_code'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(kase.description).toContain(q.number);
    expect(kase.reporter_id).toBe(s.resident.user.id);
    expect(kase.grid_code).toBe(grid);
    const event = await t.db
      .selectFrom('domain_events')
      .select('payload')
      .where('kind', '=', 'questions.became_case')
      .where('subject_id', '=', q.id)
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ caseId });
    const again = await t.as(s.deputy, {
      method: 'POST',
      url: `/api/questions/${q.id}/case`,
      payload: { categoryCode: category },
    });
    expect(again.statusCode).toBe(409);
  });
});

describe('moderation', () => {
  it('holds a question with a sensitive word; staff publish or hide it with a reason, nothing deleted', async () => {
    const put = await t.as(s.admin, {
      method: 'PUT',
      url: '/api/settings/questions',
      payload: { sensitiveWords: ['集体上访', ' 炸药 '], answerDays: { deputy: 3, department: 5 } },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().sensitiveWords).toEqual(['集体上访', '炸药']);
    const held = (await ask({ text: '我们准备集体上访，物业不管事' })).json();
    expect(held.state).toBe('held');
    expect(held.dueAt).toBeNull();
    // Not in the deputy's inbox while held; in the community staff's queue.
    expect((await t.as(s.deputy, { method: 'GET', url: `/api/questions/${held.id}` })).statusCode).toBe(404);
    const queue = await t.as(s.leader, { method: 'GET', url: '/api/questions', query: { state: 'held' } });
    expect(queue.json().items.map((i: { id: string }) => i.id)).toContain(held.id);
    expect((await t.as(s.otherLeader, { method: 'GET', url: `/api/questions/${held.id}` })).statusCode).toBe(
      404,
    );
    const published = await t.as(s.leader, {
      method: 'POST',
      url: `/api/questions/${held.id}/moderate`,
      payload: { decision: 'publish', reason: '反映物业问题，可以公开', version: held.version },
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().state).toBe('open');
    // Three working days for deputies now, counted from publication.
    const calendar = await loadCalendar(t.db);
    expect(calendar.workingHoursBetween(new Date(), new Date(published.json().dueAt))).toBeLessThanOrEqual(
      3 * 7.5,
    );
    expect(calendar.workingHoursBetween(new Date(), new Date(published.json().dueAt))).toBeGreaterThan(
      3 * 7.5 - 0.1,
    );
    const hidden = await t.as(s.leader, {
      method: 'POST',
      url: `/api/questions/${held.id}/moderate`,
      payload: { decision: 'hide', reason: '含不实信息', version: published.json().version },
    });
    expect(hidden.json()).toMatchObject({ state: 'hidden', moderationReason: '含不实信息' });
    const row = await t.db
      .selectFrom('questions')
      .select('text')
      .where('id', '=', held.id)
      .executeTakeFirst();
    expect(row?.text).toContain('集体上访');
    const asker = (await t.as(s.resident, { method: 'GET', url: `/api/questions/${held.id}` })).json();
    expect(asker.history.map((h: { action: string }) => h.action)).toEqual([
      'ask',
      'hold',
      'publish',
      'hide',
    ]);
    expect(asker.moderationReason).toBe('含不实信息');
    await t.as(s.admin, {
      method: 'PUT',
      url: '/api/settings/questions',
      payload: { sensitiveWords: ['炸药'], answerDays: { deputy: 5, department: 5 } },
    });
  });
});

describe('scope and the public pages', () => {
  it('a private question is seen by its asker and answerer only; a public one by the community', async () => {
    const priv = (await ask({ isPublic: false, text: '我家漏水，私下问一下怎么办' })).json();
    const pub = (await ask({ text: '公开问题：小区停车难' })).json();
    expect((await t.as(s.neighbour, { method: 'GET', url: `/api/questions/${priv.id}` })).statusCode).toBe(
      404,
    );
    expect((await t.as(s.neighbour, { method: 'GET', url: `/api/questions/${pub.id}` })).statusCode).toBe(
      200,
    );
    expect((await t.as(s.stranger, { method: 'GET', url: `/api/questions/${pub.id}` })).statusCode).toBe(404);
    expect((await t.as(s.deputy, { method: 'GET', url: `/api/questions/${priv.id}` })).statusCode).toBe(200);
    const theirs = (await t.as(s.neighbour, { method: 'GET', url: '/api/questions/mine' })).json();
    expect(theirs.items.map((i: { id: string }) => i.id)).not.toContain(priv.id);
    const outside = await t.as(s.otherLeader, {
      method: 'GET',
      url: '/api/questions',
      query: { areaCode: COMMUNITY },
    });
    expect(outside.statusCode).toBe(404);
  });

  it('serves answered public questions and answerer records without login and without personal data', async () => {
    const priv = (await ask({ isPublic: false, text: '私密问题不应公开 13900001111' })).json();
    await answer(priv.id, '已答复私密问题');
    const pub = (await ask({ text: '公开：电梯经常停摆，电话13900002222' })).json();
    await answer(pub.id, '已督促维保单位。');
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/public/questions',
      query: { communityCode: COMMUNITY },
    });
    expect(list.statusCode, list.body).toBe(200);
    const ids = list.json().items.map((i: { id: string }) => i.id);
    expect(ids).toContain(pub.id);
    expect(ids).not.toContain(priv.id);
    const body = list.body;
    expect(body).not.toContain('13900002222');
    expect(body).not.toContain(s.resident.user.id);
    expect(body).not.toContain(s.resident.user.username);
    expect(body).not.toMatch(/asker|gridCode|username/);
    const search = await t.app.inject({
      method: 'GET',
      url: '/api/public/questions',
      // The demo's questions mention lifts too: a phrase only this one has.
      query: { communityCode: COMMUNITY, q: '经常停摆' },
    });
    expect(search.json().items.map((i: { id: string }) => i.id)).toEqual([pub.id]);
    expect((await t.app.inject({ method: 'GET', url: `/api/public/questions/${priv.id}` })).statusCode).toBe(
      404,
    );
    const records = await t.app.inject({
      method: 'GET',
      url: '/api/public/answerers',
      query: { communityCode: COMMUNITY },
    });
    expect(records.statusCode).toBe(200);
    const deputy = records.json().find((r: { id: string }) => r.id === deputyId);
    expect(deputy.asked).toBeGreaterThan(5);
    expect(deputy.answered).toBeGreaterThan(3);
    expect(deputy.averageRating).not.toBeNull();
    const housing = records.json().find((r: { id: string }) => r.id === 'housing');
    // This file's late answer counts against the department, beside the demo's year of answers.
    expect(housing).toMatchObject({ kind: 'department' });
    expect(housing.answered - housing.onTime).toBeGreaterThan(0);
  });

  it("lists the communities for the public pages' picker, names only", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/public/communities' });
    expect(res.statusCode, res.body).toBe(200);
    const communities: { code: string; name: string; streetCode: string; streetName: string }[] = res.json();
    expect(communities.length).toBeGreaterThan(10);
    const mine = communities.find((c) => c.code === COMMUNITY);
    expect(mine).toMatchObject({ streetCode: `${COMMUNITY.slice(0, 9)}000` });
    expect(mine?.name).toBeTruthy();
    expect(mine?.streetName).toBeTruthy();
    expect(Object.keys(mine ?? {}).sort()).toEqual(['code', 'name', 'streetCode', 'streetName']);
  });
});
