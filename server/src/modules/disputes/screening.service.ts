import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import type { Lang } from '../../platform/i18n.ts';
import { activeArea } from '../areas/index.ts';
import { cstDay, cstMidnight } from '../patrols/index.ts';
import { fieldError } from './disputes.messages.ts';
import type { Screening, ScreeningBody } from './disputes.schemas.ts';
import type { DisputesContext } from './disputes.service.ts';
import * as screening from './screening.repository.ts';

/**
 * Monthly screening (排查): each grid files a return for the month, its disputes (counted from the
 * disputes reported there that month) or "none found"; a community with a grid that has not filed
 * is flagged. A return may be filed again (the later one counts).
 */

export const nextMonthStart = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return cstMidnight(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`);
};

export async function putReturn(
  ctx: DisputesContext,
  auth: Auth | null,
  gridCode: string,
  month: string,
  input: ScreeningBody,
) {
  const caller = requirePermission(auth, 'disputes.record');
  const grid = await activeArea(ctx.db, gridCode);
  if (grid?.level !== 'grid' || !isWithin(grid.code, caller.areaCode))
    throw fieldError('gridCode', 'outside_scope');
  if (month > cstDay(new Date()).slice(0, 7)) throw fieldError('month', 'in_future');
  if (input.noneFound && (await screening.disputesInGridMonth(ctx.db, grid.code, month)) > 0)
    throw fieldError('noneFound', 'has_disputes');
  await screening.upsertReturn(ctx.db, {
    grid_code: grid.code,
    month,
    none_found: input.noneFound,
    note: input.note ?? '',
    reported_by: caller.userId,
    reported_by_name: caller.displayName,
  });
  await audit(ctx.db, caller, {
    action: 'dispute.screening',
    targetType: 'area',
    targetId: grid.code,
    detail: { month, noneFound: input.noneFound },
  });
  const result = await screeningOf(ctx, caller, grid.code, month);
  return result.grids[0];
}

export async function screeningOf(
  ctx: DisputesContext,
  auth: Auth | null,
  areaCode: string | undefined,
  month: string,
): Promise<Screening> {
  const caller = requirePermission(auth, 'disputes.read');
  const scope = resolveScope(caller, areaCode);
  const rows = await screening.gridReturns(ctx.db, scope, month);
  const communities = new Map<string, Screening['communities'][number]>();
  for (const r of rows) {
    const c = communities.get(r.community_code) ?? {
      communityCode: r.community_code,
      communityName: r.community_name,
      grids: 0,
      returned: 0,
      missing: false,
    };
    c.grids++;
    if (r.none_found !== null) c.returned++;
    c.missing = c.returned < c.grids;
    communities.set(r.community_code, c);
  }
  return {
    month,
    grids: rows.map((r) => ({
      gridCode: r.code,
      gridName: r.name,
      communityCode: r.community_code,
      returned: r.none_found !== null,
      noneFound: r.none_found,
      disputes: Number(r.disputes ?? 0),
      reportedByName: r.reported_by_name,
      reportedAt: r.reported_at?.toISOString() ?? null,
    })),
    communities: [...communities.values()],
  };
}

export interface MonthlyReport {
  areaName: string;
  month: string;
  byKind: {
    kind: string;
    low: number;
    medium: number;
    high: number;
    major: number;
    total: number;
    resolved: number;
  }[];
  totals: { new: number; resolved: number };
  highRisk: {
    number: string;
    title: string;
    kind: string;
    risk: string;
    reason: string;
    grid: string;
    state: string;
  }[];
  communities: Screening['communities'];
}

export async function monthlyReport(
  ctx: DisputesContext,
  auth: Auth | null,
  areaCode: string | undefined,
  month: string,
  lang: Lang,
): Promise<MonthlyReport> {
  const caller = requirePermission(auth, 'disputes.read');
  const scope = resolveScope(caller, areaCode);
  const [counts, high, returns, area] = await Promise.all([
    screening.monthCounts(ctx.db, scope, month),
    screening.highRisk(ctx.db, scope, month, nextMonthStart(month)),
    screeningOf(ctx, caller, scope, month),
    activeArea(ctx.db, scope),
  ]);
  const byKind = new Map<string, MonthlyReport['byKind'][number]>();
  for (const c of counts) {
    const kind = lang === 'zh' ? c.name_zh : c.name_en;
    const k = byKind.get(c.kind_code) ?? {
      kind,
      low: 0,
      medium: 0,
      high: 0,
      major: 0,
      total: 0,
      resolved: 0,
    };
    k[c.risk] += c.new;
    k.total += c.new;
    k.resolved += c.resolved;
    byKind.set(c.kind_code, k);
  }
  const rows = [...byKind.values()];
  await audit(ctx.db, caller, {
    action: 'dispute.report_export',
    targetType: 'area',
    targetId: scope,
    detail: { month },
  });
  return {
    areaName: area?.name ?? scope,
    month,
    byKind: rows,
    totals: {
      new: rows.reduce((s, r) => s + r.total, 0),
      resolved: rows.reduce((s, r) => s + r.resolved, 0),
    },
    highRisk: high.map((h) => ({
      number: h.number,
      title: h.title,
      kind: lang === 'zh' ? h.name_zh : h.name_en,
      risk: h.risk,
      reason: h.risk_reason,
      grid: h.grid_name,
      state: h.state,
    })),
    communities: returns.communities,
  };
}
