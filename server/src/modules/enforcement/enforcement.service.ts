import type { Db } from '../../db/database.ts';
import { getSetting, putSetting } from '../../db/settings.ts';
import { isWithin } from '../../geo/area-code.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import type { Pii } from '../../platform/pii.ts';
import { caseRef, loadCalendar } from '../cases/index.ts';
import { checkIdNumber, maskIdNumber, orgRef } from '../registry/index.ts';
import { activeAccountsWithRole } from '../users/index.ts';
import { planAlarm } from './enforcement.alarm.ts';
import {
  afterWorkingDays,
  allowedMoves,
  cstDay,
  FILING_WORKING_DAYS,
  stepLimit,
} from './enforcement.machine.ts';
import { fieldError, MOVE_NAMES } from './enforcement.messages.ts';
import * as repo from './enforcement.repository.ts';
import type { CreateMatter, EnforcementSettings, MatterDetail } from './enforcement.schemas.ts';
import { STATE_NAMES } from './states.ts';

export interface EnforcementContext {
  db: Db;
  pii: Pii;
  /** Where evidence files are kept (`DATA_DIR/files`, shared with case attachments). */
  filesDir: string;
}

export type MatterRow = NonNullable<Awaited<ReturnType<typeof repo.getMatter>>>;

const SETTINGS_KEY = 'enforcement_rules';
export const DEFAULT_SETTINGS: EnforcementSettings = { publicationWorkingDays: 7 };

export async function enforcementSettings(db: Db): Promise<EnforcementSettings> {
  return { ...DEFAULT_SETTINGS, ...(await getSetting<Partial<EnforcementSettings>>(db, SETTINGS_KEY)) };
}

export async function getSettings(db: Db, auth: Auth | null) {
  requirePermission(auth, 'enforcement.read');
  return enforcementSettings(db);
}

export async function putSettings(db: Db, auth: Auth | null, value: EnforcementSettings) {
  const caller = requirePermission(auth, 'enforcement.configure');
  await putSetting(db, SETTINGS_KEY, value, caller.userId);
  return enforcementSettings(db);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function matterView(row: MatterRow, lang: Lang, now = new Date()) {
  return {
    id: row.id,
    number: row.number,
    state: row.state,
    stateName: STATE_NAMES[row.state]?.[lang === 'zh' ? 0 : 1] ?? row.state,
    gridCode: row.grid_code,
    caseId: row.case_id,
    caseNumber: row.case_number,
    title: row.title,
    partyKind: row.party_kind,
    partyName: row.party_name,
    orgId: row.org_id,
    major: row.major,
    discoveredAt: row.discovered_at.toISOString(),
    filedAt: iso(row.filed_at),
    stepDeadline: iso(row.step_deadline),
    alarm: row.alarm,
    overdue: row.step_deadline !== null && row.step_deadline < now,
    decidedAt: iso(row.decided_at),
    publicationDue: iso(row.publication_due),
    publishedAt: iso(row.published_at),
    publicationOverdue:
      row.published_at === null && row.publication_due !== null && row.publication_due < now,
    version: row.version,
  };
}

/** A matter inside the caller's area, or 404 as if it did not exist. */
export async function visibleMatter(
  db: Db,
  auth: Auth | null,
  id: string,
): Promise<{ caller: Auth; row: MatterRow }> {
  const caller = requirePermission(auth, 'enforcement.read');
  const row = await repo.getMatter(db, id);
  if (!row || !isWithin(row.grid_code, caller.areaCode)) throw new AppError('matter_not_found');
  return { caller, row };
}

export async function listMatters(
  db: Db,
  auth: Auth | null,
  query: {
    areaCode?: string;
    state?: string;
    caseId?: string;
    overdue?: 'step' | 'publication';
    page: number;
    pageSize: number;
  },
  lang: Lang,
) {
  const caller = requirePermission(auth, 'enforcement.read');
  const areaCode = resolveScope(caller, query.areaCode);
  const now = new Date();
  const [rows, total] = await repo.listMatters(
    db,
    { areaCode, state: query.state, caseId: query.caseId, overdue: query.overdue, now },
    query.page,
    query.pageSize,
  );
  return { items: rows.map((r) => matterView(r, lang, now)), total };
}

export async function getMatter(ctx: EnforcementContext, auth: Auth | null, id: string, lang: Lang) {
  const { caller, row } = await visibleMatter(ctx.db, auth, id);
  return matterDetail(ctx, caller, row, lang);
}

export async function matterDetail(
  ctx: EnforcementContext,
  caller: Auth,
  row: MatterRow,
  lang: Lang,
): Promise<MatterDetail> {
  const [steps, evidence] = await Promise.all([
    repo.stepsOf(ctx.db, row.id),
    repo.evidenceOf(ctx.db, row.id),
  ]);
  const l = lang === 'zh' ? 0 : 1;
  return {
    ...matterView(row, lang),
    facts: row.facts,
    address: row.address,
    partyIdNumber: row.party_id_number_enc ? maskIdNumber(ctx.pii.decrypt(row.party_id_number_enc)) : null,
    filingDeadline: row.filing_deadline.toISOString(),
    decisionDeadline: iso(row.decision_deadline),
    extensionDays: row.extension_days,
    extensionReason: row.extension_reason,
    hearingRequested: row.hearing_requested,
    reviewOpinion: row.review_opinion,
    reviewedBy: row.reviewed_by,
    penalty: row.penalty,
    legalBasis: row.legal_basis,
    documentNumber: row.document_number,
    serviceDeadline: iso(row.service_deadline),
    servedAt: iso(row.served_at),
    executedAt: iso(row.executed_at),
    closedAt: iso(row.closed_at),
    outcome: row.outcome,
    steps: steps.map((s) => ({
      id: s.id,
      move: s.move,
      moveName: (MOVE_NAMES[s.move as keyof typeof MOVE_NAMES] ?? ['登记', 'Opened'])[l],
      state: s.state,
      actedAt: s.acted_at.toISOString(),
      actorName: s.actor_name,
      secondOfficerName: s.second_officer_name,
      note: s.note,
    })),
    evidence: evidence.map((e) => ({
      id: e.id,
      seq: e.seq,
      kind: e.kind,
      title: e.title,
      fileName: e.file_name,
      contentType: e.content_type,
      size: e.size,
      sha256: e.sha256,
      note: e.note,
      takenAt: e.taken_at.toISOString(),
      location: e.location,
      lon: e.lon,
      lat: e.lat,
      officerName: e.officer_name,
      secondOfficerName: e.second_officer_name,
      recordedAt: e.recorded_at.toISOString(),
    })),
    moves: allowedMoves(caller.permissions, { ...row, evidence: evidence.length }),
  };
}

/** Opens a matter: from a case, or on its own; filing is due within 15 working days of discovery. */
export async function createMatter(
  ctx: EnforcementContext,
  auth: Auth | null,
  input: CreateMatter,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'enforcement.handle');
  if (!isWithin(input.gridCode, caller.areaCode)) throw fieldError('gridCode', 'outside_scope');
  const discoveredAt = new Date(input.discoveredAt);
  if (discoveredAt.getTime() > Date.now() + 60_000) throw fieldError('discoveredAt', 'in_future');
  const calendar = await loadCalendar(ctx.db);
  const row = await ctx.db.transaction().execute(async (trx) => {
    let caseNumber: string | null = null;
    if (input.caseId) {
      const kase = await caseRef(trx, input.caseId);
      if (!kase || !isWithin(kase.grid_code, caller.areaCode)) throw fieldError('caseId', 'outside_scope');
      caseNumber = kase.number;
    }
    let partyName = input.partyName?.trim() ?? '';
    let partyIdEnc: string | null = null;
    if (input.partyKind === 'org') {
      if (!input.orgId) throw fieldError('orgId', 'required');
      const org = await orgRef(trx, input.orgId, true);
      if (!org || !isWithin(org.grid_code, caller.areaCode)) throw fieldError('orgId', 'outside_scope');
      partyName = org.name;
    } else {
      if (!partyName) throw fieldError('partyName', 'required');
      if (input.partyIdNumber) {
        const check = checkIdNumber(input.partyIdNumber);
        if (!check.ok) throw fieldError('partyIdNumber', 'bad_id_number');
        partyIdEnc = ctx.pii.encrypt(input.partyIdNumber.toUpperCase());
      }
    }
    const filingDeadline = afterWorkingDays(calendar, discoveredAt, FILING_WORKING_DAYS);
    const values = {
      number: await repo.nextNumber(trx, cstDay(new Date()).slice(0, 4)),
      state: 'discovered',
      grid_code: input.gridCode,
      case_id: input.caseId ?? null,
      case_number: caseNumber,
      title: input.title.trim(),
      facts: input.facts?.trim() ?? '',
      address: input.address?.trim() || null,
      party_kind: input.partyKind,
      org_id: input.partyKind === 'org' ? input.orgId! : null,
      party_name: partyName,
      party_id_number_enc: partyIdEnc,
      major: input.major ?? false,
      discovered_at: discoveredAt,
      filing_deadline: filingDeadline,
      step_started_at: new Date(),
      step_deadline: filingDeadline,
      created_by: caller.userId,
    };
    const matter = await repo.insertMatter(trx, values);
    await repo.insertSteps(trx, [
      {
        matter_id: matter.id,
        move: 'open',
        state: 'discovered',
        actor_id: caller.userId,
        actor_name: caller.displayName,
        note: input.caseId ? `case ${caseNumber}` : null,
      },
    ]);
    await planAlarm(trx, matter);
    return matter;
  });
  return matterDetail(ctx, caller, row, lang);
}

export { stepLimit };

/** Officers whose area overlaps the caller's: those who may go on site together. */
export async function listOfficers(db: Db, auth: Auth | null) {
  const caller = requirePermission(auth, 'enforcement.handle');
  const rows = await activeAccountsWithRole(db, 'enforcement_officer');
  return rows
    .filter(
      (o) =>
        o.id !== caller.userId &&
        (isWithin(o.area_code, caller.areaCode) || isWithin(caller.areaCode, o.area_code)),
    )
    .map((o) => ({ id: o.id, name: o.display_name, areaCode: o.area_code }));
}
