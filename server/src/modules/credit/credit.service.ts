import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import { type Actor, audit, SYSTEM_ACTOR } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { readEvents } from '../../platform/domain-events.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs.ts';
import { orgFacts } from '../registry/index.ts';
import { recordCaseOutcomes } from './credit.cases.ts';
import { fieldError } from './credit.messages.ts';
import { periodOf } from './credit.periods.ts';
import * as repo from './credit.repository.ts';
import type {
  ApplyRepairInput,
  CreateEntryInput,
  CreditEntryView,
  DecideRepairInput,
  EntriesInput,
  RepairView,
} from './credit.schemas.ts';

export const CREDIT_JOB = 'credit.read_events';
export const DECISION_EVENT = 'enforcement.decision_final';
const READER = 'enforcement';

/** China Standard Time day. */
const cstDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export { periodOf };

export function entryView(row: repo.EntryRow, today = cstDay(new Date())): CreditEntryView {
  const state = row.repaired_at
    ? 'repaired'
    : row.publish_until < today
      ? 'expired'
      : row.visibility === 'public'
        ? 'public'
        : 'restricted';
  return {
    id: row.id,
    orgId: row.org_id,
    creditCode: row.credit_code,
    orgName: row.org_name,
    areaCode: row.area_code,
    source: row.source,
    sourceRef: row.source_ref,
    kind: row.kind,
    severity: row.severity,
    title: row.title,
    legalBasis: row.legal_basis,
    documentNumber: row.document_number,
    decidedOn: row.decided_on,
    publishUntil: row.publish_until,
    repairableFrom: periodOf(row.kind, row.severity, row.decided_on).repairableFrom,
    visibility: row.visibility,
    state,
    repairedAt: row.repaired_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

export function repairView(row: repo.RepairRow): RepairView {
  return {
    id: row.id,
    entryId: row.entry_id,
    orgName: row.org_name,
    entryTitle: row.entry_title,
    state: row.state,
    applicant: row.applicant,
    reason: row.reason,
    evidence: row.evidence,
    decidedByName: row.decided_by_name,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionReason: row.decision_reason,
    version: row.version,
    createdAt: row.created_at.toISOString(),
  };
}

// ---- entries from enforcement decisions (domain events) ----

interface DecisionPayload {
  creditCode?: string | null;
  orgName?: string;
  documentNumber?: string;
  decidedOn?: string;
  penalty?: string;
  legalBasis?: string;
  major?: boolean;
  matterId?: string;
}

/** Reads final enforcement decisions against organizations since the last one read. */
export async function readDecisions(db: Db): Promise<number> {
  let added = 0;
  for (;;) {
    const after = await repo.cursor(db, READER);
    const events = await readEvents(db, [DECISION_EVENT], after, 500);
    if (events.length === 0) return added;
    const entries: repo.NewEntry[] = [];
    for (const event of events) {
      if (event.subjectType !== 'org') continue;
      const p = event.payload as DecisionPayload;
      const org = await orgFacts(db, event.subjectId);
      const decidedOn = p.decidedOn ?? cstDay(event.occurredAt);
      const severity = p.major ? 'major' : 'general';
      entries.push({
        org_id: org?.id ?? null,
        credit_code: p.creditCode ?? org?.credit_code ?? null,
        org_name: p.orgName ?? org?.name ?? '',
        area_code: event.areaCode ?? org?.grid_code ?? '',
        source: 'enforcement',
        source_ref: `event:${event.id}`,
        kind: 'penalty',
        severity,
        title: p.penalty ?? '',
        legal_basis: p.legalBasis ?? null,
        document_number: p.documentNumber ?? null,
        decided_on: decidedOn,
        publish_until: periodOf('penalty', severity, decidedOn).publishUntil,
        visibility: 'public',
      });
    }
    added += (await repo.insertEntries(db, entries)).length;
    await repo.moveCursor(db, READER, events[events.length - 1].id);
  }
}

export async function runCreditJob(db: Db, now = new Date()) {
  const added = await readDecisions(db);
  if (added > 0) await audit(db, SYSTEM_ACTOR, { action: 'credit.read_decisions', detail: { added } });
  const fromCases = await recordCaseOutcomes(db, now);
  if (fromCases > 0)
    await audit(db, SYSTEM_ACTOR, { action: 'credit.case_outcomes', detail: { added: fromCases } });
  await scheduleCredit(db, new Date(now.getTime() + 60_000));
}

export function scheduleCredit(db: Db, runAt = new Date()) {
  return enqueue(db, { kind: CREDIT_JOB, key: READER, runAt });
}

// ---- entries recorded by hand: case outcomes, the abnormal operation list, commendations ----

const KIND_OF = {
  case: 'case_outcome',
  market_ledger: 'abnormal_operation',
  commendation: 'commendation',
} as const;

export async function createEntry(db: Db, auth: Auth | null, input: CreateEntryInput) {
  const admin = requirePermission(auth, 'credit.manage');
  const org = await orgFacts(db, input.orgId);
  if (!org || !isWithin(org.grid_code, admin.areaCode)) throw fieldError('orgId', 'outside_scope');
  const kind = KIND_OF[input.source];
  const severity = kind === 'commendation' ? 'positive' : (input.severity ?? 'general');
  const [created] = await repo.insertEntries(db, [
    {
      org_id: org.id,
      credit_code: org.credit_code,
      org_name: org.name,
      area_code: org.grid_code,
      source: input.source,
      source_ref: `${input.source}:${input.reference}:${org.id}`,
      kind,
      severity,
      title: input.title.trim(),
      legal_basis: input.legalBasis?.trim() || null,
      document_number: input.documentNumber?.trim() || null,
      decided_on: input.decidedOn,
      publish_until: periodOf(kind, severity, input.decidedOn).publishUntil,
      visibility: input.visibility ?? (kind === 'case_outcome' ? 'restricted' : 'public'),
    },
  ]);
  if (!created) throw fieldError('reference', 'already_recorded');
  await audit(db, admin, { action: 'credit.create', targetType: 'credit_entry', targetId: created.id });
  return entryView((await repo.entry(db, created.id))!);
}

export async function listEntries(db: Db, auth: Auth | null, query: EntriesInput) {
  const admin = requirePermission(auth, 'credit.manage');
  const areaCode = resolveScope(admin, query.areaCode);
  const q = query.q?.trim().replace(/[\\%_]/g, '\\$&');
  const today = cstDay(new Date());
  const { items, total } = await repo.entries(db, {
    areaCode,
    q: q || undefined,
    state: query.state,
    today,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: items.map((r) => entryView(r, today)), total };
}

async function entryInScope(db: Db, admin: Auth, id: string) {
  const row = await repo.entry(db, id);
  if (!row || !isWithin(row.area_code, admin.areaCode)) throw new AppError('credit_entry_not_found', { id });
  return row;
}

export async function getEntry(db: Db, auth: Auth | null, id: string) {
  const admin = requirePermission(auth, 'credit.manage');
  const row = await entryInScope(db, admin, id);
  return { ...entryView(row), repairs: (await repo.repairs(db, { entryId: id })).map(repairView) };
}

// ---- repair ----

async function apply(db: Db, actor: Actor, row: repo.EntryRow, input: ApplyRepairInput) {
  if (row.repaired_at) throw new AppError('entry_repaired');
  if (row.kind === 'commendation') throw fieldError('entryId', 'commendation');
  const pending = await repo.repairs(db, { entryId: row.id, state: 'pending' });
  if (pending.length > 0) throw new AppError('repair_pending');
  const { id } = await repo.insertRepair(db, {
    entry_id: row.id,
    applicant: input.applicant.trim(),
    reason: input.reason.trim(),
    evidence: input.evidence,
  });
  await audit(db, actor, { action: 'credit.repair_apply', targetType: 'credit_repair', targetId: id });
  return repairView((await repo.repair(db, id))!);
}

/** An application taken by the office on the organization's behalf (it came with paper evidence). */
export async function applyForRepair(db: Db, auth: Auth | null, entryId: string, input: ApplyRepairInput) {
  const admin = requirePermission(auth, 'credit.manage');
  return apply(db, admin, await entryInScope(db, admin, entryId), input);
}

/** An organization's own application, through its partner key. */
export async function applyAsOrg(
  db: Db,
  orgId: string,
  keyName: string,
  input: ApplyRepairInput & { entryId: string },
) {
  const row = await repo.entry(db, input.entryId);
  if (!row || row.org_id !== orgId) throw new AppError('credit_entry_not_found', { id: input.entryId });
  return apply(db, { userId: null, username: `apikey:${keyName}`, role: null }, row, input);
}

export async function listRepairs(db: Db, auth: Auth | null, state: string | undefined) {
  const admin = requirePermission(auth, 'credit.manage');
  return (await repo.repairs(db, { areaCode: admin.areaCode, state })).map(repairView);
}

/** Approving takes the entry out of the public view for good; it stays in the history. */
export async function decideRepair(db: Db, auth: Auth | null, id: string, input: DecideRepairInput) {
  const admin = requirePermission(auth, 'credit.manage');
  const row = await repo.repair(db, id);
  if (!row || !isWithin(row.area_code, admin.areaCode)) throw new AppError('repair_not_found', { id });
  if (row.state !== 'pending') throw new AppError('repair_decided');
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    const done = await repo.decideRepair(trx, id, input.version, {
      state: input.decision === 'approve' ? 'approved' : 'refused',
      decided_by: admin.userId,
      decided_at: now,
      decision_reason: input.reason.trim(),
    });
    if (!done)
      throw new AppError('version_conflict', { currentVersion: row.version }, { current: row.version });
    if (input.decision === 'approve') await repo.markRepaired(trx, row.entry_id, now);
  });
  await audit(db, admin, {
    action: `credit.repair_${input.decision}`,
    targetType: 'credit_repair',
    targetId: id,
    detail: { entryId: row.entry_id },
  });
  return repairView((await repo.repair(db, id))!);
}

// ---- public query, the organization's own view, export ----

export async function publicQuery(db: Db, q: string) {
  const rows = await repo.publicEntries(db, q.trim(), cstDay(new Date()));
  const byOrg = new Map<string, { orgName: string; creditCode: string | null; entries: unknown[] }>();
  for (const r of rows) {
    const key = r.credit_code ?? r.org_name;
    const org = byOrg.get(key) ?? { orgName: r.org_name, creditCode: r.credit_code, entries: [] };
    org.entries.push({
      kind: r.kind,
      severity: r.severity,
      title: r.title,
      legalBasis: r.legal_basis,
      documentNumber: r.document_number,
      decidedOn: r.decided_on,
      publishUntil: r.publish_until,
    });
    byOrg.set(key, org);
  }
  return { items: [...byOrg.values()] as never[] };
}

/** Everything recorded about one organization, repaired and restricted entries included. */
export async function ownRecords(db: Db, orgId: string) {
  return {
    entries: (await repo.entriesOfOrg(db, orgId)).map((r) => entryView(r)),
    repairs: (await repo.repairs(db, { orgId })).map(repairView),
  };
}

/**
 * The entries as CSV in the columns of the national public credit information catalogue's
 * administrative penalty and red/black list records (行政相对人名称, 统一社会信用代码, …).
 */
export async function exportEntries(db: Db, auth: Auth | null, areaCode: string | undefined) {
  const admin = requirePermission(auth, 'credit.manage');
  const scope = resolveScope(admin, areaCode);
  const rows = await repo.allEntries(db, scope);
  await audit(db, admin, { action: 'credit.export', detail: { areaCode: scope, count: rows.length } });
  const today = cstDay(new Date());
  const header = [
    '行政相对人名称',
    '统一社会信用代码',
    '信息类别',
    '失信严重程度',
    '决定文书号',
    '内容',
    '依据',
    '决定日期',
    '公示截止期',
    '公开属性',
    '状态',
    '来源',
  ];
  return `\uFEFF${stringify([
    header,
    ...rows.map((r) => {
      const v = entryView(r, today);
      return [
        v.orgName,
        v.creditCode ?? '',
        v.kind,
        v.severity,
        v.documentNumber ?? '',
        v.title,
        v.legalBasis ?? '',
        v.decidedOn,
        v.publishUntil,
        v.visibility,
        v.state,
        v.source,
      ];
    }),
  ])}`;
}
