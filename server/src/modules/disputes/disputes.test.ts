import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../platform/auth/permissions.ts';
import { excel } from '../../platform/exceljs.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { cstDay } from '../patrols/index.ts';
import { disputesWall } from './disputes.wall.ts';
import { DISPUTE_ALARM_JOB, workingDeadline } from './mediation.service.ts';

let t: TestApp;
let grid: string;
let community: string;
let otherGrid: string;
let personId: string;
let personName: string;
const s = {} as Record<
  'admin' | 'leader' | 'worker' | 'mediator' | 'otherMediator' | 'operator' | 'resident' | 'handler',
  Session
>;
const month = cstDay(new Date()).slice(0, 7);

async function user(role: Role, areaCode: string) {
  const u = await buildUser(t.db, role, areaCode);
  return t.login(u.username);
}

beforeAll(async () => {
  t = await createTestApp();
  const grids = await t.db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'grid')
    .where('retired_at', 'is', null)
    .orderBy('code')
    .limit(40)
    .execute();
  grid = grids[0].code;
  community = grid.slice(0, 12);
  otherGrid = grids.find((g) => g.code.slice(0, 12) !== community)!.code;
  const person = await t.db
    .selectFrom('people')
    .select(['id', 'name'])
    .where('grid_code', '=', grid)
    .where('retired_at', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  personId = person.id;
  personName = person.name;
  s.admin = await t.login('admin');
  s.leader = await user('area_leader', community);
  s.worker = await user('grid_worker', grid);
  s.mediator = await user('mediator', community);
  s.otherMediator = await user('mediator', community);
  s.operator = await user('command_operator', community);
  s.resident = await user('resident', community);
  s.handler = await user('dept_handler', community);
}, 120_000);

afterAll(() => t?.close());

const outsider = {
  name: '赵外来',
  idNumber: '110101199003074514',
  phone: '13912345678',
  address: '外区某路1号',
};

async function report(body: Record<string, unknown> = {}, session = s.worker) {
  return t.as(session, {
    method: 'POST',
    url: '/api/disputes',
    payload: {
      kindCode: 'neighbours',
      title: '楼上漏水纠纷',
      description: '楼上住户卫生间漏水，楼下要求赔偿',
      gridCode: grid,
      source: 'patrol',
      risk: 'low',
      riskReason: '双方情绪平稳',
      parties: [{ personId }, outsider],
      ...body,
    },
  });
}
async function newDispute(body: Record<string, unknown> = {}) {
  const res = await report(body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const post = (session: Session, id: string, move: string, payload: Record<string, unknown>) =>
  t.as(session, { method: 'POST', url: `/api/disputes/${id}/${move}`, payload });
const detail = async (id: string, session = s.leader) =>
  (await t.as(session, { method: 'GET', url: `/api/disputes/${id}` })).json();

describe('reporting a dispute', () => {
  it('stores the parties, registry people by id and outsiders with masked numbers', async () => {
    const d = await newDispute();
    expect(d).toMatchObject({ state: 'reported', kindCode: 'neighbours', gridCode: grid, risk: 'low' });
    expect(d.number).toMatch(/^JF\d{8}\d{5}$/);
    expect(d.parties[0]).toMatchObject({ kind: 'person', personId, name: personName });
    expect(d.parties[1]).toMatchObject({
      kind: 'outsider',
      name: '赵外来',
      idNumber: '1101**********4514',
      phone: '139****5678',
    });
    const stored = await t.db
      .selectFrom('dispute_parties')
      .selectAll()
      .where('dispute_id', '=', d.id)
      .where('kind', '=', 'outsider')
      .executeTakeFirstOrThrow();
    expect(stored.id_number_enc).not.toContain('110101');
    expect(stored.phone_enc).not.toContain('13912345678');
    // A mediator and the command centre read it; a resident does not.
    expect((await t.as(s.mediator, { method: 'GET', url: `/api/disputes/${d.id}` })).statusCode).toBe(200);
    expect((await t.as(s.operator, { method: 'GET', url: `/api/disputes/${d.id}` })).statusCode).toBe(200);
    expect((await t.as(s.resident, { method: 'GET', url: `/api/disputes/${d.id}` })).statusCode).toBe(403);
  });

  it('refuses a grid, a party or a kind outside what the caller may use (422 naming the field)', async () => {
    const outside = await report({ gridCode: otherGrid });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0].field).toBe('gridCode');
    const party = await report({}, s.worker).then(async () =>
      t.as(s.worker, {
        method: 'POST',
        url: '/api/disputes',
        payload: {
          kindCode: 'neighbours',
          title: 'x',
          gridCode: grid,
          source: 'patrol',
          risk: 'low',
          parties: [{ personId, name: '两者都给' }],
        },
      }),
    );
    expect(party.json().errors[0]).toMatchObject({ field: 'parties', code: 'party_one_of' });
    const badId = await report({ parties: [{ name: '王某', idNumber: '110101199003074515' }] });
    expect(badId.json().errors[0]).toMatchObject({ field: 'parties', code: 'bad_id_number' });
    const kind = await report({ kindCode: 'nope' });
    expect(kind.json().errors[0].field).toBe('kindCode');
    expect((await report({}, s.mediator)).statusCode).toBe(403);
    expect((await report({}, s.operator)).statusCode).toBe(403);
  });

  it('a high or major risk notifies the street and the stability office at once', async () => {
    const d = await newDispute({ risk: 'major', riskReason: '一方扬言报复', title: '工地欠薪聚集' });
    const notices = await t.db
      .selectFrom('dispute_notices')
      .selectAll()
      .where('dispute_id', '=', d.id)
      .execute();
    expect(notices.map((n) => [n.audience, n.area_code]).sort()).toEqual(
      [
        ['stability_office', `${grid.slice(0, 6)}000000`],
        ['street', `${grid.slice(0, 9)}000`],
      ].sort(),
    );
    const admin = await t.as(s.admin, { method: 'GET', url: '/api/dispute-notices' });
    expect(admin.json().some((n: { disputeId: string }) => n.disputeId === d.id)).toBe(true);
    const event = await t.db
      .selectFrom('domain_events')
      .selectAll()
      .where('kind', '=', 'disputes.high_risk')
      .where('subject_id', '=', d.id)
      .executeTakeFirst();
    expect(event?.payload).toMatchObject({ risk: 'major' });
    // A low risk one notifies nobody.
    const low = await newDispute();
    expect(
      await t.db.selectFrom('dispute_notices').selectAll().where('dispute_id', '=', low.id).execute(),
    ).toEqual([]);
  });
});

describe('the state machine, move by move and role by role', () => {
  const roles = ['worker', 'leader', 'admin', 'mediator', 'otherMediator', 'operator', 'handler'] as const;
  // The moves each caller may make on a dispute reported, and on one in mediation assigned to `mediator`.
  const expected: Record<'reported' | 'mediating', Record<(typeof roles)[number], string[]>> = {
    reported: {
      worker: ['escalate'],
      leader: ['assign', 'withdraw'],
      admin: ['assign', 'withdraw', 'escalate'],
      mediator: [],
      otherMediator: [],
      operator: [],
      handler: [],
    },
    mediating: {
      worker: ['escalate'],
      leader: ['assign', 'session', 'outcome', 'extend', 'attach'],
      admin: ['assign', 'session', 'outcome', 'extend', 'escalate', 'attach'],
      mediator: ['session', 'outcome', 'attach'],
      otherMediator: [],
      operator: [],
      handler: [],
    },
  };
  const bodies = (version: number, mediatorId: string): Record<string, Record<string, unknown>> => ({
    assign: { version, mediatorId },
    sessions: { version, heldOn: cstDay(new Date()), place: '社区调解室', attendees: '双方当事人' },
    outcome: { version, outcome: 'withdrawn' },
    extend: { version, reason: '需要鉴定漏水原因' },
    withdraw: { version, note: '当事人自行和解' },
    escalate: { version, note: '一方扬言伤人' },
  });
  const route: Record<string, string> = { session: 'sessions' };

  it('lists the allowed moves per role and refuses every other one', async () => {
    for (const state of ['reported', 'mediating'] as const) {
      const d = await newDispute();
      if (state === 'mediating') {
        const res = await post(s.leader, d.id, 'assign', {
          version: d.version,
          mediatorId: s.mediator.user.id,
        });
        expect(res.statusCode, res.body).toBe(200);
      }
      for (const role of roles) {
        const seen = await detail(d.id, s[role]);
        if (role === 'handler') {
          expect(seen.code).toBe('forbidden');
          continue;
        }
        expect(seen.moves, `${role} on ${state}`).toEqual(expected[state][role]);
        const all = bodies(seen.version, s.mediator.user.id);
        for (const move of ['assign', 'session', 'outcome', 'extend', 'withdraw', 'escalate']) {
          if (expected[state][role].includes(move)) continue;
          const res = await post(s[role], d.id, route[move] ?? move, all[route[move] ?? move]);
          expect([403, 409], `${role} ${move} on ${state}: ${res.body}`).toContain(res.statusCode);
        }
        expect((await detail(d.id)).state).toBe(state);
      }
    }
  });

  it('refuses moves from closed states and stale versions', async () => {
    const d = await newDispute();
    const stale = await post(s.leader, d.id, 'assign', {
      version: d.version + 5,
      mediatorId: s.mediator.user.id,
    });
    expect(stale.json()).toMatchObject({ code: 'version_conflict' });
    const w = await post(s.leader, d.id, 'withdraw', { version: d.version, note: '当事人自行和解' });
    expect(w.json().state).toBe('withdrawn');
    for (const move of ['assign', 'withdraw'] as const) {
      const res = await post(s.leader, d.id, move, bodies(w.json().version, s.mediator.user.id)[move]);
      expect(res.json().code).toBe('dispute_wrong_state');
    }
    expect((await detail(d.id, s.admin)).moves).toEqual([]);
  });

  it('assigns only mediators covering the grid, or a committee', async () => {
    const d = await newDispute();
    const notMediator = await post(s.leader, d.id, 'assign', {
      version: d.version,
      mediatorId: s.worker.user.id,
    });
    expect(notMediator.json().errors[0]).toMatchObject({ field: 'mediatorId', code: 'not_mediator' });
    const neither = await post(s.leader, d.id, 'assign', { version: d.version });
    expect(neither.statusCode).toBe(422);
    const committee = await post(s.leader, d.id, 'assign', {
      version: d.version,
      committee: '桃园社区人民调解委员会',
    });
    expect(committee.json()).toMatchObject({
      state: 'mediating',
      committee: '桃园社区人民调解委员会',
      mediatorId: null,
    });
  });
});

describe('deadlines on the working calendar', () => {
  it('counts working days, skipping weekends and holidays', () => {
    const plain = { isWorkday: (day: string) => ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay()) };
    // Friday 4 December 2026 + 5 working days: Friday 11 December, due at its end (CST).
    const from = new Date('2026-12-04T03:00:00Z');
    expect(workingDeadline(plain, from, 5).toISOString()).toBe('2026-12-11T16:00:00.000Z');
    const holiday = { isWorkday: (day: string) => day !== '2026-12-08' && plain.isWorkday(day) };
    expect(workingDeadline(holiday, from, 5).toISOString()).toBe('2026-12-14T16:00:00.000Z');
  });

  it('starts 30 working days at assignment, extends once with a reason, and warns yellow then red', async () => {
    const d = await newDispute();
    const a = (
      await post(s.leader, d.id, 'assign', { version: d.version, mediatorId: s.mediator.user.id })
    ).json();
    const days = (Date.parse(a.deadline) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan((30 * 7) / 5 - 3);
    expect(days).toBeLessThan((30 * 7) / 5 + 12);
    const job = await t.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', DISPUTE_ALARM_JOB)
      .where('key', '=', d.id)
      .where('done_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(job.payload).toMatchObject({ level: 'yellow', deadline: a.deadline });

    const short = await post(s.leader, d.id, 'extend', { version: a.version, reason: 'x' });
    expect(short.statusCode).toBe(400);
    const e = await post(s.leader, d.id, 'extend', {
      version: a.version,
      reason: '需要等待房屋漏水鉴定结论',
      days: 10,
    });
    expect(e.statusCode, e.body).toBe(200);
    expect(e.json()).toMatchObject({ extended: true, extensionReason: '需要等待房屋漏水鉴定结论' });
    expect(Date.parse(e.json().deadline) - Date.parse(a.deadline)).toBeGreaterThanOrEqual(10 * 86_400_000);
    expect(Date.parse(e.json().deadline) - Date.parse(a.deadline)).toBeLessThanOrEqual(20 * 86_400_000);
    const again = await post(s.leader, d.id, 'extend', {
      version: e.json().version,
      reason: '再延一次试试看',
    });
    expect(again.json().code).toBe('dispute_not_yours');

    // The warning planned for the old deadline was replaced; the new one is yellow, then red.
    const runDue = async () => {
      await t.db
        .updateTable('jobs')
        .set({ run_at: new Date(Date.now() - 1000) })
        .where('kind', '=', DISPUTE_ALARM_JOB)
        .where('key', '=', d.id)
        .where('done_at', 'is', null)
        .execute();
      await t.app.jobs.runOnce();
    };
    await runDue();
    expect((await detail(d.id)).alarm).toBe('yellow');
    await runDue();
    expect((await detail(d.id)).alarm).toBe('red');
    const notices = await t.db
      .selectFrom('dispute_notices')
      .select(['kind', 'audience'])
      .where('dispute_id', '=', d.id)
      .orderBy('id')
      .execute();
    expect(notices).toEqual([
      { kind: 'yellow', audience: 'community' },
      { kind: 'red', audience: 'street' },
    ]);
    // A stale job (another deadline) does nothing.
    await t.db
      .insertInto('jobs')
      .values({
        kind: DISPUTE_ALARM_JOB,
        payload: JSON.stringify({ disputeId: d.id, deadline: a.deadline, level: 'yellow' }),
      } as never)
      .execute();
    await t.app.jobs.runOnce();
    expect((await detail(d.id)).alarm).toBe('red');
  });
});

describe('mediation to an agreement', () => {
  it('records sessions and an agreement, plans follow-up visits, produces the agreement and takes the signed scan', async () => {
    const d = await newDispute();
    let v = (
      await post(s.leader, d.id, 'assign', { version: d.version, mediatorId: s.mediator.user.id })
    ).json().version;
    const session = await post(s.mediator, d.id, 'sessions', {
      version: v,
      heldOn: cstDay(new Date()),
      place: '社区调解室',
      attendees: '双方当事人、楼栋长',
      notes: '双方同意先行维修',
    });
    expect(session.statusCode, session.body).toBe(200);
    expect(session.json().sessions).toHaveLength(1);
    v = session.json().version;
    const missing = await post(s.mediator, d.id, 'outcome', { version: v, outcome: 'agreement' });
    expect(missing.json().errors[0].field).toBe('terms');
    const agreed = await post(s.mediator, d.id, 'outcome', {
      version: v,
      outcome: 'agreement',
      terms: '一、楼上住户于十日内修复防水层。\n二、赔偿楼下住户装修损失人民币贰仟元。',
    });
    expect(agreed.statusCode, agreed.body).toBe(200);
    expect(agreed.json()).toMatchObject({ state: 'agreed' });
    expect(
      await t.db
        .selectFrom('jobs')
        .select('id')
        .where('kind', '=', DISPUTE_ALARM_JOB)
        .where('key', '=', d.id)
        .where('done_at', 'is', null)
        .execute(),
    ).toEqual([]);

    const tasks = await t.db
      .selectFrom('visit_tasks')
      .selectAll()
      .where('target_id', '=', personId)
      .where('target_label', 'like', `回访 ${d.number}%`)
      .orderBy('period_start')
      .execute();
    expect(tasks.map((x) => [x.period_start, x.grid_code, x.target_type])).toEqual([
      [cstDay(new Date(Date.now() + 7 * 86_400_000)), grid, 'person'],
      [cstDay(new Date(Date.now() + 30 * 86_400_000)), grid, 'person'],
    ]);
    const worker = await t.as(s.worker, {
      method: 'GET',
      url: '/api/visit-tasks',
      query: { pageSize: '200' },
    });
    expect(worker.statusCode, worker.body).toBe(200);

    // The grid worker (no reveal) gets masked numbers; the community leader the full ones, audited.
    const masked = await t.as(s.worker, { method: 'GET', url: `/api/disputes/${d.id}/agreement` });
    expect(masked.statusCode).toBe(200);
    const maskedText = (await mammoth.extractRawText({ buffer: masked.rawPayload })).value;
    expect(maskedText).toContain('人民调解协议书');
    expect(maskedText).toContain(personName);
    expect(maskedText).toContain('赵外来');
    expect(maskedText).toContain('1101**********4514');
    expect(maskedText).toContain('二、赔偿楼下住户装修损失人民币贰仟元。');
    expect(maskedText).toContain('社区调解室');
    const full = await t.as(s.leader, { method: 'GET', url: `/api/disputes/${d.id}/agreement` });
    const fullText = (await mammoth.extractRawText({ buffer: full.rawPayload })).value;
    expect(fullText).toContain('110101199003074514');
    expect(fullText).toContain('13912345678');

    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2cd5e1d0000000049454e44ae426082',
      'hex',
    );
    const up = await t.as(s.mediator, {
      method: 'POST',
      url: `/api/disputes/${d.id}/attachments`,
      query: { fileName: '协议书签字.png' },
      headers: { 'content-type': 'image/png' },
      payload: png,
    });
    expect(up.statusCode, up.body).toBe(201);
    const fake = await t.as(s.mediator, {
      method: 'POST',
      url: `/api/disputes/${d.id}/attachments`,
      query: { fileName: 'x.pdf' },
      headers: { 'content-type': 'application/pdf' },
      payload: png,
    });
    expect(fake.statusCode).toBe(415);
    const after = await detail(d.id);
    expect(after.attachments).toHaveLength(1);
    const down = await t.as(s.leader, {
      method: 'GET',
      url: `/api/disputes/${d.id}/attachments/${after.attachments[0].id}`,
    });
    expect(down.rawPayload.equals(png)).toBe(true);
    // The other mediator may not attach to a dispute not theirs.
    const other = await t.as(s.otherMediator, {
      method: 'POST',
      url: `/api/disputes/${d.id}/attachments`,
      query: { fileName: 'y.png' },
      headers: { 'content-type': 'image/png' },
      payload: png,
    });
    expect(other.statusCode).toBe(403);
  });

  it('no agreement names where it was referred and who received it', async () => {
    const d = await newDispute();
    const v = (
      await post(s.leader, d.id, 'assign', { version: d.version, committee: '街道人民调解委员会' })
    ).json().version;
    const noBody = await post(s.leader, d.id, 'outcome', {
      version: v,
      outcome: 'no_agreement',
      referredTo: 'court',
    });
    expect(noBody.json().errors[0].field).toBe('receivingBody');
    const ok = await post(s.leader, d.id, 'outcome', {
      version: v,
      outcome: 'no_agreement',
      referredTo: 'court',
      receivingBody: '区人民法院立案庭',
    });
    expect(ok.json()).toMatchObject({
      state: 'failed',
      referredTo: 'court',
      receivingBody: '区人民法院立案庭',
    });
    expect((await t.as(s.leader, { method: 'GET', url: `/api/disputes/${d.id}/agreement` })).statusCode).toBe(
      409,
    );
  });

  it('escalates into a linked case in one step', async () => {
    const d = await newDispute({ risk: 'high', riskReason: '一方扬言伤人' });
    const refused = await post(s.leader, d.id, 'escalate', {
      version: d.version,
      note: '一方扬言伤人，需要处置',
    });
    expect(refused.statusCode).toBe(403);
    const res = await post(s.worker, d.id, 'escalate', {
      version: d.version,
      note: '一方扬言伤人，需要处置',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().state).toBe('escalated');
    const kase = await t.as(s.worker, { method: 'GET', url: `/api/cases/${res.json().caseId}` });
    expect(kase.statusCode).toBe(200);
    expect(kase.json().description).toContain(d.number);
    expect(kase.json().gridCode).toBe(grid);
  });
});

describe('monthly screening', () => {
  it('takes returns, refuses "none found" where disputes were reported, and flags communities missing one', async () => {
    const before = (
      await t.as(s.leader, { method: 'GET', url: '/api/dispute-screenings', query: { month } })
    ).json();
    const grids = before.grids.filter((g: { communityCode: string }) => g.communityCode === community);
    expect(grids.length).toBeGreaterThan(1);
    // The demo filed some of this month's returns already: start the community's month afresh.
    await t.db
      .deleteFrom('dispute_screenings')
      .where('month', '=', month)
      .where(
        'grid_code',
        'in',
        grids.map((g: { gridCode: string }) => g.gridCode),
      )
      .execute();
    const other = grids.find((g: { gridCode: string }) => g.gridCode !== grid);
    const withDisputes = grids.find((g: { gridCode: string }) => g.gridCode === grid);
    expect(withDisputes.disputes).toBeGreaterThan(0);

    const none = await t.as(s.worker, {
      method: 'PUT',
      url: `/api/dispute-screenings/${grid}/${month}`,
      payload: { noneFound: true },
    });
    expect(none.json().errors[0]).toMatchObject({ field: 'noneFound', code: 'has_disputes' });
    const filed = await t.as(s.worker, {
      method: 'PUT',
      url: `/api/dispute-screenings/${grid}/${month}`,
      payload: { noneFound: false, note: '已逐户排查' },
    });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.json()).toMatchObject({ returned: true, noneFound: false });
    const notTheirs = await t.as(s.worker, {
      method: 'PUT',
      url: `/api/dispute-screenings/${other.gridCode}/${month}`,
      payload: { noneFound: true },
    });
    expect(notTheirs.json().errors[0].field).toBe('gridCode');
    const future = await t.as(s.leader, {
      method: 'PUT',
      url: `/api/dispute-screenings/${grid}/2099-01`,
      payload: { noneFound: true },
    });
    expect(future.statusCode).toBe(422);

    let state = (
      await t.as(s.leader, {
        method: 'GET',
        url: '/api/dispute-screenings',
        query: { month, areaCode: community },
      })
    ).json();
    expect(state.communities).toEqual([expect.objectContaining({ communityCode: community, missing: true })]);
    for (const g of state.grids.filter((x: { returned: boolean }) => !x.returned)) {
      const res = await t.as(s.leader, {
        method: 'PUT',
        url: `/api/dispute-screenings/${g.gridCode}/${month}`,
        payload: { noneFound: g.disputes === 0 },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    state = (
      await t.as(s.leader, {
        method: 'GET',
        url: '/api/dispute-screenings',
        query: { month, areaCode: community },
      })
    ).json();
    expect(state.communities[0]).toMatchObject({ missing: false });
    expect(state.grids.every((g: { returned: boolean }) => g.returned)).toBe(true);
  });

  it('reports the month per community as XLSX and DOCX', async () => {
    const docx = await t.as(s.leader, {
      method: 'GET',
      url: '/api/dispute-screenings/report',
      query: { month, format: 'docx' },
    });
    expect(docx.statusCode, docx.body).toBe(200);
    const text = (await mammoth.extractRawText({ buffer: docx.rawPayload })).value;
    expect(text).toContain(`${month} 矛盾纠纷排查报告`);
    expect(text).toContain('邻里纠纷');
    expect(text).toContain('工地欠薪聚集');
    expect(text).toMatch(/本月新增纠纷 \d+ 件/);
    const xlsx = await t.as(s.leader, {
      method: 'GET',
      url: '/api/dispute-screenings/report',
      query: { month, format: 'xlsx' },
      headers: { 'accept-language': 'en' },
    });
    expect(xlsx.statusCode).toBe(200);
    const book = new (excel().Workbook)();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const kinds = book.getWorksheet('By kind')!;
    const neighbours = kinds
      .getSheetValues()
      .find((r) => Array.isArray(r) && r[1] === 'Neighbours') as unknown[];
    expect(Number(neighbours[6])).toBeGreaterThanOrEqual(8);
    expect(book.getWorksheet('High risk')!.rowCount).toBeGreaterThan(1);
  });
});

describe('the kinds catalog and the wall', () => {
  it('lets the district edit kinds, with versions', async () => {
    const add = await t.as(s.admin, {
      method: 'PUT',
      url: '/api/dispute-kinds/tourism',
      payload: { nameZh: '旅游纠纷', nameEn: 'Tourism' },
    });
    expect(add.statusCode, add.body).toBe(200);
    const stale = await t.as(s.admin, {
      method: 'PUT',
      url: '/api/dispute-kinds/tourism',
      payload: { nameZh: '旅游纠纷', nameEn: 'Tourism', version: 7 },
    });
    expect(stale.statusCode).toBe(409);
    const off = await t.as(s.admin, {
      method: 'PUT',
      url: '/api/dispute-kinds/tourism',
      payload: { nameZh: '旅游纠纷', nameEn: 'Tourism', active: false, version: 1 },
    });
    expect(off.json()).toMatchObject({ active: false, version: 2 });
    expect((await report({ kindCode: 'tourism' })).statusCode).toBe(422);
    expect(
      (
        await t.as(s.leader, {
          method: 'PUT',
          url: '/api/dispute-kinds/x1',
          payload: { nameZh: 'a', nameEn: 'b' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('counts high-risk open disputes, overdue mediations and today’s new ones', async () => {
    const figures = await disputesWall.compute(t.db, {
      areaCode: community,
      day: cstDay(new Date()),
      now: new Date(),
    });
    const byKey = Object.fromEntries(figures.map((f) => [f.key, f.value]));
    expect(byKey['disputes.highRiskOpen']).toBeGreaterThanOrEqual(1);
    expect(byKey['disputes.newToday']).toBeGreaterThanOrEqual(10);
    expect(byKey['disputes.mediationsOverdue']).toBeGreaterThanOrEqual(0);
  });
});
