import type { Db } from '../../db/database.ts';
import { getSetting, putSetting } from '../../db/settings.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import * as repo from './teams.repository.ts';
import type { RewardRules } from './teams.schemas.ts';
import type { TeamsContext } from './teams.service.ts';

export const REWARD_RULES_KEY = 'team_reward_rules';
export const DEFAULT_REWARD_RULES: RewardRules = { junior: 2000, intermediate: 3000, senior: 4000 };
const REWARD_RULE_TEXT =
  'Each active member is paid, for the year, the amount of the highest social-worker level whose certificate is valid on 31 December of that year (issued on or before it, not expired before it); no proration.';

export async function rewardRules(db: Db): Promise<RewardRules> {
  return { ...DEFAULT_REWARD_RULES, ...(await getSetting<Partial<RewardRules>>(db, REWARD_RULES_KEY)) };
}

export async function getRewardRules(ctx: TeamsContext, auth: Auth | null) {
  requirePermission(auth, 'teams.read');
  return rewardRules(ctx.db);
}

export async function putRewardRules(ctx: TeamsContext, auth: Auth | null, rules: RewardRules) {
  const caller = requirePermission(auth, 'teams.configure');
  await ctx.db.transaction().execute(async (trx) => {
    await putSetting(trx, REWARD_RULES_KEY, rules, caller.userId);
    await audit(trx, caller, { action: 'team.reward_rules', detail: { ...rules } });
  });
  return rewardRules(ctx.db);
}

/** The reward ledger of a year: computed from the rules and the certificates, never stored. */
export async function rewardLedger(
  ctx: TeamsContext,
  auth: Auth | null,
  query: { year: number; areaCode?: string },
) {
  const caller = requirePermission(auth, 'teams.read');
  const rules = await rewardRules(ctx.db);
  const scope = resolveScope(caller, query.areaCode);
  const rows = await repo.qualifiedOn(ctx.db, scope, `${query.year}-12-31`);
  const items = rows
    .map((r) => ({
      memberId: r.id,
      name: r.name,
      areaCode: r.area_code,
      level: r.level,
      certificateNo: r.certificate_no,
      amount: rules[r.level],
    }))
    .sort((a, b) => a.areaCode.localeCompare(b.areaCode) || a.name.localeCompare(b.name, 'zh'));
  return {
    year: query.year,
    rule: REWARD_RULE_TEXT,
    rules,
    items,
    total: items.length,
    totalAmount: items.reduce((s, i) => s + i.amount, 0),
  };
}
