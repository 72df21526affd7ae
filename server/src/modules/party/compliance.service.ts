import type { Db } from '../../db/database.ts';
import { getSetting, putSetting } from '../../db/settings.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { fieldError } from './party.messages.ts';
import {
  addMonths,
  firstDay,
  lastDay,
  monthOfDay,
  monthsBetween,
  windowOf,
  windowsOfYear,
} from './party.periods.ts';
import * as repo from './party.repository.ts';
import type {
  Compliance,
  ComplianceQuery,
  FigureRow,
  FiguresQuery,
  MeetingBody,
  MeetingsQuery,
  Requirement,
  Requirements,
} from './party.schemas.ts';
import { notAfterToday, type PartyContext, today, visibleOrg } from './party.service.ts';

const SETTING = 'party.requirements';

/**
 * 三会一课 as the district asks it by default: the branch committee meets monthly, the party
 * group monthly, the members' meeting and the party class once a quarter. A setting (PUT
 * /api/party/requirements) replaces the list.
 */
export const DEFAULT_REQUIREMENTS: Requirement[] = [
  { kind: 'committee', every: 'month', orgKinds: ['committee', 'general_branch', 'branch'] },
  { kind: 'members', every: 'quarter', orgKinds: ['general_branch', 'branch'] },
  { kind: 'group', every: 'month', orgKinds: ['branch'] },
  { kind: 'class', every: 'quarter', orgKinds: ['general_branch', 'branch'] },
];

export async function requirementsOf(db: Db): Promise<Requirement[]> {
  return (await getSetting<Requirement[]>(db, SETTING)) ?? DEFAULT_REQUIREMENTS;
}

export async function getRequirements(ctx: PartyContext, auth: Auth | null): Promise<Requirements> {
  requirePermission(auth, 'party.read');
  return { items: await requirementsOf(ctx.db) };
}

export async function putRequirements(ctx: PartyContext, auth: Auth | null, body: Requirements) {
  const caller = requirePermission(auth, 'party.manage');
  const kinds = body.items.map((r) => r.kind);
  if (new Set(kinds).size !== kinds.length) throw fieldError('items', 'duplicate_kind');
  await ctx.db.transaction().execute(async (trx) => {
    await putSetting(trx, SETTING, body.items, caller.userId);
    await audit(trx, caller, { action: 'party.requirements', detail: { items: body.items } });
  });
  return { items: body.items };
}

// Meetings --------------------------------------------------------------------------------------

export async function listMeetings(ctx: PartyContext, auth: Auth | null, query: MeetingsQuery) {
  const caller = requirePermission(auth, 'party.read');
  const scope = resolveScope(caller, query.areaCode);
  const { rows, total } = await repo.listMeetings(
    ctx.db,
    scope,
    {
      orgId: query.orgId,
      kind: query.kind,
      from: query.month && firstDay(query.month),
      to: query.month && lastDay(query.month),
    },
    query,
  );
  return { items: rows.map(toMeeting), total };
}

const toMeeting = (r: Awaited<ReturnType<typeof repo.listMeetings>>['rows'][number]) => ({
  id: r.id,
  orgId: r.org_id,
  orgName: r.org_name,
  kind: r.kind,
  heldOn: r.held_on,
  topic: r.topic,
  attendees: r.attendees,
  absentees: r.absentees,
  minutes: r.minutes,
});

export async function recordMeeting(ctx: PartyContext, auth: Auth | null, body: MeetingBody) {
  const caller = requirePermission(auth, 'party.manage');
  const org = await repo.findOrg(ctx.db, body.orgId);
  if (!org || !isWithin(org.area_code, caller.areaCode)) throw fieldError('orgId', 'outside_scope');
  notAfterToday(ctx, 'heldOn', body.heldOn);
  const { id } = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await repo.insertMeeting(trx, {
      org_id: body.orgId,
      kind: body.kind,
      held_on: body.heldOn,
      topic: body.topic.trim(),
      attendees: body.attendees,
      absentees: body.absentees ?? 0,
      minutes: body.minutes ?? null,
      recorded_by: caller.userId,
    });
    await audit(trx, caller, {
      action: 'party.meeting',
      targetType: 'party_org',
      targetId: body.orgId,
      detail: { kind: body.kind, heldOn: body.heldOn },
    });
    return inserted;
  });
  return {
    id,
    orgId: org.id,
    orgName: org.name,
    kind: body.kind,
    heldOn: body.heldOn,
    topic: body.topic.trim(),
    attendees: body.attendees,
    absentees: body.absentees ?? 0,
    minutes: body.minutes ?? null,
  };
}

// Compliance ------------------------------------------------------------------------------------

type Counts = Map<string, number>;
const countKey = (orgId: string, kind: string, month: string) => `${orgId}|${kind}|${month}`;

function heldIn(counts: Counts, orgId: string, kind: string, window: { from: string; to: string }) {
  let held = 0;
  for (let m = window.from; m <= window.to; m = addMonths(m, 1))
    held += counts.get(countKey(orgId, kind, m)) ?? 0;
  return held;
}

/**
 * Per organization, each requirement that applies to its kind in the window `month` falls in:
 * met when a meeting of the kind was held in the window; otherwise pending while the window is
 * open (it ends in or after the current month) and missing once it has closed.
 */
export function checksOf(
  orgs: { id: string; kind: string }[],
  requirements: Requirement[],
  counts: Counts,
  month: string,
  currentMonth: string,
): Compliance['items'][number]['checks'][] {
  return orgs.map((org) =>
    requirements
      .filter((r) => (r.orgKinds as string[]).includes(org.kind))
      .map((r) => {
        const window = windowOf(month, r.every);
        const held = heldIn(counts, org.id, r.kind, window);
        const state = held > 0 ? 'met' : window.to >= currentMonth ? 'pending' : 'missing';
        return { kind: r.kind, every: r.every, ...window, held, state } as const;
      }),
  );
}

async function countsBetween(db: Db, scope: string, from: string, to: string): Promise<Counts> {
  const rows = await repo.meetingCounts(db, scope, firstDay(from), lastDay(to));
  return new Map(rows.map((r) => [countKey(r.org_id, r.kind, r.month), r.n]));
}

export async function complianceOf(db: Db, scope: string, month: string, currentMonth: string) {
  const [orgs, requirements] = await Promise.all([repo.listOrgs(db, scope), requirementsOf(db)]);
  const year = Number(month.slice(0, 4));
  const counts = await countsBetween(db, scope, `${year}-01`, `${year}-12`);
  const checks = checksOf(orgs, requirements, counts, month, currentMonth);
  return orgs.map((org, i) => ({
    orgId: org.id,
    orgName: org.name,
    kind: org.kind,
    areaCode: org.area_code,
    checks: checks[i],
    missing: checks[i].filter((c) => c.state === 'missing').length,
  }));
}

export async function compliance(
  ctx: PartyContext,
  auth: Auth | null,
  query: ComplianceQuery,
): Promise<Compliance> {
  const caller = requirePermission(auth, 'party.read');
  const scope = resolveScope(caller, query.areaCode);
  const currentMonth = monthOfDay(today(ctx));
  const month = query.month ?? currentMonth;
  return { month, items: await complianceOf(ctx.db, scope, month, currentMonth) };
}

// Dues arrears ----------------------------------------------------------------------------------

/**
 * Members in arrears at `month`: probationary and full members with dues who have not paid for
 * a month before it (the month itself is still open for paying). Owed: from the month after the
 * one paid to (or the month they joined, when nothing is recorded) to the month before `month`.
 */
export async function arrearsOf(db: Db, scope: string, month: string) {
  const before = addMonths(month, -1);
  const rows = await repo.arrears(db, scope, before);
  return rows.map((r) => {
    const start = r.dues_paid_to
      ? addMonths(r.dues_paid_to, 1)
      : monthOfDay(r.probationary_on ?? r.full_on ?? firstDay(before));
    const monthsOwed = Math.max(1, monthsBetween(start, before) + 1);
    return {
      memberId: r.id,
      name: r.name,
      orgId: r.org_id,
      orgName: r.org_name,
      status: r.status,
      duesStandard: r.dues_cents / 100,
      duesPaidTo: r.dues_paid_to,
      monthsOwed,
      amountOwed: (monthsOwed * r.dues_cents) / 100,
    };
  });
}

export async function arrears(ctx: PartyContext, auth: Auth | null, query: ComplianceQuery) {
  const caller = requirePermission(auth, 'party.read');
  const scope = resolveScope(caller, query.areaCode);
  const month = query.month ?? monthOfDay(today(ctx));
  const items = await arrearsOf(ctx.db, scope, month);
  return { month, items, total: items.length };
}

// Figures ---------------------------------------------------------------------------------------

const emptyRow = (areaCode: string, areaName: string): FigureRow => ({
  areaCode,
  areaName,
  orgs: 0,
  members: { applicant: 0, activist: 0, probationary: 0, full: 0 },
  meetingsHeld: 0,
  meetingsRequired: 0,
  registered: 0,
  hours: 0,
});

/**
 * Per area below the one asked (streets of a district, communities of a street; a community is
 * its own one row): organizations, members by status, required meetings held against those due
 * in windows closed in the year, in-service members registered at its communities and their hours.
 * Organizations placed at the area itself (a street's working committee) count in the total.
 */
export async function figures(ctx: PartyContext, auth: Auth | null, query: FiguresQuery) {
  const caller = requirePermission(auth, 'party.read');
  const scope = resolveScope(caller, query.areaCode);
  const now = today(ctx);
  const year = query.year ?? Number(now.slice(0, 4));
  const currentMonth = monthOfDay(now);
  const children = await repo.childAreas(ctx.db, scope);
  const name = (await repo.areaName(ctx.db, scope))?.name ?? scope;
  const rows = children.length > 0 ? children.map((c) => emptyRow(c.code, c.name)) : [emptyRow(scope, name)];
  const total = emptyRow(scope, name);
  const rowOf = (code: string) => rows.find((r) => isWithin(code, r.areaCode));
  const add = (code: string, f: (row: FigureRow) => void) => {
    f(total);
    const row = rowOf(code);
    if (row) f(row);
  };

  const [orgs, requirements, byStatus, registered, hours, counts] = await Promise.all([
    repo.listOrgs(ctx.db, scope),
    requirementsOf(ctx.db),
    repo.membersByStatus(ctx.db, scope),
    repo.registeredByCommunity(ctx.db, scope),
    repo.hoursByCommunity(ctx.db, scope, `${year}-01-01`, `${year}-12-31`),
    countsBetween(ctx.db, scope, `${year}-01`, `${year}-12`),
  ]);
  for (const org of orgs) {
    add(org.area_code, (r) => {
      r.orgs += 1;
    });
    for (const req of requirements) {
      if (!(req.orgKinds as string[]).includes(org.kind)) continue;
      for (const window of windowsOfYear(year, req.every)) {
        if (window.to >= currentMonth) continue;
        const held = heldIn(counts, org.id, req.kind, window) > 0;
        add(org.area_code, (r) => {
          r.meetingsRequired += 1;
          if (held) r.meetingsHeld += 1;
        });
      }
    }
  }
  for (const s of byStatus)
    add(s.area_code, (r) => {
      r.members[s.status] += s.n;
    });
  for (const s of registered)
    add(s.area_code!, (r) => {
      r.registered += s.n;
    });
  for (const h of hours)
    add(h.area_code, (r) => {
      r.hours = Math.round((r.hours + h.hours) * 10) / 10;
    });
  return { year, rows, total };
}

export { visibleOrg };
