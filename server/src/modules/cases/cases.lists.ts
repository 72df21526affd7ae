import type { Static } from 'typebox';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { TRANSITIONS } from './cases.machine.ts';
import { listScope } from './cases.policy.ts';
import * as repo from './cases.repository.ts';
import type { CasesQuery } from './cases.schemas.ts';
import { type CasesContext, caseView } from './cases.service.ts';

export type ListInput = Static<typeof CasesQuery>;

export async function listCases(ctx: CasesContext, auth: Auth | null, input: ListInput, lang: Lang) {
  if (!auth) throw new AppError('unauthenticated');
  const mine = input.mine || auth.role === 'resident';
  if (!mine && !auth.permissions.includes('cases.read')) throw new AppError('forbidden');
  const areaCode = input.areaCode === undefined ? undefined : resolveScope(auth, input.areaCode);
  let categoryCodes: string[] | undefined;
  if (input.category)
    categoryCodes = (await repo.childCategoryCodes(ctx.db, input.category)).map((c) => c.code);
  const { items, total } = await repo.listCases(
    ctx.db,
    {
      scope: listScope(auth, mine),
      states: input.state,
      categoryCodes,
      areaCode,
      open: input.open,
      overdue: input.overdue,
      alarm: input.alarm,
      supervised: input.supervised,
      source: input.source,
      departmentCode: input.departmentCode,
      q: input.q?.trim() || undefined,
    },
    { limit: input.pageSize, offset: (input.page - 1) * input.pageSize, sort: input.sort },
  );
  return { items: items.map((r) => caseView(r, lang)), total };
}

/**
 * Exactly these cases, as the case list shows them (the caller's scope still applies; ids outside
 * it are left out): how another module opens a set of cases it found, such as a hot spot's.
 */
export async function listCasesByIds(
  ctx: CasesContext,
  auth: Auth | null,
  ids: string[],
  page: { page: number; pageSize: number; sort?: repo.CaseSort },
  lang: Lang,
) {
  if (!auth) throw new AppError('unauthenticated');
  if (!auth.permissions.includes('cases.read')) throw new AppError('forbidden');
  if (ids.length === 0) return { items: [], total: 0 };
  const { items, total } = await repo.listCases(
    ctx.db,
    { scope: listScope(auth, false), ids },
    { limit: page.pageSize, offset: (page.page - 1) * page.pageSize, sort: page.sort ?? '-reportedAt' },
  );
  return { items: items.map((r) => caseView(r, lang)), total };
}

/** What waits for the caller now, soonest deadline first: the cases where they have a move to make. */
export async function inbox(
  ctx: CasesContext,
  auth: Auth | null,
  page: { page: number; pageSize: number },
  lang: Lang,
) {
  if (!auth) throw new AppError('unauthenticated');
  const waiting = waitingFor(auth);
  if (waiting.length === 0) return { items: [], total: 0 };
  const { items, total } = await repo.listCases(
    ctx.db,
    { scope: listScope(auth, false), waiting },
    { limit: page.pageSize, offset: (page.page - 1) * page.pageSize, sort: 'deadline' },
  );
  return { items: items.map((r) => caseView(r, lang)), total };
}

/** The states in which cases wait for this user (from TRANSITIONS): what their inbox holds. */
export function waitingFor(auth: Auth): repo.Waiting[] {
  const statesFor = (party: 'centre' | 'handler' | 'site') => [
    ...new Set(
      Object.values(TRANSITIONS)
        .filter((t) => t.by === party)
        .flatMap((t) => t.from),
    ),
  ];
  switch (auth.role) {
    case 'command_operator':
    case 'district_admin':
      return [{ states: statesFor('centre') }];
    case 'dept_handler':
      return auth.departmentCode ? [{ states: statesFor('handler') }] : [];
    case 'grid_worker':
      // On site they verify; a case their grid kept they also handle.
      return [{ states: statesFor('site') }, { states: statesFor('handler'), keptInGrid: true }];
    default:
      return [];
  }
}
