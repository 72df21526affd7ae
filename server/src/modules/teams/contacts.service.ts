import { ancestorCodesOf, isWithin, levelOfCode } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { fieldError } from './teams.messages.ts';
import * as repo from './teams.repository.ts';
import type { ForceContactBody } from './teams.schemas.ts';
import { checkedPhone, name, type TeamsContext } from './teams.service.ts';

/** The professional forces ("10" of 3+10+N), their on-duty contacts per area, and a grid's contact card. */

function contactView(row: Awaited<ReturnType<typeof repo.forceContacts>>[number], forceName: string) {
  return {
    id: row.id,
    forceCode: row.force_code,
    forceName,
    areaCode: row.area_code,
    areaName: row.area_name,
    unit: row.unit,
    contactName: row.contact_name,
    workPhone: row.work_phone,
    version: row.version,
  };
}

/** The forces ("10" of 3+10+N) with their units and on-duty contacts in and above the area. */
export async function listForces(
  ctx: TeamsContext,
  auth: Auth | null,
  areaCode: string | undefined,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'teams.read');
  const scope = resolveScope(caller, areaCode);
  const [all, contacts] = await Promise.all([
    repo.forces(ctx.db),
    repo.forceContacts(ctx.db, scope, ancestorCodesOf(scope)),
  ]);
  return {
    items: all.map((f) => {
      const forceName = name(lang, f.name_zh, f.name_en);
      return {
        code: f.code,
        name: forceName,
        contacts: contacts.filter((c) => c.force_code === f.code).map((c) => contactView(c, forceName)),
      };
    }),
  };
}

export async function putForceContact(
  ctx: TeamsContext,
  auth: Auth | null,
  input: ForceContactBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'teams.manage');
  const force = await repo.findForce(ctx.db, input.forceCode);
  if (!force) throw fieldError('forceCode', 'unknown_force');
  if (!isWithin(input.areaCode, caller.areaCode) || !(await repo.findArea(ctx.db, input.areaCode)))
    throw fieldError('areaCode', 'outside_scope');
  const phone = checkedPhone('workPhone', input.workPhone)!;
  await ctx.db.transaction().execute(async (trx) => {
    const { id } = await repo.upsertForceContact(trx, {
      force_code: force.code,
      area_code: input.areaCode,
      unit: input.unit.trim(),
      contact_name: input.contactName.trim(),
      work_phone: phone,
    });
    await audit(trx, caller, {
      action: 'team.force_contact',
      targetType: 'force_contact',
      targetId: id,
      detail: { forceCode: force.code, areaCode: input.areaCode },
    });
  });
  const contacts = await repo.forceContacts(ctx.db, input.areaCode, []);
  const row = contacts.find((c) => c.force_code === force.code && c.area_code === input.areaCode)!;
  return contactView(row, name(lang, force.name_zh, force.name_en));
}

const TEAM_ROLE: Record<string, [string, string]> = {
  grid_manager: ['网格管理员', 'Grid manager'],
  service: ['服务员', 'Service worker'],
  volunteer: ['志愿者', 'Volunteer'],
};

/**
 * Who answers for what in one grid: its head, the members of each team, and each force's unit
 * and on-duty contact (the one set for the nearest area above the grid). Work phones only.
 */
export async function contactCard(ctx: TeamsContext, auth: Auth | null, gridCode: string, lang: Lang) {
  const caller = requirePermission(auth, 'areas.read');
  const grid = await repo.findArea(ctx.db, gridCode);
  if (grid?.level !== 'grid' || !isWithin(gridCode, caller.areaCode))
    throw new AppError('area_not_found', { code: gridCode });
  const [members, forces, contacts] = await Promise.all([
    repo.gridMembers(ctx.db, gridCode),
    repo.forces(ctx.db),
    repo.forceContacts(ctx.db, gridCode, ancestorCodesOf(gridCode)),
  ]);
  const lang2 = (pair: [string, string]) => pair[lang === 'zh' ? 0 : 1];
  const person = (m: (typeof members)[number], role: string) => ({
    name: m.name,
    role: m.duty && m.duty !== role ? `${role}（${m.duty}）` : role,
    workPhone: m.work_phone,
  });
  const head = members.find((m) => m.is_head);
  const teams = (['grid_manager', 'service', 'volunteer'] as const)
    .map((team) => ({
      team,
      // The head is shown once, as the head.
      members: members
        .filter((m) => m.team === team && m !== head)
        .map((m) => person(m, lang2(TEAM_ROLE[team]))),
    }))
    .filter((t) => t.members.length > 0);
  const depth = (code: string) => levelOfCode(code) ?? 'district';
  const order = { grid: 0, community: 1, street: 2, district: 3 };
  return {
    gridCode,
    gridName: grid.name,
    head: head ? person(head, name(lang, '网格长', 'Grid head')) : null,
    teams,
    forces: forces
      .map((f) => {
        const forceName = name(lang, f.name_zh, f.name_en);
        const nearest = contacts
          .filter((c) => c.force_code === f.code)
          .sort((a, b) => order[depth(a.area_code)] - order[depth(b.area_code)])[0];
        const onDuty = nearest
          ? [
              {
                name: nearest.contact_name,
                role: name(lang, '值班联系人', 'On duty'),
                workPhone: nearest.work_phone,
              },
            ]
          : [];
        const serving = members.filter((m) => m.force_code === f.code).map((m) => person(m, forceName));
        return {
          forceCode: f.code,
          forceName,
          unit: nearest?.unit ?? null,
          contacts: [...serving, ...onDuty],
        };
      })
      .filter((f) => f.contacts.length > 0),
  };
}
