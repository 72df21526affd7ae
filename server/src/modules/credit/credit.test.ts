import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvents } from '../../platform/domain-events.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { abnormalListCsv } from '../demo/index.ts';
import { CASE_RULE, recordCaseOutcomes } from './credit.cases.ts';
import { CREDIT_JOB, readDecisions, scheduleCredit } from './credit.service.ts';

let t: TestApp;
let admin: Session;
let org: { id: string; name: string; credit_code: string | null; grid_code: string };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  // The demo's enforcement decisions become entries first; then an organization with none.
  await readDecisions(t.db);
  org = await t.db
    .selectFrom('orgs')
    .select(['id', 'name', 'credit_code', 'grid_code'])
    .where('credit_code', 'is not', null)
    .where('id', 'not in', t.db.selectFrom('credit_entries').select('org_id').where('org_id', 'is not', null))
    .orderBy('id')
    .executeTakeFirstOrThrow();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const decision = (documentNumber: string, decidedOn: string, major = false) => ({
  kind: 'enforcement.decision_final',
  subjectType: 'org',
  subjectId: org.id,
  areaCode: org.grid_code,
  payload: {
    creditCode: org.credit_code,
    orgName: org.name,
    documentNumber,
    decidedOn,
    penalty: '占道经营，处罚款 2000 元',
    legalBasis: '《深圳市市容和环境卫生管理条例》第二十二条',
    major,
    matterId: '00000000-0000-4000-8000-000000000001',
  },
});

const publicQuery = (q: string, ip = '10.9.0.1') =>
  t.app.inject({ method: 'GET', url: `/api/credit/public?q=${encodeURIComponent(q)}`, remoteAddress: ip });

describe('credit entries from enforcement decisions', () => {
  it('reads final decisions once, with the publication period of their severity', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await recordEvents(t.db, [
      decision('深南综执罚决字〔2026〕0001号', today),
      decision('深南综执罚决字〔2026〕0002号', today, true),
    ]);
    // Not about an organization: ignored.
    await recordEvents(t.db, [
      { kind: 'enforcement.decision_final', subjectType: 'person', subjectId: 'x', payload: {} },
    ]);
    expect(await readDecisions(t.db)).toBe(2);
    expect(await readDecisions(t.db)).toBe(0);

    const list = await t.as(admin, { method: 'GET', url: `/api/credit/entries?q=${org.credit_code}` });
    const items = list.json().items as {
      documentNumber: string;
      severity: string;
      publishUntil: string;
      state: string;
    }[];
    expect(items).toHaveLength(2);
    const general = items.find((e) => e.documentNumber.endsWith('0001号'))!;
    const major = items.find((e) => e.documentNumber.endsWith('0002号'))!;
    expect(general).toMatchObject({ severity: 'general', state: 'public' });
    expect(Number(general.publishUntil.slice(0, 4)) - Number(today.slice(0, 4))).toBe(1);
    expect(Number(major.publishUntil.slice(0, 4)) - Number(today.slice(0, 4))).toBe(3);
  });

  it('the job reads new decisions and looks again in a minute', async () => {
    await recordEvents(t.db, [decision('深南综执罚决字〔2026〕J0B7号', '2026-11-01')]);
    await scheduleCredit(t.db);
    await t.app.jobs.runOnce();
    const list = await t.as(admin, {
      method: 'GET',
      url: `/api/credit/entries?q=${encodeURIComponent('J0B7号')}`,
    });
    expect(list.json().total).toBe(1);
    const next = await t.db
      .selectFrom('jobs')
      .select('run_at')
      .where('kind', '=', CREDIT_JOB)
      .where('done_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(next.run_at.getTime()).toBeGreaterThan(Date.now() + 30_000);
  });

  it('the public query by credit code or name shows public entries only', async () => {
    const byCode = await publicQuery(org.credit_code!);
    expect(byCode.statusCode).toBe(200);
    expect(byCode.json().items).toHaveLength(1);
    expect(byCode.json().items[0].entries).toHaveLength(3);
    const byName = await publicQuery(org.name);
    expect(byName.json().items.some((i: { creditCode: string }) => i.creditCode === org.credit_code)).toBe(
      true,
    );
    // A case outcome is recorded for government use only.
    const restricted = await t.as(admin, {
      method: 'POST',
      url: '/api/credit/entries',
      payload: {
        orgId: org.id,
        source: 'case',
        reference: 'C-2026-1',
        title: '三次占道经营',
        decidedOn: '2026-10-01',
      },
    });
    expect(restricted.statusCode, restricted.body).toBe(201);
    expect(restricted.json()).toMatchObject({
      kind: 'case_outcome',
      visibility: 'restricted',
      state: 'restricted',
    });
    expect((await publicQuery(org.credit_code!)).json().items[0].entries).toHaveLength(3);
    const red = await t.as(admin, {
      method: 'POST',
      url: '/api/credit/entries',
      payload: {
        orgId: org.id,
        source: 'commendation',
        reference: 'R-1',
        title: '诚信经营示范单位',
        decidedOn: '2026-09-01',
      },
    });
    expect(red.json()).toMatchObject({ kind: 'commendation', severity: 'positive', state: 'public' });
    expect((await publicQuery(org.credit_code!)).json().items[0].entries).toHaveLength(4);
  });

  it('the public query is rate limited per address', async () => {
    let last = 200;
    for (let i = 0; i < 31; i++) last = (await publicQuery('华盛', '10.9.9.9')).statusCode;
    expect(last).toBe(429);
  });
});

describe('credit repair', () => {
  it('apply with evidence, refuse with reasons, apply again, approve: the entry leaves the public view and stays in history', async () => {
    const entries = (
      await t.as(admin, { method: 'GET', url: `/api/credit/entries?q=${org.credit_code}&state=public` })
    ).json().items;
    const penalty = entries.find((e: { kind: string }) => e.kind === 'penalty');
    const apply = () =>
      t.as(admin, {
        method: 'POST',
        url: `/api/credit/entries/${penalty.id}/repairs`,
        payload: {
          applicant: org.name,
          reason: '已整改，罚款已缴清',
          evidence: [{ name: '缴款凭证', note: '银行回单' }],
        },
      });
    const first = await apply();
    expect(first.statusCode, first.body).toBe(201);
    expect((await apply()).statusCode).toBe(409);
    const decide = (id: string, decision: string, version: number) =>
      t.as(admin, {
        method: 'POST',
        url: `/api/credit/repairs/${id}/decide`,
        payload: { decision, reason: decision === 'refuse' ? '缺少整改照片' : '整改到位', version },
      });
    expect((await decide(first.json().id, 'refuse', 7)).statusCode).toBe(409);
    const refused = await decide(first.json().id, 'refuse', 1);
    expect(refused.json()).toMatchObject({ state: 'refused', decisionReason: '缺少整改照片' });
    expect((await decide(first.json().id, 'approve', 2)).statusCode).toBe(409);

    const second = await apply();
    expect(second.statusCode).toBe(201);
    const approved = await decide(second.json().id, 'approve', 1);
    expect(approved.json()).toMatchObject({ state: 'approved', decidedByName: expect.any(String) });

    const detail = (await t.as(admin, { method: 'GET', url: `/api/credit/entries/${penalty.id}` })).json();
    expect(detail.state).toBe('repaired');
    expect(detail.repairs.map((r: { state: string }) => r.state).sort()).toEqual(['approved', 'refused']);
    const publicEntries = (await publicQuery(org.credit_code!, '10.9.0.2')).json().items[0].entries;
    expect(
      publicEntries.some((e: { documentNumber: string }) => e.documentNumber === penalty.documentNumber),
    ).toBe(false);
    expect((await apply()).statusCode).toBe(409);

    const csv = await t.as(admin, { method: 'GET', url: '/api/credit/export' });
    expect(csv.body.startsWith('\uFEFF行政相对人名称,统一社会信用代码')).toBe(true);
    expect(csv.body).toContain(`${penalty.documentNumber}`);
    expect(csv.body).toContain('repaired');
  });

  it('an organization sees its own records and applies through its partner key', async () => {
    const issued = await t.as(admin, {
      method: 'POST',
      url: '/api/opendata/partner-keys',
      payload: {
        name: '自助查询',
        holder: org.name,
        purpose: '本单位信用查询',
        datasets: [],
        dailyQuota: 100,
        ratePerMinute: 10,
        orgId: org.id,
      },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const headers = { authorization: issued.json().key };
    const own = await t.app.inject({ method: 'GET', url: '/api/credit/own', headers });
    expect(own.statusCode).toBe(200);
    const entries = own.json().entries as { id: string; kind: string; state: string }[];
    expect(entries.some((e) => e.state === 'repaired')).toBe(true);
    expect(entries.some((e) => e.state === 'restricted')).toBe(true);
    const major = entries.find((e) => e.kind === 'penalty' && e.state === 'public')!;
    const applied = await t.app.inject({
      method: 'POST',
      url: '/api/credit/own/repairs',
      headers,
      payload: {
        entryId: major.id,
        applicant: org.name,
        reason: '已整改',
        evidence: [{ name: '说明', note: '' }],
      },
    });
    expect(applied.statusCode, applied.body).toBe(201);
    const pending = await t.as(admin, { method: 'GET', url: '/api/credit/repairs?state=pending' });
    expect(pending.json().items.some((r: { id: string }) => r.id === applied.json().id)).toBe(true);
    // Someone else's entry is not found through this key.
    const other = await t.db
      .selectFrom('credit_entries')
      .select('id')
      .where('org_id', '!=', org.id)
      .executeTakeFirstOrThrow();
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/credit/own/repairs',
      headers,
      payload: { entryId: other.id, applicant: 'x', reason: 'x', evidence: [{ name: 'x', note: '' }] },
    });
    expect(refused.statusCode).toBe(404);
  });
});

describe('scope', () => {
  it('an administrator of another community neither sees nor records entries here', async () => {
    const community = org.grid_code.slice(0, 12);
    const elsewhere = community.endsWith('1') ? `${community.slice(0, 11)}2` : `${community.slice(0, 11)}1`;
    const other = await buildUser(t.db, 'district_admin', elsewhere);
    const session = await t.login(other.username);
    const list = await t.as(session, { method: 'GET', url: `/api/credit/entries?q=${org.credit_code}` });
    expect(list.json().items).toHaveLength(0);
    const entry = (
      await t.as(admin, { method: 'GET', url: `/api/credit/entries?q=${org.credit_code}` })
    ).json().items[0];
    expect((await t.as(session, { method: 'GET', url: `/api/credit/entries/${entry.id}` })).statusCode).toBe(
      404,
    );
    expect(
      (await t.as(session, { method: 'GET', url: `/api/credit/entries?areaCode=${community}` })).statusCode,
    ).toBe(404);
    const create = await t.as(session, {
      method: 'POST',
      url: '/api/credit/entries',
      payload: {
        orgId: org.id,
        source: 'commendation',
        reference: 'R-x',
        title: 'x',
        decidedOn: '2026-09-01',
      },
    });
    expect(create.statusCode).toBe(422);
    const grid = await buildUser(t.db, 'grid_worker', org.grid_code);
    expect(
      (await t.as(await t.login(grid.username), { method: 'GET', url: '/api/credit/entries' })).statusCode,
    ).toBe(403);
  });
});

describe('the abnormal operation list (经营异常名录) from market regulation', () => {
  const upload = (body: string | Buffer, query = '', type = 'text/csv') =>
    t.as(admin, {
      method: 'POST',
      url: `/api/credit/abnormal-list${query}`,
      headers: { 'content-type': type },
      payload: body,
    });

  it('records a listing per registered organization matched by credit code, and reports unknown codes', async () => {
    const orgs = (
      await t.db
        .selectFrom('orgs')
        .select(['credit_code', 'name'])
        .where('credit_code', 'is not', null)
        .where('retired_at', 'is', null)
        .orderBy('id')
        .execute()
    ).map((o) => ({ creditCode: o.credit_code!, name: o.name }));
    const { csv, counts } = abnormalListCsv(orgs, { seed: 7, share: 0.2 });
    expect(counts.listed).toBeGreaterThan(2);

    const dry = await upload(csv, '?dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({
      rows: counts.rows,
      added: counts.listed,
      removed: counts.removed,
      alreadyRecorded: 0,
      outsideScope: [],
    });
    expect(dry.json().unknownCodes).toHaveLength(counts.unknownCodes);
    expect(
      dry
        .json()
        .invalid.map((p: { field: string; problem: string }) => `${p.field}:${p.problem}`)
        .sort(),
    ).toEqual(['creditCode:wrong_check_character', 'listedOn:bad_date']);
    const before = await t.db
      .selectFrom('credit_entries')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('source', '=', 'market_ledger')
      .executeTakeFirstOrThrow();

    const done = await upload(csv, '?fileName=list.csv');
    expect(done.json()).toMatchObject({ added: counts.listed, alreadyRecorded: 0 });
    const entries = await t.db
      .selectFrom('credit_entries')
      .selectAll()
      .where('source', '=', 'market_ledger')
      .where('source_ref', 'like', 'market_ledger:%')
      .execute();
    expect(entries).toHaveLength(counts.listed);
    for (const e of entries) {
      expect(e).toMatchObject({ kind: 'abnormal_operation', visibility: 'public', severity: 'general' });
      expect(e.org_id).not.toBeNull();
      expect(e.legal_basis).toBe('《企业经营异常名录管理暂行办法》第四条');
      expect(Number(e.publish_until.slice(0, 4)) - Number(e.decided_on.slice(0, 4))).toBe(3);
    }
    const after = await t.db
      .selectFrom('credit_entries')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('source', '=', 'market_ledger')
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(counts.listed);

    // The same list again records nothing new.
    expect((await upload(csv)).json()).toMatchObject({ added: 0, alreadyRecorded: counts.listed });
    // A listing is found by the public query.
    const listed = entries[0];
    const found = (await publicQuery(listed.credit_code!, '10.9.3.1')).json().items[0];
    expect(found.entries.map((x: { kind: string }) => x.kind)).toContain('abnormal_operation');
  });

  it('refuses a file without the required columns, and a body that is not a file', async () => {
    const bad = await upload('单位名称,地址\r\n某某公司,某某路\r\n');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('abnormal_list_columns');
    const json = await t.as(admin, {
      method: 'POST',
      url: '/api/credit/abnormal-list',
      payload: { rows: [] },
    });
    expect(json.statusCode).toBe(415);
  });
});

describe('entries from case outcomes attributed to an organization', () => {
  const DAY = 86_400_000;
  let serial = 0;
  async function closedCase(orgId: string, category: string, closedAt: Date) {
    const grid = (
      await t.db.selectFrom('orgs').select('grid_code').where('id', '=', orgId).executeTakeFirstOrThrow()
    ).grid_code;
    await t.db
      .insertInto('cases')
      .values({
        number: `TC-${Date.now()}-${++serial}`,
        source: 'grid_worker',
        category_code: category,
        grid_code: grid,
        description: '店外经营，占用人行道',
        state: 'closed',
        reported_at: new Date(closedAt.getTime() - DAY),
        closed_at: closedAt,
        org_id: orgId,
      })
      .execute();
  }
  const ruleEntries = (orgId: string) =>
    t.db
      .selectFrom('credit_entries')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('source_ref', 'like', 'case_rule:%')
      .orderBy('decided_on')
      .execute();

  it(`${CASE_RULE.count} closed cases of the rule's categories within ${CASE_RULE.days} days make one restricted entry; the next needs ${CASE_RULE.count} more`, async () => {
    const shop = await t.db
      .selectFrom('orgs')
      .select(['id'])
      .where('credit_code', 'is not', null)
      .where('id', '!=', org.id)
      // None of the demo's attributed cases.
      .where('id', 'not in', t.db.selectFrom('cases').select('org_id').where('org_id', 'is not', null))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const now = new Date();
    await closedCase(shop.id, 'occupying_road', new Date(now.getTime() - 80 * DAY));
    await closedCase(shop.id, 'noise', new Date(now.getTime() - 50 * DAY));
    // Not a category of the rule: not counted.
    await closedCase(shop.id, 'street_light', new Date(now.getTime() - 40 * DAY));
    expect(await recordCaseOutcomes(t.db, now)).toBe(0);
    await closedCase(shop.id, 'occupying_road', new Date(now.getTime() - 10 * DAY));
    expect(await recordCaseOutcomes(t.db, now)).toBe(1);
    expect(await recordCaseOutcomes(t.db, now)).toBe(0);
    const [entry] = await ruleEntries(shop.id);
    expect(entry).toMatchObject({
      source: 'case',
      kind: 'case_outcome',
      visibility: 'restricted',
      decided_on: new Date(now.getTime() - 10 * DAY + 8 * 3_600_000).toISOString().slice(0, 10),
    });
    expect(entry.title).toContain('店外经营');
    // Two more: not yet; the third after the entry makes the next.
    await closedCase(shop.id, 'illegal_ad', new Date(now.getTime() - 5 * DAY));
    await closedCase(shop.id, 'occupying_road', new Date(now.getTime() - 3 * DAY));
    expect(await recordCaseOutcomes(t.db, now)).toBe(0);
    await closedCase(shop.id, 'occupying_road', new Date(now.getTime() - 1 * DAY));
    expect(await recordCaseOutcomes(t.db, now)).toBe(1);
    expect(await ruleEntries(shop.id)).toHaveLength(2);
    // Restricted: not in the public query.
    const publicView = (await publicQuery(entry.credit_code!, '10.9.4.1')).json().items;
    for (const o of publicView)
      for (const e of o.entries) expect((e as { kind: string }).kind).not.toBe('case_outcome');
  });

  it('cases spread wider than the window make none', async () => {
    const shop = await t.db
      .selectFrom('orgs')
      .select(['id'])
      .where('credit_code', 'is not', null)
      .where('id', '!=', org.id)
      // None of the demo's attributed cases.
      .where('id', 'not in', t.db.selectFrom('cases').select('org_id').where('org_id', 'is not', null))
      .orderBy('id', 'desc')
      .offset(1)
      .executeTakeFirstOrThrow();
    const start = new Date(Date.now() - 300 * DAY);
    for (const d of [0, 60, 120])
      await closedCase(shop.id, 'occupying_road', new Date(start.getTime() + d * DAY));
    for (const d of [61, 121, 125])
      expect(await recordCaseOutcomes(t.db, new Date(start.getTime() + d * DAY))).toBe(0);
    expect(await ruleEntries(shop.id)).toHaveLength(0);
  });

  it('closing a case names the organization its outcome is attributed to', async () => {
    // Two open cases brought to the verified state (the step before closing).
    const open = await t.db
      .selectFrom('cases')
      .select('id')
      .where('state', 'in', ['handling', 'dispatched', 'registered'])
      .orderBy('id')
      .limit(2)
      .execute();
    const verified = await t.db
      .updateTable('cases')
      .set({ state: 'verified', step: 'close' })
      .where(
        'id',
        'in',
        open.map((c) => c.id),
      )
      .returning(['id', 'version'])
      .execute();
    expect(verified.length).toBeGreaterThan(1);
    const close = (id: string, body: Record<string, unknown>) =>
      t.as(admin, { method: 'POST', url: `/api/cases/${id}/close`, payload: body });
    const [a, b] = verified;
    const unknown = await close(a.id, { version: a.version, orgId: '00000000-0000-4000-8000-00000000abcd' });
    expect(unknown.statusCode, unknown.body).toBe(422);
    const ok = await close(a.id, { version: a.version, orgId: org.id });
    expect(ok.statusCode, ok.body).toBe(200);
    const row = await t.db
      .selectFrom('cases')
      .select(['org_id', 'state'])
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ org_id: org.id, state: 'closed' });
    // Without one, as before.
    expect((await close(b.id, { version: b.version })).statusCode).toBe(200);
    expect(
      (await t.db.selectFrom('cases').select('org_id').where('id', '=', b.id).executeTakeFirstOrThrow())
        .org_id,
    ).toBeNull();
  });
});
