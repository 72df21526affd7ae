import type { Db } from '../../db/database.ts';
import { closedCasesOfOrgs } from '../cases/index.ts';
import { orgFacts } from '../registry/index.ts';
import { periodOf } from './credit.periods.ts';
import * as repo from './credit.repository.ts';

/**
 * Entries from case outcomes (docs/credit.md): a case closed with an organization named as the
 * one its outcome is attributed to (the shop whose goods were on the pavement) counts against it.
 * When an organization's count of such closed cases, of the categories below, reaches `count`
 * within `days` days, one `case_outcome` entry is recorded, dated the day the last of them closed
 * and listing them. Cases counted into an entry are not counted again: the next entry needs
 * `count` cases closed after that day. Entries of this kind are published to government only
 * (restricted) for a year, like any case outcome.
 */
export const CASE_RULE = {
  categories: ['occupying_road', 'illegal_ad', 'noise', 'blocked_exit', 'exposed_garbage'],
  count: 3,
  days: 90,
} as const;
export const CASE_RULE_PREFIX = 'case_rule:';
const DAY_MS = 86_400_000;
const cstDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Looks at the cases closed in the last `days` days and records the entries the rule gives. */
export async function recordCaseOutcomes(db: Db, now = new Date()): Promise<number> {
  const cases = await closedCasesOfOrgs(
    db,
    [...CASE_RULE.categories],
    new Date(now.getTime() - CASE_RULE.days * DAY_MS),
    now,
  );
  const byOrg = new Map<string, typeof cases>();
  for (const c of cases) byOrg.set(c.org_id, [...(byOrg.get(c.org_id) ?? []), c]);
  if (byOrg.size === 0) return 0;
  const last = await repo.lastRuleEntryDays(db, [...byOrg.keys()], CASE_RULE_PREFIX);
  const entries: repo.NewEntry[] = [];
  for (const [orgId, closed] of byOrg) {
    let after = last.get(orgId) ?? '';
    let window: typeof cases = [];
    for (const c of closed) {
      const day = cstDay(c.closed_at);
      if (day <= after) continue;
      window = [
        ...window.filter((w) => c.closed_at.getTime() - w.closed_at.getTime() < CASE_RULE.days * DAY_MS),
        c,
      ];
      if (window.length < CASE_RULE.count) continue;
      const org = await orgFacts(db, orgId);
      if (!org) break;
      const kinds = [...new Set(window.map((w) => w.category_name))].join('、');
      entries.push({
        org_id: org.id,
        credit_code: org.credit_code,
        org_name: org.name,
        area_code: org.grid_code,
        source: 'case',
        source_ref: `${CASE_RULE_PREFIX}${org.id}:${c.id}`,
        kind: 'case_outcome',
        severity: 'general',
        title: `${CASE_RULE.days} 日内 ${window.length} 起事件查实结案（${kinds}）：${window.map((w) => w.number).join('、')}`,
        legal_basis: null,
        document_number: null,
        decided_on: day,
        publish_until: periodOf('case_outcome', 'general', day).publishUntil,
        visibility: 'restricted',
      });
      after = day;
      window = [];
    }
  }
  return (await repo.insertEntries(db, entries)).length;
}
