import type { Static } from 'typebox';
import type { Db } from '../../db/database.ts';
import { audit, SYSTEM_ACTOR } from '../../platform/audit.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { fieldError, orgFacts } from '../registry/index.ts';
import { ENDED_STATES, type Move, refusalOf, SUPERVISING_ROLES, TRANSITIONS } from './cases.machine.ts';
import { moveName, stateName } from './cases.messages.ts';
import { maySeeCase } from './cases.policy.ts';
import * as repo from './cases.repository.ts';
import type { MoveBody } from './cases.schemas.ts';
import { actorOf, type CasesContext, enterStep, getCase, planStep } from './cases.service.ts';

export type MoveInput = Static<typeof MoveBody>;

/** The department routing suggests for a category in a grid: a rule, else the category's own. */
export async function suggestedDepartment(
  db: Db,
  categoryCode: string,
  gridCode: string,
): Promise<string | null> {
  const category = await repo.category(db, categoryCode);
  if (!category) return null;
  const codes = [category.code, ...(category.parent_code ? [category.parent_code] : [])];
  const rule = await repo.routingRule(db, codes, gridCode);
  return rule?.department_code ?? category.department_code;
}

/** One move of the state machine, by one person, on the version they saw. */
export async function moveCase(
  ctx: CasesContext,
  auth: Auth | null,
  id: string,
  move: Move,
  input: MoveInput,
  lang: Lang,
) {
  if (!auth) throw new AppError('unauthenticated');
  const t = TRANSITIONS[move];
  const note = input.note?.trim() || null;
  if (t.needsReason && !note) throw fieldError('note', 'required');
  const now = new Date();
  const after = await ctx.db.transaction().execute(async (trx) => {
    const kase = await repo.lockCase(trx, id);
    if (!kase || !maySeeCase(auth, kase)) throw new AppError('case_not_found', { id });
    if (kase.version !== input.version)
      throw new AppError(
        'version_conflict',
        { currentVersion: kase.version },
        { currentVersion: kase.version },
      );
    const refusal = refusalOf(move, actorOf(auth), {
      state: kase.state,
      gridCode: kase.grid_code,
      departmentCode: kase.department_code,
      keptInGrid: kase.kept_in_grid,
    });
    const names = (l: Lang) => ({ stateName: stateName(kase.state, l), moveName: moveName(move, l) });
    if (refusal === 'wrong_state') throw new AppError('case_wrong_state', names, { state: kase.state });
    if (refusal === 'not_yours')
      throw new AppError('case_not_yours', (l) => ({ ...names(l), reason: notYoursReason(move, l) }));

    const values: Parameters<typeof repo.updateCase>[2] = { state: t.to };
    const data: Record<string, unknown> = {};
    let departmentCode = kase.department_code;
    if (move === 'dispatch') {
      const suggested = await suggestedDepartment(trx, kase.category_code, kase.grid_code);
      if (input.keepInGrid) {
        departmentCode = null;
        values.kept_in_grid = true;
      } else {
        const chosen = input.departmentCode ?? suggested;
        if (!chosen) throw fieldError('departmentCode', 'required');
        if (!(await repo.department(trx, chosen)))
          throw new AppError('department_not_found', { code: chosen });
        if (chosen !== suggested && !input.overrideReason?.trim())
          throw fieldError('overrideReason', 'required');
        departmentCode = chosen;
        values.kept_in_grid = false;
      }
      values.department_code = departmentCode;
      Object.assign(data, {
        departmentCode,
        keptInGrid: Boolean(input.keepInGrid),
        suggested,
        ...(input.overrideReason?.trim() ? { overrideReason: input.overrideReason.trim() } : {}),
      });
    }
    if (move === 'merge') {
      if (!input.duplicateOf || input.duplicateOf === id) throw fieldError('duplicateOf', 'required');
      const original = await repo.findCase(trx, input.duplicateOf);
      if (!original || !maySeeCase(auth, original) || ENDED_STATES.includes(original.state))
        throw new AppError('case_not_found', { id: input.duplicateOf });
      values.duplicate_of = original.id;
      data.duplicateOf = original.number;
    }
    if (move === 'close' && input.orgId) {
      const org = await orgFacts(trx, input.orgId);
      if (!org || org.retired_at) throw fieldError('orgId', 'not_found');
      values.org_id = org.id;
      data.org = org.name;
    }
    if (move === 'reopen') values.reopen_count = kase.reopen_count + 1;
    if (t.to === 'closed' || t.to === 'rejected' || t.to === 'merged') values.closed_at = now;
    // Accepting keeps the handle step's clock running; every other move starts its step afresh.
    const stepValues =
      move === 'accept'
        ? {}
        : await enterStep(
            trx,
            kase,
            await planStep(ctx.db, kase.category_code, t.step, now),
            t.step === 'handle' ? departmentCode : null,
          );
    const { version } = await repo.updateCase(trx, id, { ...values, ...stepValues });
    await repo.insertEvent(trx, {
      case_id: id,
      actor_id: auth.userId,
      actor_name: auth.displayName,
      action: move,
      from_state: kase.state,
      to_state: t.to,
      note,
      data,
    });
    await audit(trx, auth, {
      action: `case.${move}`,
      targetType: 'case',
      targetId: id,
      detail: { from: kase.state, to: t.to, ...data },
    });
    return { version, gridCode: kase.grid_code, departmentCode, state: t.to };
  });
  ctx.bus.publish({
    caseId: id,
    gridCode: after.gridCode,
    departmentCode: after.departmentCode,
    state: after.state,
  });
  return getCase(ctx, auth, id, lang);
}

/** The name the case history shows for moves the server makes itself. */
const SYSTEM_NAME = '系统';

/**
 * The system registers and dispatches a case a machine reported to the unit that owns what broke
 * (a camera's owner department): the command centre's two moves, made at once and recorded as made
 * automatically, with why. `owner` is a department's code or name. Returns the department's code,
 * or null when no active department has that code or name or the case has moved on: the case then
 * waits for the command centre as any other.
 */
export async function dispatchToOwner(
  ctx: CasesContext,
  id: string,
  owner: string,
  why: { zh: string; en: string },
): Promise<string | null> {
  const now = new Date();
  const after = await ctx.db.transaction().execute(async (trx) => {
    const kase = await repo.lockCase(trx, id);
    const department = await repo.departmentNamed(trx, owner.trim());
    if (kase?.state !== 'reported' || !department) return null;
    const suggested = await suggestedDepartment(trx, kase.category_code, kase.grid_code);
    const data = {
      departmentCode: department.code,
      keptInGrid: false,
      suggested,
      automatic: true,
      ...(department.code !== suggested ? { overrideReason: why.en } : {}),
    };
    const steps = [
      { move: 'register' as const, from: kase.state, note: `自动登记：${why.zh}`, data: { automatic: true } },
      {
        move: 'dispatch' as const,
        from: TRANSITIONS.register.to,
        note: `自动派遣至${why.zh}：${department.name_zh}`,
        data,
      },
    ];
    for (const step of steps) {
      const t = TRANSITIONS[step.move];
      const departmentCode = step.move === 'dispatch' ? department.code : null;
      const values =
        step.move === 'dispatch'
          ? { state: t.to, department_code: department.code, kept_in_grid: false }
          : { state: t.to };
      const stepValues = await enterStep(
        trx,
        kase,
        await planStep(trx, kase.category_code, t.step, now),
        t.step === 'handle' ? departmentCode : null,
      );
      await repo.updateCase(trx, id, { ...values, ...stepValues });
      await repo.insertEvent(trx, {
        case_id: id,
        actor_id: null,
        actor_name: SYSTEM_NAME,
        action: step.move,
        from_state: step.from,
        to_state: t.to,
        note: step.note,
        data: step.data,
      });
      await audit(trx, SYSTEM_ACTOR, {
        action: `case.${step.move}`,
        targetType: 'case',
        targetId: id,
        detail: { from: step.from, to: t.to, ...step.data },
      });
    }
    return { gridCode: kase.grid_code, departmentCode: department.code };
  });
  if (!after) return null;
  ctx.bus.publish({ caseId: id, ...after, state: TRANSITIONS.dispatch.to });
  return after.departmentCode;
}

function notYoursReason(move: Move, lang: Lang): string {
  const by = TRANSITIONS[move].by;
  const zh = { centre: '由指挥中心办理', handler: '由承办部门办理', site: '由所在网格的网格员现场核查' };
  const en = {
    centre: 'the command centre does it',
    handler: 'the handling unit does it',
    site: "the grid's worker verifies on site",
  };
  return (lang === 'zh' ? zh : en)[by];
}

/** A leader's push on an open case (督办): an instruction the handler is notified of. */
export async function superviseCase(
  ctx: CasesContext,
  auth: Auth | null,
  id: string,
  instruction: string,
  lang: Lang,
) {
  if (!auth) throw new AppError('unauthenticated');
  const text = instruction.trim();
  if (!text) throw fieldError('instruction', 'required');
  await ctx.db.transaction().execute(async (trx) => {
    const kase = await repo.lockCase(trx, id);
    if (!kase || !maySeeCase(auth, kase)) throw new AppError('case_not_found', { id });
    if (!SUPERVISING_ROLES.includes(auth.role)) throw new AppError('forbidden');
    if (ENDED_STATES.includes(kase.state))
      throw new AppError('case_wrong_state', (l) => ({
        stateName: stateName(kase.state, l),
        moveName: l === 'zh' ? '督办' : 'supervise',
      }));
    await repo.updateCase(trx, id, { supervised_at: new Date() });
    await repo.insertEvent(trx, {
      case_id: id,
      actor_id: auth.userId,
      actor_name: auth.displayName,
      action: 'supervise',
      note: text,
      data: {},
    });
    await repo.insertNotice(trx, {
      case_id: id,
      kind: 'supervise',
      area_code: kase.grid_code,
      department_code: kase.department_code,
      message: text,
    });
    await audit(trx, auth, { action: 'case.supervise', targetType: 'case', targetId: id });
  });
  const row = await repo.findCase(ctx.db, id);
  if (row)
    ctx.bus.publish({
      caseId: id,
      gridCode: row.grid_code,
      departmentCode: row.department_code,
      state: row.state,
      notice: 'supervise',
    });
  return getCase(ctx, auth, id, lang);
}

/** The reporter rates a closed case (1–5); staff above may add their own evaluation. */
export async function evaluateCase(
  ctx: CasesContext,
  auth: Auth | null,
  id: string,
  input: { satisfaction: number; comment?: string },
  lang: Lang,
) {
  if (!auth) throw new AppError('unauthenticated');
  await ctx.db.transaction().execute(async (trx) => {
    const kase = await repo.lockCase(trx, id);
    if (!kase || !maySeeCase(auth, kase)) throw new AppError('case_not_found', { id });
    if (kase.state !== 'closed')
      throw new AppError('case_wrong_state', (l) => ({
        stateName: stateName(kase.state, l),
        moveName: l === 'zh' ? '评价' : 'evaluate',
      }));
    const byReporter = kase.reporter_id === auth.userId;
    const byStaff = ['command_operator', 'district_admin', 'area_leader'].includes(auth.role);
    if (!byReporter && !byStaff) throw new AppError('forbidden');
    if (byReporter) {
      if (kase.satisfaction !== null)
        throw new AppError('case_wrong_state', (l) => ({
          stateName: stateName(kase.state, l),
          moveName: l === 'zh' ? '重复评价' : 'evaluate again',
        }));
      await repo.updateCase(trx, id, { satisfaction: input.satisfaction });
    }
    await repo.insertEvent(trx, {
      case_id: id,
      actor_id: auth.userId,
      actor_name: auth.displayName,
      action: 'evaluate',
      note: input.comment?.trim() || null,
      data: { satisfaction: input.satisfaction, by: byReporter ? 'reporter' : 'staff' },
    });
    await audit(trx, auth, {
      action: 'case.evaluate',
      targetType: 'case',
      targetId: id,
      detail: { satisfaction: input.satisfaction, by: byReporter ? 'reporter' : 'staff' },
    });
  });
  return getCase(ctx, auth, id, lang);
}
