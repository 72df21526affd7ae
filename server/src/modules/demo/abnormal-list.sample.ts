import fs from 'node:fs';
import path from 'node:path';
import { ABNORMAL_LIST_TYPE } from '../credit/index.ts';
import { creditCheckChar } from '../registry/index.ts';
import { createRandom, hashSeed, type Random, randomInt } from './random.ts';

/**
 * A sample of market regulation's abnormal operation list (经营异常名录) for the demo district:
 * a share of its organizations listed for one of the four reasons the rules allow, plus rows the
 * import must report rather than record: codes of no registered organization, a listing already
 * lifted (移出日期), a bad check character and a missing date. The same seed and organizations
 * give the same file.
 */
export const ABNORMAL_REASONS = [
  '未按照规定期限公示年度报告',
  '未在责令的期限内公示有关企业信息',
  '公示企业信息隐瞒真实情况、弄虚作假',
  '通过登记的住所或者经营场所无法联系',
];

export interface AbnormalListSample {
  file: string;
  rows: number;
  /** Rows of registered organizations that the import should record. */
  listed: number;
  unknownCodes: number;
  removed: number;
  invalid: number;
}

export function abnormalListCsv(
  orgs: { creditCode: string; name: string }[],
  options: { seed: number; share?: number; today?: string },
): { csv: string; counts: Omit<AbnormalListSample, 'file'> } {
  const random: Random = createRandom(hashSeed(options.seed, 0x61626e6f));
  const today = Date.parse(`${options.today ?? '2026-12-01'}T00:00:00Z`);
  const day = (daysAgo: number) => new Date(today - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const rows: string[][] = [];
  const counts = { rows: 0, listed: 0, unknownCodes: 0, removed: 0, invalid: 0 };
  let n = 0;
  const documentNumber = (d: string) => `深市监经异〔${d.slice(0, 4)}〕${String(++n).padStart(5, '0')}号`;
  for (const org of orgs) {
    if (random() >= (options.share ?? 0.05)) continue;
    const listedOn = day(randomInt(random, 10, 700));
    const reason = ABNORMAL_REASONS[randomInt(random, 0, ABNORMAL_REASONS.length - 1)];
    const lifted = random() < 0.1;
    rows.push([
      org.creditCode,
      org.name,
      reason,
      listedOn,
      '深圳市市场监督管理局南山监管局',
      documentNumber(listedOn),
      lifted ? day(randomInt(random, 1, 9)) : '',
    ]);
    if (lifted) counts.removed++;
    else counts.listed++;
  }
  // Organizations registered elsewhere (or not at all): reported, never matched by name.
  for (let i = 0; i < 3; i++) {
    const body = `9144030${randomInt(random, 0, 9)}MA${String(randomInt(random, 0, 9_999_999)).padStart(7, '0')}`;
    rows.push([
      `${body}${creditCheckChar(body)}`,
      `深圳市外区${['贸易', '科技', '餐饮'][i]}有限公司`,
      ABNORMAL_REASONS[3],
      day(randomInt(random, 10, 300)),
      '深圳市市场监督管理局福田监管局',
      documentNumber(day(30)),
      '',
    ]);
    counts.unknownCodes++;
  }
  if (orgs.length >= 2) {
    const a = orgs[0].creditCode;
    rows.push([
      `${a.slice(0, 17)}${a[17] === '0' ? '1' : '0'}`,
      orgs[0].name,
      ABNORMAL_REASONS[0],
      day(40),
      '',
      '',
      '',
    ]);
    rows.push([orgs[1].creditCode, orgs[1].name, ABNORMAL_REASONS[0], '', '', '', '']);
    counts.invalid += 2;
  }
  counts.rows = rows.length;
  const header = ABNORMAL_LIST_TYPE.columns.map((c) => c.header);
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const csv = `\ufeff${[header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
  return { csv, counts };
}

/** Writes the sample list into `dir` for the given organizations. */
export function writeAbnormalListSample(
  dir: string,
  orgs: { creditCode: string; name: string }[],
  options: { seed: number; today?: string },
): AbnormalListSample {
  fs.mkdirSync(dir, { recursive: true });
  const file = '市场监管-经营异常名录.csv';
  const { csv, counts } = abnormalListCsv(orgs, options);
  fs.writeFileSync(path.join(dir, file), csv);
  return { file, ...counts };
}
