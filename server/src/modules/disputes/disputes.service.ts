import type { Db } from '../../db/database.ts';
import { ancestorCodesOf, isWithin, levelOfCode } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { recordEvents } from '../../platform/domain-events.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import type { Pii } from '../../platform/pii.ts';
import { activeArea } from '../areas/index.ts';
import { type CasesContext, caseCategoryExists, caseRef } from '../cases/index.ts';
import { cstDay } from '../patrols/index.ts';
import {
  activePerson,
  checkIdNumber,
  checkPhone,
  maskIdNumber,
  maskPhone,
  orgRef,
  peopleNumbers,
} from '../registry/index.ts';
import { activeAccountsWithRole } from '../users/index.ts';
import { fieldError, riskName } from './disputes.messages.ts';
import { allowedMoves } from './disputes.policy.ts';
import * as repo from './disputes.repository.ts';
import type {
  CreateDisputeBody,
  Dispute,
  DisputeDetail,
  DisputesQuery,
  Kind,
  KindBody,
  PartyBody,
} from './disputes.schemas.ts';

export interface DisputesContext {
  db: Db;
  pii: Pii;
  dataDir: string;
  /** For escalation: a dispute becomes a case through the cases module's `reportCase`. */
  cases: CasesContext;
}

export const pickLang = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);

export function disputeView(row: repo.DisputeRow, lang: Lang, now = new Date()): Dispute {
  return {
    id: row.id,
    number: row.number,
    kindCode: row.kind_code,
    kindName: pickLang(lang, row.kind_zh, row.kind_en),
    title: row.title,
    gridCode: row.grid_code,
    gridName: row.grid_name,
    address: row.address,
    source: row.source,
    risk: row.risk,
    riskReason: row.risk_reason,
    state: row.state,
    mediatorId: row.mediator_id,
    mediatorName: row.mediator_name,
    committee: row.committee,
    deadline: row.deadline?.toISOString() ?? null,
    extended: row.extension_reason !== null,
    alarm: row.alarm,
    overdue: row.state === 'mediating' && row.deadline !== null && row.deadline < now,
    caseId: row.case_id,
    reportedAt: row.reported_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    version: row.version,
  };
}

export async function listDisputes(
  ctx: DisputesContext,
  auth: Auth | null,
  query: DisputesQuery,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'disputes.read');
  const scope = resolveScope(caller, query.areaCode);
  const { rows, total } = await repo.listDisputes(
    ctx.db,
    scope,
    { ...query, q: query.q?.trim() || undefined },
    query,
  );
  const now = new Date();
  return { items: rows.map((r) => disputeView(r, lang, now)), total };
}

/** A dispute inside the caller's area; 404 otherwise, as if it did not exist. */
export async function visibleDispute(ctx: DisputesContext, caller: Auth, id: string) {
  const row = await repo.findDispute(ctx.db, id);
  if (!row || !isWithin(row.grid_code, caller.areaCode)) throw new AppError('record_not_found');
  return row;
}

/**
 * The parties of a dispute with their numbers: those recorded with the party, else (a registry
 * person) the registry's, masked and as stored.
 */
export async function partiesWithNumbers(db: Db, disputeId: string) {
  const parties = await repo.partiesOf(db, disputeId);
  const people = await peopleNumbers(
    db,
    parties.flatMap((p) => (p.person_id ? [p.person_id] : [])),
  );
  return parties.map((p) => {
    const pe = p.person_id ? people.get(p.person_id) : undefined;
    return {
      ...p,
      id_number_mask: p.id_number_mask ?? pe?.id_number_mask ?? null,
      phone_mask: p.phone_mask ?? pe?.phone_mask ?? null,
      id_number_enc: p.id_number_enc ?? pe?.id_number_enc ?? null,
      phone_enc: p.phone_enc ?? pe?.phone_enc ?? null,
    };
  });
}

export async function getDispute(
  ctx: DisputesContext,
  auth: Auth | null,
  id: string,
  lang: Lang,
): Promise<DisputeDetail> {
  const caller = requirePermission(auth, 'disputes.read');
  const row = await visibleDispute(ctx, caller, id);
  const [parties, sessions, events, attachments] = await Promise.all([
    partiesWithNumbers(ctx.db, id),
    repo.sessionsOf(ctx.db, id),
    repo.eventsOf(ctx.db, id),
    repo.attachmentsOf(ctx.db, id),
  ]);
  return {
    ...disputeView(row, lang),
    description: row.description,
    sourceCaseId: row.source_case_id,
    reportedByName: row.reported_by_name,
    assignedAt: row.assigned_at?.toISOString() ?? null,
    extensionReason: row.extension_reason,
    referredTo: row.referred_to,
    receivingBody: row.receiving_body,
    agreementTerms: row.agreement_terms,
    outcomeNote: row.outcome_note,
    parties: parties.map((p) => ({
      kind: p.kind,
      personId: p.person_id,
      orgId: p.org_id,
      name: p.name,
      idNumber: p.id_number_mask,
      phone: p.phone_mask,
      address: p.address,
    })),
    sessions: sessions.map((s) => ({
      id: s.id,
      heldOn: s.held_on,
      place: s.place,
      attendees: s.attendees,
      notes: s.notes,
    })),
    events: events.map((e) => ({
      action: e.action,
      actorName: e.actor_name,
      note: e.note,
      data: e.data,
      at: e.created_at.toISOString(),
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      fileName: a.file_name,
      contentType: a.content_type,
      size: a.size,
      sha256: a.sha256,
      at: a.created_at.toISOString(),
    })),
    moves: allowedMoves(caller, row),
  };
}

/** One party as stored: a registry record (inside the caller's area) or an outsider with protected numbers. */
async function partyRow(ctx: DisputesContext, caller: Auth, p: PartyBody, seq: number) {
  const given = [p.personId, p.orgId, p.name].filter((v) => v !== undefined).length;
  if (given !== 1) throw fieldError('parties', 'party_one_of');
  const base = { seq, person_id: null, org_id: null, id_number_enc: null, id_number_mask: null };
  if (p.personId) {
    const person = await activePerson(ctx.db, p.personId);
    if (!person || !isWithin(person.grid_code, caller.areaCode)) throw fieldError('parties', 'outside_scope');
    return {
      ...base,
      kind: 'person' as const,
      person_id: person.id,
      name: person.name,
      phone_enc: null,
      phone_mask: null,
      address: p.address ?? '',
    };
  }
  if (p.orgId) {
    const org = await orgRef(ctx.db, p.orgId, true);
    if (!org || !isWithin(org.grid_code, caller.areaCode)) throw fieldError('parties', 'outside_scope');
    return {
      ...base,
      kind: 'org' as const,
      org_id: org.id,
      name: org.name,
      phone_enc: null,
      phone_mask: null,
      address: p.address ?? org.address ?? '',
    };
  }
  let idNumber: string | null = null;
  if (p.idNumber?.trim()) {
    const checked = checkIdNumber(p.idNumber);
    if (!checked.ok) throw fieldError('parties', 'bad_id_number');
    idNumber = checked.idNumber;
  }
  let phone: string | null = null;
  if (p.phone?.trim()) {
    const checked = checkPhone(p.phone);
    if (!checked.ok) throw fieldError('parties', 'bad_phone');
    phone = checked.phone;
  }
  return {
    ...base,
    kind: 'outsider' as const,
    name: p.name!.trim(),
    id_number_enc: idNumber ? ctx.pii.encrypt(idNumber) : null,
    id_number_mask: idNumber ? maskIdNumber(idNumber) : null,
    phone_enc: phone ? ctx.pii.encrypt(phone) : null,
    phone_mask: phone ? maskPhone(phone) : null,
    address: p.address ?? '',
  };
}

/** The street above a grid, and the district (where the stability office sits). */
export function streetAndDistrict(gridCode: string) {
  const ancestors = ancestorCodesOf(gridCode);
  const street = ancestors.find((c) => levelOfCode(c) === 'street') ?? gridCode;
  const district = ancestors.find((c) => levelOfCode(c) === 'district') ?? street;
  return { street, district };
}

export async function createDispute(
  ctx: DisputesContext,
  auth: Auth | null,
  input: CreateDisputeBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'disputes.record');
  const grid = await activeArea(ctx.db, input.gridCode);
  if (grid?.level !== 'grid' || !isWithin(grid.code, caller.areaCode))
    throw fieldError('gridCode', 'outside_scope');
  const kind = await repo.findKind(ctx.db, input.kindCode);
  if (!kind?.active) throw fieldError('kindCode', 'unknown_kind');
  if (input.sourceCaseId && !(await caseRef(ctx.db, input.sourceCaseId, caller.areaCode)))
    throw fieldError('sourceCaseId', 'outside_scope');
  const reportedAt = input.reportedAt ? new Date(input.reportedAt) : new Date();
  if (reportedAt.getTime() > Date.now() + 60_000) throw fieldError('reportedAt', 'in_future');
  const parties: Awaited<ReturnType<typeof partyRow>>[] = [];
  for (const [i, p] of input.parties.entries()) parties.push(await partyRow(ctx, caller, p, i + 1));

  const id = await ctx.db.transaction().execute(async (trx) => {
    const number = await repo.nextNumber(trx, cstDay(reportedAt));
    const { id } = await repo.insertDispute(trx, {
      number,
      kind_code: kind.code,
      title: input.title.trim(),
      description: input.description ?? '',
      grid_code: grid.code,
      address: input.address ?? '',
      source: input.source,
      source_case_id: input.sourceCaseId ?? null,
      risk: input.risk,
      risk_reason: input.riskReason ?? '',
      reported_by: caller.userId,
      reported_by_name: caller.displayName,
      reported_at: reportedAt,
    });
    await repo.insertParties(
      trx,
      parties.map((p) => ({ ...p, dispute_id: id })),
    );
    await repo.insertEvent(trx, {
      dispute_id: id,
      action: 'report',
      actor_id: caller.userId,
      actor_name: caller.displayName,
      note: null,
      data: JSON.stringify({ risk: input.risk, source: input.source }),
    });
    // A high or major risk tells the street and the district's stability office at once.
    if (input.risk === 'high' || input.risk === 'major') {
      const { street, district } = streetAndDistrict(grid.code);
      const message = `${number} ${riskName(input.risk, 'zh')}风险：${input.title.trim()}（${grid.name}）`;
      await repo.insertNotices(trx, [
        { dispute_id: id, kind: 'high_risk', audience: 'street', area_code: street, message },
        { dispute_id: id, kind: 'high_risk', audience: 'stability_office', area_code: district, message },
      ]);
      await recordEvents(trx, [
        {
          kind: 'disputes.high_risk',
          subjectType: 'dispute',
          subjectId: id,
          areaCode: grid.code,
          payload: { number, risk: input.risk, kindCode: kind.code },
        },
      ]);
    }
    await audit(trx, caller, {
      action: 'dispute.report',
      targetType: 'dispute',
      targetId: id,
      detail: { number, risk: input.risk, parties: parties.length },
    });
    return id;
  });
  return getDispute(ctx, caller, id, lang);
}

// The kinds catalog.
function kindView(k: Awaited<ReturnType<typeof repo.kinds>>[number], lang: Lang): Kind {
  return {
    code: k.code,
    nameZh: k.name_zh,
    nameEn: k.name_en,
    name: pickLang(lang, k.name_zh, k.name_en),
    caseCategory: k.case_category,
    sort: k.sort,
    active: k.active,
    version: k.version,
  };
}
export async function listKinds(ctx: DisputesContext, auth: Auth | null, lang: Lang) {
  requirePermission(auth, 'disputes.read');
  return (await repo.kinds(ctx.db)).map((k) => kindView(k, lang));
}
export async function putKind(
  ctx: DisputesContext,
  auth: Auth | null,
  code: string,
  input: KindBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'disputes.configure');
  const current = await repo.findKind(ctx.db, code);
  const caseCategory = input.caseCategory ?? current?.case_category ?? 'neighbour_dispute';
  if (!(await caseCategoryExists(ctx.db, caseCategory))) throw fieldError('caseCategory', 'unknown_category');
  const values = {
    name_zh: input.nameZh.trim(),
    name_en: input.nameEn.trim(),
    case_category: caseCategory,
    sort: input.sort ?? current?.sort ?? 100,
    active: input.active ?? current?.active ?? true,
  };
  if (current) {
    if (input.version !== current.version)
      throw new AppError('version_conflict', { currentVersion: current.version });
    if (!(await repo.updateKind(ctx.db, code, current.version, values)))
      throw new AppError('version_conflict', { currentVersion: current.version + 1 });
  } else if (!(await repo.insertKind(ctx.db, { code, ...values })))
    throw new AppError('version_conflict', { currentVersion: 1 });
  await audit(ctx.db, caller, {
    action: 'dispute_kind.put',
    targetType: 'dispute_kind',
    targetId: code,
    detail: values,
  });
  return kindView((await repo.findKind(ctx.db, code))!, lang);
}

export async function listNotices(ctx: DisputesContext, auth: Auth | null, areaCode: string | undefined) {
  const caller = requirePermission(auth, 'disputes.read');
  const scope = resolveScope(caller, areaCode);
  return (await repo.noticesIn(ctx.db, scope)).map((n) => ({
    id: n.id,
    disputeId: n.dispute_id,
    number: n.number,
    kind: n.kind,
    audience: n.audience,
    areaCode: n.area_code,
    message: n.message,
    at: n.created_at.toISOString(),
  }));
}

export async function listMediators(ctx: DisputesContext, auth: Auth | null, areaCode: string | undefined) {
  const caller = requirePermission(auth, 'disputes.read');
  const scope = resolveScope(caller, areaCode);
  return (
    await activeAccountsWithRole(ctx.db, 'mediator', {
      inside: scope,
      orAt: ancestorCodesOf(scope),
    })
  ).map((m) => ({
    id: m.id,
    name: m.display_name,
    areaCode: m.area_code,
  }));
}
