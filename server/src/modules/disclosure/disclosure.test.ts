import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { excel } from '../../platform/exceljs.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { DISCLOSURE_LATE_JOB, flagLatePeriods, publishedStatementLines, scheduleLate } from './index.ts';

const COMMUNITY = '440305001001';
let t: TestApp;
let leader: Session;
let owner: Session;
let stranger: Session;
let worker: Session;
/** Two estates of the community with committees: the owner owns a house in A only. */
let estateA: string;
let estateB: string;

const line = (over: Record<string, unknown> = {}) => ({
  direction: 'income',
  category: 'parking',
  amount: 1_000_00,
  counterparty: '停车管理服务部',
  occurredOn: '2024-02-10',
  ...over,
});

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

beforeAll(async () => {
  t = await createTestApp();
  const estates = await t.db
    .selectFrom('estates')
    .select(['id'])
    .where('community_code', '=', COMMUNITY)
    .where('committee_org_id', 'is not', null)
    .orderBy('name')
    .limit(2)
    .execute();
  [estateA, estateB] = estates.map((e) => e.id) as [string, string];
  // An owner of a house in A who owns nothing in B.
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
  worker = await t.login((await buildUser(t.db, 'grid_worker', `${COMMUNITY}001`)).username);
}, 180_000);

afterAll(() => t?.close());

async function draft(period: string, body: Record<string, unknown>, estateId = estateA) {
  return t.as(leader, {
    method: 'POST',
    url: '/api/disclosure/statements',
    payload: { estateId, period, ...body },
  });
}

describe('committee statements', () => {
  it('refuses to publish a statement that does not add up, naming the numbers; publishes once it does', async () => {
    const created = await draft('2024-Q1', {
      openingBalance: 50_000_00,
      closingBalance: 50_600_00,
      lines: [
        line(),
        line({ direction: 'expense', category: 'running_costs', amount: 300_00, counterparty: '业委会' }),
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const s = created.json();
    expect(s).toMatchObject({ state: 'draft', income: 1_000_00, expense: 300_00, balanced: false });
    const refused = await t.as(leader, {
      method: 'POST',
      url: `/api/disclosure/statements/${s.id}/publish`,
      payload: { version: s.version },
      headers: { 'accept-language': 'en' },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      code: 'statement_unbalanced',
      opening: 50_000_00,
      income: 1_000_00,
      expense: 300_00,
      computed: 50_700_00,
      closing: 50_600_00,
    });
    expect(refused.json().detail).toContain('50000.00 + income 1000.00 − expense 300.00 = 50700.00');
    // A line outside the period, or a category of the wrong direction, is refused when saved.
    const badDate = await t.as(leader, {
      method: 'PUT',
      url: `/api/disclosure/statements/${s.id}`,
      payload: {
        version: s.version,
        openingBalance: 0,
        closingBalance: 0,
        lines: [line({ occurredOn: '2024-04-01' })],
      },
    });
    expect(badDate.statusCode).toBe(422);
    const badCategory = await t.as(leader, {
      method: 'PUT',
      url: `/api/disclosure/statements/${s.id}`,
      payload: {
        version: s.version,
        openingBalance: 0,
        closingBalance: 0,
        lines: [line({ direction: 'expense' })],
      },
    });
    expect(badCategory.statusCode).toBe(422);
    const fixed = await t.as(leader, {
      method: 'PUT',
      url: `/api/disclosure/statements/${s.id}`,
      payload: {
        version: s.version,
        openingBalance: 50_000_00,
        closingBalance: 50_700_00,
        lines: s.lines.map((l: Record<string, unknown>) => ({
          id: l.id,
          direction: l.direction,
          category: l.category,
          amount: l.amount,
          counterparty: l.counterparty,
          occurredOn: l.occurredOn,
        })),
      },
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().lines.map((l: { id: string }) => l.id)).toEqual(
      s.lines.map((l: { id: string }) => l.id),
    );
    const stale = await t.as(leader, {
      method: 'POST',
      url: `/api/disclosure/statements/${s.id}/publish`,
      payload: { version: s.version },
    });
    expect(stale.statusCode).toBe(409);
    const published = await t.as(leader, {
      method: 'POST',
      url: `/api/disclosure/statements/${s.id}/publish`,
      payload: { version: fixed.json().version },
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({
      state: 'published',
      balanced: true,
      current: true,
      revision: 1,
    });
  });

  it('keeps a published statement immutable, in the API and in the database', async () => {
    const s = (
      await t.as(leader, {
        method: 'GET',
        url: `/api/disclosure/statements?estateId=${estateA}&period=2024-Q1`,
      })
    ).json().items[0];
    const put = await t.as(leader, {
      method: 'PUT',
      url: `/api/disclosure/statements/${s.id}`,
      payload: { version: s.version, openingBalance: 0, closingBalance: 0, lines: [] },
    });
    expect(put.statusCode).toBe(409);
    expect(put.json().code).toBe('statement_published');
    await expect(
      t.db.updateTable('disclosure_statements').set({ closing_balance: 1 }).where('id', '=', s.id).execute(),
    ).rejects.toThrow(/immutable/);
    await expect(
      t.db.updateTable('disclosure_lines').set({ amount: 1 }).where('statement_id', '=', s.id).execute(),
    ).rejects.toThrow(/immutable/);
    await expect(t.db.deleteFrom('disclosure_statements').where('id', '=', s.id).execute()).rejects.toThrow(
      /immutable/,
    );
    const again = await draft('2024-Q1', { openingBalance: 0, closingBalance: 0, lines: [] });
    expect(again.statusCode).toBe(409);
  });

  it('corrects as a new revision with its reason; both stay readable', async () => {
    const list = await t.as(leader, {
      method: 'GET',
      url: `/api/disclosure/statements?estateId=${estateA}&period=2024-Q1`,
    });
    const original = list.json().items[0];
    const correction = await t.as(leader, {
      method: 'POST',
      url: `/api/disclosure/statements/${original.id}/correct`,
      payload: { version: original.version, reason: '停车收益金额录入错误' },
    });
    expect(correction.statusCode, correction.body).toBe(201);
    const c = correction.json();
    expect(c).toMatchObject({
      revision: 2,
      state: 'draft',
      correctsId: original.id,
      correctionReason: '停车收益金额录入错误',
    });
    expect(c.lines).toHaveLength(2);
    const changed = await t.as(leader, {
      method: 'PUT',
      url: `/api/disclosure/statements/${c.id}`,
      payload: {
        version: c.version,
        openingBalance: 50_000_00,
        closingBalance: 50_800_00,
        lines: c.lines.map((l: Record<string, unknown>) => ({
          id: l.id,
          direction: l.direction,
          category: l.category,
          amount: l.category === 'parking' ? 1_100_00 : l.amount,
          counterparty: l.counterparty,
          occurredOn: l.occurredOn,
        })),
      },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const published = await t.as(leader, {
      method: 'POST',
      url: `/api/disclosure/statements/${c.id}/publish`,
      payload: { version: changed.json().version },
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().revisions.map((r: { revision: number }) => r.revision)).toEqual([2, 1]);
    const old = (
      await t.as(owner, { method: 'GET', url: `/api/disclosure/statements/${original.id}` })
    ).json();
    expect(old).toMatchObject({ revision: 1, current: false, closingBalance: 50_700_00 });
    // Only the current revision may be corrected.
    const fromOld = await t.as(leader, {
      method: 'POST',
      url: `/api/disclosure/statements/${original.id}/correct`,
      payload: { version: old.version, reason: '再次更正' },
    });
    expect(fromOld.statusCode).toBe(409);
  });

  it("lets an owner of estate A read A's published statements only; never B's, never a draft", async () => {
    const b = await draft('2024-Q1', { openingBalance: 10_00, closingBalance: 10_00, lines: [] }, estateB);
    expect(b.statusCode, b.body).toBe(201);
    const bPublished = await t.as(leader, {
      method: 'POST',
      url: `/api/disclosure/statements/${b.json().id}/publish`,
      payload: { version: b.json().version },
    });
    expect(bPublished.statusCode).toBe(200);
    const aDraft = await draft('2024-Q2', { openingBalance: 0, closingBalance: 0, lines: [] });
    expect(aDraft.statusCode).toBe(201);
    const mine = (await t.as(owner, { method: 'GET', url: '/api/disclosure/mine' })).json();
    expect(mine.estates.map((e: { id: string }) => e.id)).toContain(estateA);
    expect(mine.estates.map((e: { id: string }) => e.id)).not.toContain(estateB);
    expect(mine.statements.every((s: { estateId: string }) => s.estateId !== estateB)).toBe(true);
    expect(mine.statements.some((s: { period: string }) => s.period === '2024-Q1')).toBe(true);
    expect(mine.statements.every((s: { state: string }) => s.state === 'published')).toBe(true);
    const bRead = await t.as(owner, { method: 'GET', url: `/api/disclosure/statements/${b.json().id}` });
    expect(bRead.statusCode).toBe(404);
    const bFdp = await t.as(owner, {
      method: 'GET',
      url: `/api/disclosure/statements/${b.json().id}/datapackage.json`,
    });
    expect(bFdp.statusCode).toBe(404);
    const draftRead = await t.as(owner, {
      method: 'GET',
      url: `/api/disclosure/statements/${aDraft.json().id}`,
    });
    expect(draftRead.statusCode).toBe(404);
    const theirs = (await t.as(stranger, { method: 'GET', url: '/api/disclosure/mine' })).json();
    expect(theirs).toEqual({ estates: [], statements: [] });
    // Staff lists are area-scoped; a grid worker has no access to the accounts.
    expect((await t.as(worker, { method: 'GET', url: '/api/disclosure/statements' })).statusCode).toBe(403);
    const outside = await t.as(leader, {
      method: 'GET',
      url: '/api/disclosure/statements?areaCode=440305001002',
    });
    expect(outside.statusCode).toBe(404);
    // The owner's view hides who on the staff published it.
    const aRead = (
      await t.as(owner, { method: 'GET', url: `/api/disclosure/statements/${mine.statements[0].id}` })
    ).json();
    expect(aRead.publisherName).toBeNull();
    expect(aRead.canPublish).toBe(false);
  });

  it('attaches voucher scans to a draft line and serves them to owners once published', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const d = (
      await t.as(leader, {
        method: 'GET',
        url: `/api/disclosure/statements?estateId=${estateA}&period=2024-Q2`,
      })
    ).json().items[0];
    const withLine = await t.as(leader, {
      method: 'PUT',
      url: `/api/disclosure/statements/${d.id}`,
      payload: {
        version: d.version,
        openingBalance: 0,
        closingBalance: 500_00,
        lines: [line({ occurredOn: '2024-05-05', amount: 500_00 })],
      },
    });
    const s = withLine.json();
    const attached = await t.as(leader, {
      method: 'POST',
      url: `/api/disclosure/statements/${s.id}/vouchers`,
      payload: {
        version: s.version,
        lineId: s.lines[0].id,
        fileName: '收据.png',
        contentType: 'image/png',
        data: png.toString('base64'),
      },
    });
    expect(attached.statusCode, attached.body).toBe(200);
    const voucher = attached.json().lines[0].vouchers[0];
    await t.as(leader, {
      method: 'POST',
      url: `/api/disclosure/statements/${s.id}/publish`,
      payload: { version: attached.json().version },
    });
    const file = await t.as(owner, {
      method: 'GET',
      url: `/api/disclosure/statements/${s.id}/vouchers/${voucher.id}`,
    });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(png)).toBe(true);
    const notPng = await t.as(leader, {
      method: 'POST',
      url: `/api/disclosure/statements/${s.id}/vouchers`,
      payload: {
        version: 1,
        lineId: s.lines[0].id,
        fileName: 'x.png',
        contentType: 'image/png',
        data: 'AAAA',
      },
    });
    expect(notPng.statusCode).toBe(409);
  });
});

async function workbook(rows: unknown[][], balances: [string, string] = ['1000.00', '1500.00']) {
  const wb = new (excel().Workbook)();
  const sheet = wb.addWorksheet('账目');
  sheet.addRow(['日期', '收支', '类别', '金额（元）', '收付对象', '摘要']);
  for (const r of rows) sheet.addRow(r);
  const b = wb.addWorksheet('余额');
  b.addRow(['项目', '金额']);
  b.addRow(['期初余额', balances[0]]);
  b.addRow(['期末余额', balances[1]]);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe('XLSX and Fiscal Data Package', () => {
  it('imports all or nothing, naming every problem with its row', async () => {
    const data = await workbook([
      ['2024-07-03', '收入', '停车费收益', '600.50', '停车管理服务部', ''],
      ['2024-07-04', '收入', '不存在的类别', '10', '某公司', ''],
      ['2024-07-05', '支出', '停车费收益', '10', '某公司', ''],
      ['2024-07-06', '支出', '业委会工作经费', '12.345', '业委会', ''],
      ['2024-10-01', '支出', '业委会工作经费', '100.50', '业委会', ''],
      ['2024-07-08', '支出', '业委会工作经费', '100', '', ''],
    ]);
    const refused = await t.as(leader, {
      method: 'POST',
      url: '/api/disclosure/statements/import',
      payload: { estateId: estateA, period: '2024-Q3', fileName: 'q3.xlsx', data },
    });
    expect(refused.statusCode).toBe(422);
    const body = refused.json();
    expect(body.code).toBe('statement_import_invalid');
    expect(body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'bad_category'],
      [4, 'wrong_direction'],
      [5, 'bad_amount'],
      [6, 'outside_period'],
      [7, 'no_counterparty'],
    ]);
    const none = await t.as(leader, {
      method: 'GET',
      url: `/api/disclosure/statements?estateId=${estateA}&period=2024-Q3`,
    });
    expect(none.json().total).toBe(0);
    const garbage = await t.as(leader, {
      method: 'POST',
      url: '/api/disclosure/statements/import',
      payload: { estateId: estateA, period: '2024-Q3', fileName: 'q3.xlsx', data: 'bm90IGEgd29ya2Jvb2s=' },
    });
    expect(garbage.statusCode).toBe(422);
  });

  it('imports the template filled in, exports it as XLSX that imports again, and as a Fiscal Data Package', async () => {
    const template = await t.as(leader, { method: 'GET', url: '/api/disclosure/template.xlsx' });
    expect(template.statusCode).toBe(200);
    const wb = new (excel().Workbook)();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    sheet.getRow(2).getCell(1).value = new Date('2024-07-15T00:00:00Z');
    sheet.addRow(['2024-08-01', '支出', '业委会工作经费', 300.5, '业主委员会', '办公用品']);
    const balances = wb.getWorksheet('余额')!;
    balances.getRow(2).getCell(2).value = '50000.00';
    balances.getRow(3).getCell(2).value = '62499.50';
    const data = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const imported = await t.as(leader, {
      method: 'POST',
      url: '/api/disclosure/statements/import',
      payload: { estateId: estateA, period: '2024-Q3', fileName: 'q3.xlsx', data },
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const s = imported.json();
    expect(s).toMatchObject({
      income: 1_280_000,
      expense: 30_050,
      openingBalance: 5_000_000,
      closingBalance: 6_249_950,
    });
    expect(s.balanced).toBe(true);
    expect(s.lines[0]).toMatchObject({ occurredOn: '2024-07-15', category: 'parking' });
    const published = await t.as(leader, {
      method: 'POST',
      url: `/api/disclosure/statements/${s.id}/publish`,
      payload: { version: s.version },
    });
    expect(published.statusCode, published.body).toBe(200);

    const exported = await t.as(owner, {
      method: 'GET',
      url: `/api/disclosure/statements/${s.id}/export.xlsx`,
    });
    expect(exported.statusCode).toBe(200);
    const again = await t.as(leader, {
      method: 'POST',
      url: '/api/disclosure/statements/import',
      payload: {
        estateId: estateB,
        period: '2024-Q3',
        fileName: 'x.xlsx',
        data: exported.rawPayload.toString('base64'),
      },
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({
      income: s.income,
      expense: s.expense,
      closingBalance: s.closingBalance,
    });

    const fdp = (
      await t.as(owner, { method: 'GET', url: `/api/disclosure/statements/${s.id}/datapackage.json` })
    ).json();
    expect(fdp).toMatchObject({
      name: expect.stringMatching(/^[a-z0-9-]+$/),
      profiles: { fiscal: '*', tabular: '*' },
      fiscalPeriod: { start: '2024-07-01', end: '2024-09-30' },
      model: {
        measures: {
          income: { source: 'income', currency: 'CNY', direction: 'revenue' },
          expense: { source: 'expense', currency: 'CNY', direction: 'expenditure' },
        },
        dimensions: {
          date: { dimensionType: 'datetime', primaryKey: ['date'] },
          'economic-classification': { dimensionType: 'classification' },
        },
      },
    });
    const resource = fdp.resources[0];
    const fields = resource.schema.fields.map((f: { name: string }) => f.name);
    // Every source the model names is a field of the resource.
    for (const m of Object.values(fdp.model.measures) as { source: string }[])
      expect(fields).toContain(m.source);
    for (const d of Object.values(fdp.model.dimensions) as {
      attributes: Record<string, { source: string }>;
    }[])
      for (const a of Object.values(d.attributes)) expect(fields).toContain(a.source);
    expect(resource.data).toHaveLength(2);
    expect(resource.data[1]).toMatchObject({ expense: 300.5, income: null, category: 'running_costs' });
  });
});

describe('late periods', () => {
  it('flags periods not published by their due day, through the job queue; publishing clears the flag', async () => {
    await t.as(leader, {
      method: 'PUT',
      url: '/api/settings/disclosure',
      payload: { periodKind: 'month', graceDays: 30 },
    });
    const districtAdmin = await t.login((await buildUser(t.db, 'district_admin', '440305000000')).username);
    const put = await t.as(districtAdmin, {
      method: 'PUT',
      url: '/api/settings/disclosure',
      payload: { periodKind: 'month', graceDays: 30 },
    });
    expect(put.statusCode, put.body).toBe(200);
    await scheduleLate(t.db);
    // Other modules' demo jobs may be due before it (the queue takes a batch at a time): work the
    // queue until the late-period job has run and scheduled its next run.
    const lateJob = () =>
      t.db
        .selectFrom('jobs')
        .select(['done_at', 'run_at'])
        .where('kind', '=', DISCLOSURE_LATE_JOB)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
    for (let i = 0; i < 50 && (await lateJob()).run_at.getTime() <= Date.now(); i++)
      await t.app.jobs.runOnce();
    const job = await lateJob();
    // The job ran and scheduled its next run a day later.
    expect(job.done_at).toBeNull();
    expect(job.run_at.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const late = await t.as(leader, { method: 'GET', url: '/api/disclosure/late?open=true' });
    expect(late.statusCode).toBe(200);
    // The months looked back on (the demo may also have flagged a quarter of this estate).
    const flagged = late
      .json()
      .filter(
        (l: { estateId: string; period: string }) => l.estateId === estateA && /^\d{4}-\d{2}$/.test(l.period),
      );
    expect(flagged.length).toBe(4);
    // Publishing a flagged month marks it published late.
    const month = flagged[flagged.length - 1].period as string;
    const d = await draft(month, { openingBalance: 0, closingBalance: 0, lines: [] });
    expect(d.statusCode, d.body).toBe(201);
    const p = await t.as(leader, {
      method: 'POST',
      url: `/api/disclosure/statements/${d.json().id}/publish`,
      payload: { version: d.json().version },
    });
    expect(p.json().late).toBe(true);
    const after = (await t.as(leader, { method: 'GET', url: '/api/disclosure/late?open=false' })).json();
    expect(
      after.some((l: { estateId: string; period: string }) => l.estateId === estateA && l.period === month),
    ).toBe(true);
    // Flagging twice adds nothing.
    const before = (
      await t.db
        .selectFrom('disclosure_late')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    await flagLatePeriods(t.db);
    const twice = (
      await t.db
        .selectFrom('disclosure_late')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    expect(twice).toBe(before);
    await t.as(districtAdmin, {
      method: 'PUT',
      url: '/api/settings/disclosure',
      payload: { periodKind: 'quarter', graceDays: 30 },
    });
  });
});

describe('demo and open data', () => {
  it('gives committees four quarters, some published late, some corrected; open data carries no counterparty', async () => {
    const { rows } = await sql<{ estates: number; late: number; corrected: number; missing: number }>`
      select count(distinct estate_id)::int as estates,
        (select count(*)::int from disclosure_late where published_at is not null) as late,
        (select count(*)::int from disclosure_statements where revision = 2 and correction_reason like '第4行%') as corrected,
        (select count(*)::int from disclosure_late where published_at is null and period like '%-Q%') as missing
      from disclosure_statements where period_start > '2025-01-01'`.execute(t.db);
    expect(rows[0]!.estates).toBeGreaterThan(2);
    expect(rows[0]!.late).toBeGreaterThan(0);
    expect(rows[0]!.corrected).toBeGreaterThan(0);
    expect(rows[0]!.missing).toBeGreaterThan(0);
    const unbalanced = await sql<{ n: number }>`
      select count(*)::int as n from disclosure_statements s where s.opening_balance
        + coalesce((select sum(case when direction = 'income' then amount else -amount end) from disclosure_lines where statement_id = s.id), 0)
        <> s.closing_balance`.execute(t.db);
    expect(unbalanced.rows[0]!.n).toBe(0);
    const open = await publishedStatementLines(t.db, COMMUNITY);
    expect(open.length).toBeGreaterThan(0);
    expect(Object.keys(open[0]!)).not.toContain('counterparty');
    expect(Object.keys(open[0]!)).not.toContain('description');
    // Only current revisions.
    const ids = new Set(open.map((l) => `${l.estateId}/${l.period}`));
    const revisions = new Set(open.map((l) => `${l.estateId}/${l.period}/${l.revision}`));
    expect(revisions.size).toBe(ids.size);
  });
});
