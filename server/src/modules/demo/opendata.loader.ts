import type { Db } from '../../db/database.ts';
import { attributeClosedCases, unattributedClosedCases } from '../cases/index.ts';
import {
  type BulkRecord,
  CASE_RULE,
  organizationsForDemo,
  recordCaseOutcomes,
  recordInBulk,
} from '../credit/index.ts';
import {
  DATASETS_NAMES,
  issuePartnerKeyAsSystem,
  recordUsageInBulk,
  refreshDataset,
} from '../opendata/index.ts';
import { createRandom, randomInt } from './random.ts';

const DAY_MS = 86_400_000;
const cstDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Open data and credit records of the demo district: every dataset refreshed as of a month ago
 * and today (a refresh that finds nothing new makes no version), two partners
 * with a month of usage, and credit records for about one organization in twelve, with repair
 * applications pending, approved and refused.
 */
export async function loadOpenData(db: Db, options: { seed: number; now?: Date }) {
  const now = options.now ?? new Date();
  for (const daysAgo of [30, 0]) {
    const at = new Date(now.getTime() - daysAgo * DAY_MS);
    for (const name of DATASETS_NAMES) await refreshDataset(db, name, { now: at, asOf: cstDay(at) });
  }
  const random = createRandom(options.seed + 23);
  const bank = await issuePartnerKeyAsSystem(db, {
    name: '银行网点选址',
    holder: '某商业银行深圳分行',
    purpose: '网点与自助设备选址分析',
    datasets: [],
    dailyQuota: 5000,
    ratePerMinute: 120,
    expiresInDays: 365,
  });
  const university = await issuePartnerKeyAsSystem(db, {
    name: '人口老龄化研究',
    holder: '深圳大学社会学系',
    purpose: '社区老龄化与养老服务研究（网格级，经伦理审查）',
    datasets: ['population-by-grid-age'],
    dailyQuota: 2000,
    ratePerMinute: 60,
    expiresInDays: 180,
  });
  const usage: Parameters<typeof recordUsageInBulk>[1] = [];
  for (let d = 30; d >= 1; d--) {
    const day = cstDay(new Date(now.getTime() - d * DAY_MS));
    for (const dataset of ['organizations', 'urban-components', 'houses-by-community-usage']) {
      const calls = randomInt(random, 5, 80);
      usage.push({ keyId: bank.id, day, dataset, calls, rows: calls * randomInt(random, 20, 100) });
    }
    for (const dataset of ['population-by-grid-age', 'population-by-area-age']) {
      if (random() < 0.3) continue;
      const calls = randomInt(random, 1, 40);
      usage.push({ keyId: university.id, day, dataset, calls, rows: calls * randomInt(random, 50, 400) });
    }
  }
  await recordUsageInBulk(db, usage);
  const credit = await loadCredit(db, random, now);
  // A random of its own: the records above stay as they were before cases were attributed.
  const caseOutcomes = await attributeStreetCases(db, createRandom(options.seed + 29), now);
  return { credit: { ...credit, caseOutcomes } };
}

const PENALTIES = [
  ['占道经营，责令改正并处罚款 2000 元', '《深圳市市容和环境卫生管理条例》第二十二条'],
  ['未按规定分类投放生活垃圾，处罚款 500 元', '《深圳市生活垃圾分类管理条例》第七十条'],
  ['超范围经营，没收违法所得并处罚款 1 万元', '《中华人民共和国市场主体登记管理条例》第四十六条'],
  ['消防设施未保持完好有效，处罚款 1.5 万元', '《中华人民共和国消防法》第六十条'],
  ['食品经营场所卫生不达标，警告并处罚款 5000 元', '《中华人民共和国食品安全法》第一百二十六条'],
] as const;

async function loadCredit(db: Db, random: () => number, now: Date) {
  const orgs = await organizationsForDemo(db);
  const records: BulkRecord[] = [];
  let n = 0;
  for (const o of orgs) {
    if (random() >= 1 / 12) continue;
    const org = { id: o.id, name: o.name, creditCode: o.credit_code, gridCode: o.grid_code };
    const decided = new Date(now.getTime() - randomInt(random, 20, 700) * DAY_MS);
    const decidedOn = cstDay(decided);
    const pick = random();
    n++;
    if (pick < 0.45) {
      const [title, basis] = PENALTIES[randomInt(random, 0, PENALTIES.length - 1)];
      records.push({
        org,
        source: 'enforcement',
        ref: `demo:penalty:${o.id}`,
        severity: random() < 0.15 ? 'major' : 'general',
        title,
        legalBasis: basis,
        documentNumber: `深南综执罚决字〔${decidedOn.slice(0, 4)}〕${String(n).padStart(4, '0')}号`,
        decidedOn,
        repair: repairOf(random, decided, n),
      });
    } else if (pick < 0.65) {
      records.push({
        org,
        source: 'market_ledger',
        ref: `demo:abnormal:${o.id}`,
        severity: 'general',
        title: '通过登记的住所或经营场所无法联系，列入经营异常名录',
        legalBasis: '《企业经营异常名录管理暂行办法》第四条',
        documentNumber: null,
        decidedOn,
        repair: repairOf(random, decided, n),
      });
    } else if (pick < 0.8) {
      records.push({
        org,
        source: 'case',
        ref: `demo:case:${o.id}`,
        severity: 'general',
        title: '一年内三次占道经营，经劝导后整改',
        legalBasis: null,
        documentNumber: null,
        decidedOn,
      });
    } else {
      records.push({
        org,
        source: 'commendation',
        ref: `demo:red:${o.id}`,
        severity: 'general',
        title: '评为年度诚信经营示范单位',
        legalBasis: '《深圳市社会信用条例》第二十二条',
        documentNumber: null,
        decidedOn,
      });
    }
  }
  return recordInBulk(db, records);
}

/**
 * Street-order cases closed in the last 90 days, attributed to a shop of their grid: in about one
 * grid in five that has such cases and a shop, 2 to 4 of them go to one shop, so that the credit
 * rule (3 within 90 days: docs/credit.md) records an entry for some shops and not for others.
 */
async function attributeStreetCases(db: Db, random: () => number, now: Date) {
  const [cases, orgs] = await Promise.all([
    unattributedClosedCases(
      db,
      [...CASE_RULE.categories],
      new Date(now.getTime() - CASE_RULE.days * DAY_MS),
      now,
    ),
    organizationsForDemo(db),
  ]);
  const shopsByGrid = new Map<string, string[]>();
  for (const o of orgs)
    if (o.kind === 'shop') shopsByGrid.set(o.grid_code, [...(shopsByGrid.get(o.grid_code) ?? []), o.id]);
  const casesByGrid = new Map<string, string[]>();
  for (const c of cases) casesByGrid.set(c.grid_code, [...(casesByGrid.get(c.grid_code) ?? []), c.id]);
  const pairs: { caseId: string; orgId: string }[] = [];
  for (const [grid, ids] of casesByGrid) {
    const shops = shopsByGrid.get(grid);
    if (!shops || random() >= 0.2) continue;
    const shop = shops[randomInt(random, 0, shops.length - 1)];
    for (const caseId of ids.slice(0, randomInt(random, 2, 4))) pairs.push({ caseId, orgId: shop });
  }
  await attributeClosedCases(db, pairs);
  return recordCaseOutcomes(db, now);
}

/** About a third of penalties and listings have a repair application: pending, approved or refused. */
function repairOf(random: () => number, decided: Date, n: number): BulkRecord['repair'] {
  if (random() >= 0.35) return undefined;
  const state = (['pending', 'approved', 'refused'] as const)[n % 3];
  const appliedAt = new Date(decided.getTime() + 95 * DAY_MS);
  const decidedAt = state === 'pending' ? null : new Date(appliedAt.getTime() + 10 * DAY_MS);
  return {
    state,
    appliedAt: appliedAt > new Date() ? decided : appliedAt,
    decidedAt: decidedAt && decidedAt > new Date() ? new Date() : decidedAt,
    reason: '已按决定书要求整改到位，罚款已缴清，申请信用修复',
    decisionReason:
      state === 'approved'
        ? '整改到位，公示期满最短期限，同意修复'
        : state === 'refused'
          ? '未提交罚款缴纳凭证，不予修复'
          : null,
  };
}
