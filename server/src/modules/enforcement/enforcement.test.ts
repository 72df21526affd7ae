import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '../../platform/domain-events.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { raiseEnforcementAlarm } from './enforcement.alarm.ts';
import { MATTER_STATES, MOVES, type Move, RULES } from './enforcement.machine.ts';
import { enforcementWallFigures } from './enforcement.wall.ts';

const COMMUNITY = '440305001001';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');

let t: TestApp;
let officer: Session;
let officer2: Session;
let reviewer: Session;
let leader: Session;
let admin: Session;
let gridWorker: Session;
let outsider: Session;
let org: { id: string; name: string; credit_code: string | null; grid_code: string };
let kase: { id: string; number: string; grid_code: string };

beforeAll(async () => {
  t = await createTestApp();
  const as = async (role: Parameters<typeof buildUser>[1], area = COMMUNITY) =>
    t.login((await buildUser(t.db, role, area)).username);
  officer = await as('enforcement_officer');
  officer2 = await as('enforcement_officer');
  outsider = await as('enforcement_officer', '440305001002');
  reviewer = await as('legal_reviewer');
  leader = await as('area_leader');
  admin = await as('district_admin');
  const grid = (
    await t.db
      .selectFrom('areas')
      .select('code')
      .where('parent_code', '=', COMMUNITY)
      .orderBy('code')
      .executeTakeFirstOrThrow()
  ).code;
  gridWorker = await as('grid_worker', grid);
  org = await t.db
    .selectFrom('orgs')
    .select(['id', 'name', 'credit_code', 'grid_code'])
    .where('grid_code', 'like', `${COMMUNITY}%`)
    .where('retired_at', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  kase = await t.db
    .selectFrom('cases')
    .select(['id', 'number', 'grid_code'])
    .where('grid_code', 'like', `${COMMUNITY}%`)
    .orderBy('number')
    .executeTakeFirstOrThrow();
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const api = (s: Session | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.as(s, { method, url, payload: payload as object });

async function openMatter(extra: Record<string, unknown> = {}) {
  const r = await api(officer, 'POST', '/api/enforcement/matters', {
    gridCode: org.grid_code,
    title: '店外经营占道',
    facts: '当事人在店门前人行道摆放货架经营',
    discoveredAt: new Date(Date.now() - 3_600_000).toISOString(),
    caseId: kase.id,
    partyKind: 'org',
    orgId: org.id,
    ...extra,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

async function move(s: Session, id: string, body: Record<string, unknown>) {
  const current = (await api(officer, 'GET', `/api/enforcement/matters/${id}`)).json();
  return api(s, 'POST', `/api/enforcement/matters/${id}/moves`, { version: current.version, ...body });
}

async function addNote(id: string) {
  const r = await api(officer, 'POST', `/api/enforcement/matters/${id}/evidence`, {
    kind: 'note',
    title: '现场检查笔录',
    note: '当事人在场，确认占道经营',
    takenAt: new Date().toISOString(),
    location: '测试路1号',
  });
  expect(r.statusCode, r.body).toBe(201);
}

const BODY: Partial<Record<Move, Record<string, unknown>>> = {
  notify: { penalty: '罚款人民币500元', legalBasis: '《城市市容和环境卫生管理条例》第十七条', major: true },
  decide: { documentNumber: 'TEST-DECIDE-1' },
};

describe('the procedure as a state machine', () => {
  it('allows each move only from its states and to the roles holding its permission', async () => {
    const m = await openMatter({ major: false });
    const path: Array<[Move, Session]> = [
      ['file', officer],
      ['notify', officer],
      ['request_hearing', officer],
      ['hold_hearing', officer],
      ['submit_review', officer],
      ['approve', reviewer],
      ['decide', officer],
      ['serve', officer],
      ['execute', officer],
      ['close', officer],
    ];
    const roles: Array<[string, Session]> = [
      ['enforcement_officer', officer],
      ['legal_reviewer', reviewer],
      ['area_leader', leader],
      ['district_admin', admin],
    ];
    const failures: string[] = [];
    for (const [next, by] of path) {
      const current = (await api(officer, 'GET', `/api/enforcement/matters/${m.id}`)).json();
      const state = current.state as (typeof MATTER_STATES)[number];
      for (const candidate of MOVES) {
        if (RULES[candidate].from.includes(state)) continue;
        for (const [role, session] of roles) {
          const r = await api(session, 'POST', `/api/enforcement/matters/${m.id}/moves`, {
            move: candidate,
            version: current.version,
          });
          const permitted =
            role === 'enforcement_officer'
              ? RULES[candidate].permission === 'enforcement.handle'
              : role === 'legal_reviewer'
                ? RULES[candidate].permission === 'enforcement.review'
                : false;
          const expected = permitted ? 409 : 403;
          if (r.statusCode !== expected)
            failures.push(`${candidate} at ${state} as ${role}: ${r.statusCode}`);
        }
      }
      // The right permission, wrong role: the other role is refused 403 on the move the path takes.
      const other = by === officer ? reviewer : officer;
      const refused = await move(other, m.id, { move: next });
      if (refused.statusCode !== 403)
        failures.push(`${next} at ${state} by the other role: ${refused.statusCode}`);
      if (next === 'notify') await addNote(m.id);
      const extra =
        next === 'hold_hearing' || next === 'serve' || next === 'execute'
          ? { secondOfficerId: officer2.user.id }
          : {};
      const done = await move(by, m.id, {
        move: next,
        ...BODY[next],
        ...extra,
        documentNumber: next === 'decide' ? `TEST-PATH-${m.id.slice(0, 8)}` : undefined,
      });
      if (done.statusCode !== 200) failures.push(`${next} at ${state}: ${done.statusCode} ${done.body}`);
    }
    expect(failures).toEqual([]);
    const closed = (await api(officer, 'GET', `/api/enforcement/matters/${m.id}`)).json();
    expect(closed.state).toBe('closed');
    expect(closed.steps.map((s: { move: string }) => s.move)).toEqual(['open', ...path.map(([m]) => m)]);
    expect(closed.moves).toEqual(['publish']);
    // Read-only and outside roles.
    expect((await api(gridWorker, 'GET', `/api/enforcement/matters/${m.id}`)).statusCode).toBe(403);
    expect((await api(outsider, 'GET', `/api/enforcement/matters/${m.id}`)).statusCode).toBe(404);
    expect((await api(leader, 'GET', `/api/enforcement/matters/${m.id}`)).statusCode).toBe(200);
  }, 120_000);

  it('refuses a major decision without legal review, and on-site steps without a second officer', async () => {
    const m = await openMatter();
    expect((await move(officer, m.id, { move: 'file' })).statusCode).toBe(200);
    const noEvidence = await move(officer, m.id, { move: 'notify', ...BODY.notify });
    expect(noEvidence.json()).toMatchObject({ code: 'matter_move_refused', reasonCode: 'no_evidence' });
    await addNote(m.id);
    expect((await move(officer, m.id, { move: 'notify', ...BODY.notify })).statusCode).toBe(200);
    const early = await move(officer, m.id, { move: 'decide', documentNumber: 'TEST-EARLY' });
    expect(early.statusCode).toBe(409);
    expect(early.json().reasonCode).toBe('review_required');
    expect((await move(officer, m.id, { move: 'request_hearing' })).statusCode).toBe(200);
    const alone = await move(officer, m.id, { move: 'hold_hearing' });
    expect(alone.statusCode).toBe(422);
    expect(alone.json().errors[0]).toMatchObject({ field: 'secondOfficerId', code: 'two_officers' });
    const self = await move(officer, m.id, { move: 'hold_hearing', secondOfficerId: officer.user.id });
    expect(self.json().errors[0].code).toBe('not_officer');
    const withReviewer = await move(officer, m.id, {
      move: 'hold_hearing',
      secondOfficerId: reviewer.user.id,
    });
    expect(withReviewer.json().errors[0].code).toBe('not_officer');
    expect(
      (await move(officer, m.id, { move: 'hold_hearing', secondOfficerId: officer2.user.id })).statusCode,
    ).toBe(200);
    expect((await move(officer, m.id, { move: 'submit_review' })).statusCode).toBe(200);
    const returned = await move(reviewer, m.id, { move: 'return', note: '证据不足，补充询问笔录' });
    expect(returned.json().state).toBe('investigating');
    expect(returned.json().reviewOpinion).toBe('证据不足，补充询问笔录');
    const stale = await api(officer, 'POST', `/api/enforcement/matters/${m.id}/moves`, {
      move: 'notify',
      version: 1,
    });
    expect(stale.json().code).toBe('version_conflict');
  }, 60_000);
});

describe('time limits on the working calendar', () => {
  it('gives 15 working days to file, 90 days to decide, extendable once with approval; warns through the job queue', async () => {
    // Monday 2026-09-28, 10:00 CST: the National Day holiday and its make-up Saturday in between.
    const m = await openMatter({ discoveredAt: '2026-09-28T02:00:00.000Z' });
    expect(m.filingDeadline).toBe('2026-10-23T16:00:00.000Z');
    expect(m.stepDeadline).toBe(m.filingDeadline);
    expect(m.overdue).toBe(true);
    const job = await t.db
      .selectFrom('jobs')
      .select(['payload', 'run_at'])
      .where('kind', '=', 'enforcement.alarm')
      .where('key', '=', m.id)
      .where('done_at', 'is', null)
      .executeTakeFirstOrThrow();
    const yellow =
      new Date('2026-09-28T02:00:00.000Z').getTime() +
      0.8 * (Date.parse(m.filingDeadline) - Date.parse('2026-09-28T02:00:00.000Z'));
    expect(job.run_at.getTime()).toBe(yellow);
    await raiseEnforcementAlarm(t.db, job.payload as never);
    expect((await api(officer, 'GET', `/api/enforcement/matters/${m.id}`)).json().alarm).toBe('yellow');
    const red = await t.db
      .selectFrom('jobs')
      .select(['payload', 'run_at'])
      .where('kind', '=', 'enforcement.alarm')
      .where('key', '=', m.id)
      .where('done_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(red.run_at.toISOString()).toBe(m.filingDeadline);
    await raiseEnforcementAlarm(t.db, red.payload as never);
    expect((await api(officer, 'GET', `/api/enforcement/matters/${m.id}`)).json().alarm).toBe('red');
    const overdue = (await api(officer, 'GET', `/api/enforcement/matters?overdue=step&pageSize=500`)).json();
    expect(overdue.items.map((i: { id: string }) => i.id)).toContain(m.id);

    const filed = (await move(officer, m.id, { move: 'file' })).json();
    expect(filed.alarm).toBeNull();
    const day = new Date(Date.parse(filed.filedAt) + 8 * 3_600_000).toISOString().slice(0, 10);
    const ninety = new Date(Date.parse(`${day}T00:00:00Z`) + 91 * 86_400_000 - 8 * 3_600_000);
    expect(filed.decisionDeadline).toBe(ninety.toISOString());
    expect(
      (await move(officer, m.id, { move: 'extend', extensionDays: 30, note: '案情复杂' })).statusCode,
    ).toBe(403);
    const noReason = await move(reviewer, m.id, { move: 'extend', extensionDays: 30 });
    expect(noReason.statusCode).toBe(422);
    const extended = (
      await move(reviewer, m.id, { move: 'extend', extensionDays: 30, note: '案情复杂，需鉴定' })
    ).json();
    expect(Date.parse(extended.decisionDeadline) - Date.parse(filed.decisionDeadline)).toBe(30 * 86_400_000);
    expect(extended.stepDeadline).toBe(extended.decisionDeadline);
    expect(extended.extensionReason).toBe('案情复杂，需鉴定');
    const again = await move(reviewer, m.id, { move: 'extend', extensionDays: 10, note: '再次延长' });
    expect(again.json().reasonCode).toBe('extended');
  }, 60_000);
});

describe('the full record', () => {
  it('keeps evidence with its SHA-256, time, officers and place, and the database refuses to change or remove it', async () => {
    const m = await openMatter();
    await move(officer, m.id, { move: 'file' });
    const photo = {
      kind: 'photo',
      title: '占道现场',
      fileName: 'site.png',
      contentType: 'image/png',
      data: PNG,
      takenAt: new Date().toISOString(),
      location: '测试路1号门前',
      lon: 114.0,
      lat: 22.5,
    };
    const alone = await api(officer, 'POST', `/api/enforcement/matters/${m.id}/evidence`, photo);
    expect(alone.statusCode).toBe(422);
    const notPng = await api(officer, 'POST', `/api/enforcement/matters/${m.id}/evidence`, {
      ...photo,
      data: Buffer.from('hello').toString('base64'),
      secondOfficerId: officer2.user.id,
    });
    expect(notPng.json().errors[0].code).toBe('bad_file');
    const ok = await api(officer, 'POST', `/api/enforcement/matters/${m.id}/evidence`, {
      ...photo,
      secondOfficerId: officer2.user.id,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const item = ok.json().evidence[0];
    const { createHash } = await import('node:crypto');
    expect(item).toMatchObject({
      seq: 1,
      kind: 'photo',
      sha256: createHash('sha256').update(Buffer.from(PNG, 'base64')).digest('hex'),
      officerName: officer.user.username ? expect.any(String) : '',
      secondOfficerName: expect.any(String),
      location: '测试路1号门前',
    });
    await addNote(m.id);
    const index = (await api(leader, 'GET', `/api/enforcement/matters/${m.id}`)).json().evidence;
    expect(index.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
    await expect(
      t.db.updateTable('enforcement_evidence').set({ title: '改过' }).where('matter_id', '=', m.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.db.deleteFrom('enforcement_evidence').where('matter_id', '=', m.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.db.deleteFrom('enforcement_steps').where('matter_id', '=', m.id).execute(),
    ).rejects.toThrow(/append-only/);
    const after = (await api(leader, 'GET', `/api/enforcement/matters/${m.id}`)).json().evidence;
    expect(after).toEqual(index);
  }, 60_000);
});

async function decided(extra: Record<string, unknown>, documentNumber: string) {
  const m = await openMatter(extra);
  await move(officer, m.id, { move: 'file' });
  await addNote(m.id);
  await move(officer, m.id, { move: 'notify', penalty: '罚款人民币500元', legalBasis: '《条例》第十七条' });
  const r = await move(officer, m.id, { move: 'decide', documentNumber });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

describe('publication, documents and the credit event', () => {
  it('publishes a decision on the public page without personal names or numbers; flags one overdue', async () => {
    const m = await decided(
      {
        partyKind: 'person',
        orgId: undefined,
        partyName: '张三丰',
        partyIdNumber: '440305198001010013',
        facts: '张三丰（电话13800138000，身份证440305198001010013）在人行道摆摊',
      },
      'TEST-PUBLIC-1',
    );
    expect(m.partyIdNumber).toMatch(/^4403\*+/);
    const settings = (await api(officer, 'GET', '/api/enforcement/settings')).json();
    expect(settings.publicationWorkingDays).toBe(7);
    expect(m.publicationOverdue).toBe(false);
    await t.db
      .updateTable('enforcement_matters')
      .set({ publication_due: new Date(Date.now() - 60_000) })
      .where('id', '=', m.id)
      .execute();
    const late = (
      await api(officer, 'GET', '/api/enforcement/matters?overdue=publication&pageSize=500')
    ).json();
    expect(late.items.find((i: { id: string }) => i.id === m.id)?.publicationOverdue).toBe(true);
    expect((await move(officer, m.id, { move: 'publish' })).statusCode).toBe(200);
    const page = await api(null, 'GET', '/api/public/enforcement/decisions?pageSize=500');
    expect(page.statusCode).toBe(200);
    const mine = page
      .json()
      .items.find((d: { documentNumber: string }) => d.documentNumber === 'TEST-PUBLIC-1');
    expect(mine).toMatchObject({ party: '个人', creditCode: null, penalty: '罚款人民币500元' });
    const text = JSON.stringify(mine);
    expect(text).not.toContain('张三丰');
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('440305198001010013');
    expect(mine.facts).toContain('张某');
    // Organizations keep their unified credit code (a public fact); a person has no number at all.
    expect(text).not.toMatch(/\d{11,}/);
  }, 60_000);

  it('writes the notice and the decision as DOCX a word processor can read', async () => {
    const m = await decided({}, 'TEST-DOCX-1');
    const notice = await api(officer, 'GET', `/api/enforcement/matters/${m.id}/documents/notice`);
    expect(notice.statusCode).toBe(200);
    expect(notice.headers['content-type']).toContain('wordprocessingml');
    const noticeText = (await mammoth.extractRawText({ buffer: notice.rawPayload })).value;
    expect(noticeText).toContain('行政处罚事先告知书');
    expect(noticeText).toContain(org.name);
    expect(noticeText).toContain('罚款人民币500元');
    expect(noticeText).toContain('听证');
    const decision = await api(leader, 'GET', `/api/enforcement/matters/${m.id}/documents/decision`);
    const decisionText = (await mammoth.extractRawText({ buffer: decision.rawPayload })).value;
    expect(decisionText).toContain('行政处罚决定书');
    expect(decisionText).toContain('TEST-DOCX-1');
    expect(decisionText).toContain('行政复议');
    const fresh = await openMatter();
    expect(
      (await api(officer, 'GET', `/api/enforcement/matters/${fresh.id}/documents/decision`)).statusCode,
    ).toBe(409);
  }, 60_000);

  it('records enforcement.decision_final against the organization, in the decision transaction', async () => {
    const m = await decided({}, 'TEST-EVENT-1');
    const events = await readEvents(t.db, ['enforcement.decision_final']);
    const mine = events.filter((e) => e.payload.matterId === m.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ subjectType: 'org', subjectId: org.id, areaCode: org.grid_code });
    expect(mine[0].payload).toEqual({
      creditCode: org.credit_code,
      orgName: org.name,
      documentNumber: 'TEST-EVENT-1',
      decidedOn: new Date(Date.parse(m.decidedAt) + 8 * 3_600_000).toISOString().slice(0, 10),
      penalty: '罚款人民币500元',
      legalBasis: '《条例》第十七条',
      major: false,
      matterId: m.id,
    });
    // A duplicate document number is refused and records nothing.
    const again = await openMatter();
    await move(officer, again.id, { move: 'file' });
    await addNote(again.id);
    await move(officer, again.id, { move: 'notify', penalty: '罚款', legalBasis: '条例' });
    const dup = await move(officer, again.id, { move: 'decide', documentNumber: 'TEST-EVENT-1' });
    expect(dup.statusCode).toBe(422);
    expect(
      (await readEvents(t.db, ['enforcement.decision_final'])).filter((e) => e.payload.matterId === again.id),
    ).toEqual([]);
  }, 60_000);
});

describe('the demo and the wall', () => {
  it('has matters at every step, two major decisions after legal review and one publication overdue', async () => {
    const rows = await t.db
      .selectFrom('enforcement_matters')
      .selectAll()
      .where('number', 'like', 'ZF%')
      .where('created_by', 'is not', null)
      .execute();
    const demo = rows.filter((r) => r.document_number === null || r.document_number.startsWith('深南'));
    for (const state of MATTER_STATES)
      expect(
        demo.some((r) => r.state === state),
        state,
      ).toBe(true);
    const majors = demo.filter((r) => r.major && r.decided_at);
    expect(majors).toHaveLength(2);
    for (const r of majors) expect(r.reviewed_at!.getTime()).toBeLessThan(r.decided_at!.getTime());
    expect(
      demo.filter((r) => r.published_at === null && r.publication_due && r.publication_due < new Date()),
    ).toHaveLength(1);
    const figures = await enforcementWallFigures.compute(t.db, {
      areaCode: '440305000000',
      day: '2026-12-06',
      now: new Date(),
    });
    expect(figures.map((f) => f.key)).toEqual([
      'enforcement.stepsOverdue',
      'enforcement.mattersOpen',
      'enforcement.publicationsOverdue',
    ]);
    expect(figures[1].value).toBeGreaterThan(0);
  });
});
