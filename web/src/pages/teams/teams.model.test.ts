import { describe, expect, it } from 'vitest';
import type { Member, RewardLedger } from './teams.api';
import {
  belongsToValue,
  changedSince,
  chartRows,
  createBody,
  formatShare,
  ledgerCsv,
  memberValues,
  monthOf,
  parseBelongsTo,
  planFilter,
  todayCst,
  updateBody,
} from './teams.model';

const member: Member = {
  id: '6f1c1c1e-0000-4000-8000-000000000001',
  areaCode: '440305001001',
  name: '李四',
  team: 'service',
  forceCode: null,
  forceName: null,
  organization: '社区工作站',
  duty: '养老服务',
  workPhone: '0755-86001234',
  privatePhone: '139****5678',
  userId: null,
  username: null,
  status: 'active',
  grids: [
    { gridCode: '440305001001001', gridName: '一网格', isHead: true },
    { gridCode: '440305001001002', gridName: '二网格', isHead: false },
  ],
  version: 3,
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-02T00:00:00Z',
};

describe('team or force', () => {
  it('reads and writes one select value for either', () => {
    expect(belongsToValue(member)).toBe('team:service');
    expect(belongsToValue({ team: null, forceCode: 'police' })).toBe('force:police');
    expect(parseBelongsTo('force:police')).toEqual({ team: null, forceCode: 'police' });
    expect(parseBelongsTo('team:volunteer')).toEqual({ team: 'volunteer', forceCode: null });
  });
});

describe('member bodies', () => {
  it('leaves empty fields out of a new member', () => {
    const values = { ...memberValues(), name: ' 王五 ', workPhone: '  ', duty: '巡查' };
    expect(createBody(values)).toEqual({ name: '王五', team: 'service', forceCode: null, duty: '巡查' });
  });

  it('sends only the version when nothing changed, and never the masked private phone', () => {
    expect(updateBody(member, memberValues(member))).toEqual({ version: 3 });
  });

  it('sends the changed fields, both team and force on a move, and the whole grid list', () => {
    const values = memberValues(member);
    values.belongsTo = 'force:police';
    values.duty = '';
    values.grids = [{ gridCode: '440305001001002', isHead: true }];
    expect(updateBody(member, values)).toEqual({
      version: 3,
      team: null,
      forceCode: 'police',
      duty: null,
      grids: [{ gridCode: '440305001001002', isHead: true }],
    });
  });

  it('does not count the same grids in another order as a change', () => {
    const values = memberValues(member);
    values.grids = [...values.grids].reverse();
    expect(updateBody(member, values)).toEqual({ version: 3 });
  });

  it('names the fields another editor changed', () => {
    const current = { ...member, version: 4, duty: '平安建设', grids: [member.grids[0]] };
    expect(changedSince(member, current)).toEqual(['duty', 'grids']);
  });
});

describe('plans', () => {
  it('builds the filter that fits the target type', () => {
    expect(planFilter('person', 'elderly_alone')).toEqual({ tag: 'elderly_alone' });
    expect(planFilter('house', 'rented')).toEqual({ usage: 'rented' });
    expect(planFilter('org', 'shop')).toEqual({ kind: 'shop' });
    expect(planFilter('grid', 'shop')).toEqual({});
  });
});

describe('coverage', () => {
  const row = (areaCode: string, planned: number, coverage: number | null) => ({
    areaCode,
    name: areaCode,
    planned,
    done: 0,
    onTime: 0,
    overdue: 0,
    pending: 0,
    coverage,
  });

  it('charts the lowest coverage first, unsettled ones last, empty ones not at all', () => {
    const rows = [row('a', 10, 0.9), row('b', 5, null), row('c', 0, null), row('d', 8, 0.5)];
    expect(chartRows(rows).map((r) => r.areaCode)).toEqual(['d', 'a', 'b']);
    expect(chartRows(rows, 1).map((r) => r.areaCode)).toEqual(['d']);
  });

  it('formats a share, with a dash for nothing settled', () => {
    expect(formatShare(0.875, 'en')).toBe('87.5%');
    expect(formatShare(null, 'en')).toBe('—');
  });

  it('knows the CST day and its month', () => {
    expect(todayCst(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
    expect(monthOf('2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthOf('2028-02-01')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
});

describe('reward ledger CSV', () => {
  const ledger: RewardLedger = {
    year: 2026,
    rule: '',
    rules: { junior: 2000, intermediate: 3000, senior: 4000 },
    items: [
      {
        memberId: 'm1',
        name: '张三',
        areaCode: '440305001001',
        level: 'junior',
        certificateNo: 'A-1',
        amount: 2000,
      },
      {
        memberId: 'm2',
        name: '=cmd, "x"',
        areaCode: '440305001002',
        level: 'senior',
        certificateNo: 'B2',
        amount: 4000,
      },
    ],
    total: 2,
    totalAmount: 6000,
  };
  const headers = {
    name: '姓名',
    area: '区域',
    level: '等级',
    certificateNo: '证书',
    amount: '金额',
    total: '合计',
  };

  it('has a BOM, a header, a line per member and a total, with cells quoted and formulas defused', () => {
    const text = ledgerCsv(
      ledger,
      headers,
      (level) => `L-${level}`,
      (code) => `A${code.slice(-1)}`,
    );
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.slice(1).split('\r\n')).toEqual([
      '姓名,区域,等级,证书,金额',
      '张三,A1,L-junior,A-1,2000',
      `"'=cmd, ""x""",A2,L-senior,B2,4000`,
      '合计,,,2,6000',
      '',
    ]);
  });
});
