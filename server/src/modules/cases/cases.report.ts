import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import { auditValues } from '../../platform/audit.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { checkPhone, fieldError, maskPhone } from '../registry/index.ts';
import { REPORTING_ROLES } from './cases.machine.ts';
import { maySeeCase } from './cases.policy.ts';
import * as repo from './cases.repository.ts';
import type { ReportBody } from './cases.schemas.ts';
import {
  alarmOf,
  type CasesContext,
  caseDetail,
  caseRules,
  categoryOf,
  gridNameOf,
  planStep,
  stepOf,
} from './cases.service.ts';
import type { PreparedReport } from './report-writer.ts';

export type ReportInput = Static<typeof ReportBody>;

/** Where a report lies: the grid of its point, or the grid named when there is no point. */
async function placeReport(ctx: CasesContext, auth: Auth | { areaCode: string }, input: ReportInput) {
  // Residents and machines report anywhere in the district; staff within their area.
  const scope = 'role' in auth && auth.role !== 'resident' ? auth.areaCode : null;
  if (input.lon !== undefined && input.lat !== undefined) {
    const grid = (await ctx.gridIndex.current()).locate(input.lon, input.lat);
    if (!grid || (scope && !isWithin(grid, scope))) throw fieldError('location', 'outside_district');
    return grid;
  }
  if (!input.gridCode) throw new AppError('case_location_required');
  const grid = await repo.activeGrid(ctx.db, input.gridCode);
  if (!grid || (scope && !isWithin(grid.code, scope)))
    throw new AppError('area_not_found', { code: input.gridCode });
  return grid.code;
}

/** How near and how recent an open case must be to be a likely duplicate of a report now. */
export async function duplicateWindow(db: Db) {
  const rules = await caseRules(db);
  return { meters: rules.duplicateMeters, since: new Date(Date.now() - rules.duplicateHours * 3600_000) };
}

/** The open cases nearby the reporter may see, in short form (number, state, description, distance). */
function likelyDuplicates(auth: Auth, rows: Awaited<ReturnType<typeof repo.nearbyOpenCases>>) {
  const seen = [];
  for (const r of rows)
    if (maySeeCase(auth, r))
      seen.push({
        id: r.id,
        number: r.number,
        state: r.state,
        description: r.description,
        distance: r.distance,
      });
  return seen;
}

export async function similarCases(
  ctx: CasesContext,
  auth: Auth | null,
  where: { categoryCode: string; lon: number; lat: number; excludeId?: string },
) {
  if (!auth) throw new AppError('unauthenticated');
  return likelyDuplicates(auth, await repo.nearbyOpenCases(ctx.db, [where], await duplicateWindow(ctx.db)));
}

/** Who reports: a signed-in user, or a machine (Open311 client, camera platform) through an API key. */
export type Reporter =
  | { kind: 'user'; auth: Auth }
  | { kind: 'client'; name: string; source: 'open311' | 'camera'; areaCode: string; externalId?: string };

export async function reportCase(ctx: CasesContext, reporter: Reporter, input: ReportInput, lang: Lang) {
  let source: (typeof REPORTING_ROLES)[keyof typeof REPORTING_ROLES] | 'open311' | 'camera';
  if (reporter.kind === 'user') {
    const s = REPORTING_ROLES[reporter.auth.role];
    if (!s) throw new AppError('forbidden');
    source = s;
  } else source = reporter.source;
  const category = await categoryOf(ctx.db, input.categoryCode);
  if (!category || category.parent_code === null)
    throw new AppError('category_not_found', { code: input.categoryCode });
  const gridCode = await placeReport(ctx, reporter.kind === 'user' ? reporter.auth : reporter, input);
  let phone: string | null = null;
  if (input.reporterPhone) {
    const checked = checkPhone(input.reporterPhone);
    if (!checked.ok) throw fieldError('reporterPhone', checked.problem);
    phone = checked.phone;
  }
  const now = new Date();
  const auth = reporter.kind === 'user' ? reporter.auth : null;
  const actorId = auth?.userId ?? null;
  const actorName = auth?.displayName ?? (reporter.kind === 'client' ? reporter.name : null);
  const [plan, gridName] = await Promise.all([
    planStep(ctx.db, category.code, 'register', now),
    gridNameOf(ctx.db, gridCode),
  ]);
  const { yellowAt: _, ...stepValues } = plan;
  const id = randomUUID();
  const description = input.description.trim();
  const detail = { source, categoryCode: category.code, gridCode };
  const report: PreparedReport = {
    kase: {
      id,
      ...stepValues,
      source,
      category_code: category.code,
      grid_code: gridCode,
      lon: input.lon ?? null,
      lat: input.lat ?? null,
      address: input.address?.trim() || null,
      description,
      state: 'reported',
      reporter_id: actorId,
      reporter_name: input.reporterName?.trim() || (auth?.displayName ?? null),
      reporter_phone_enc: phone ? ctx.pii.encrypt(phone) : null,
      reporter_phone_hash: phone ? ctx.pii.hash(phone) : null,
      reporter_phone_mask: phone ? maskPhone(phone) : null,
      department_code: null,
      duplicate_of: null,
      escalated_to: null,
      supervised_at: null,
      satisfaction: null,
      api_client: reporter.kind === 'client' ? reporter.name : null,
      external_id: reporter.kind === 'client' ? (reporter.externalId ?? null) : null,
      reported_at: now,
      closed_at: null,
    },
    event: {
      case_id: id,
      actor_id: actorId,
      actor_name: actorName,
      action: 'report',
      to_state: 'reported',
      note: description,
      data: detail,
    },
    step: stepOf({ id, grid_code: gridCode }, plan, null),
    alarm: alarmOf(id, plan),
    audit: auditValues(
      {
        userId: actorId,
        username: auth?.username ?? (reporter.kind === 'client' ? reporter.name : ''),
        role: auth?.role ?? null,
      },
      { action: 'case.report', targetType: 'case', targetId: id, detail },
    ),
    change: { caseId: id, gridCode, departmentCode: null, state: 'reported' },
    names: { category_zh: category.name_zh, category_en: category.name_en, grid_name: gridName },
    // Staff and residents reporting see the likely duplicates; machines do not.
    probe:
      auth && input.lon !== undefined && input.lat !== undefined
        ? { categoryCode: category.code, lon: input.lon, lat: input.lat, excludeId: id }
        : null,
  };
  const { row, nearby } = await ctx.reports.write(report);
  return {
    ...caseDetail(row, auth, lang),
    likelyDuplicates: auth ? likelyDuplicates(auth, nearby) : [],
  };
}
