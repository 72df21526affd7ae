import { ancestorCodesOf } from '../../geo/area-code.ts';
import { enqueue } from '../../platform/jobs.ts';
import * as repo from './cases.repository.ts';
import { ALARM_JOB, type CasesContext } from './cases.service.ts';

/** The alarm job: yellow at the configured share of the step's limit, red (and escalated) when overdue. */
export async function raiseAlarm(
  ctx: CasesContext,
  payload: { caseId: string; stepStartedAt: string; level: 'yellow' | 'red' },
) {
  const published = await ctx.db.transaction().execute(async (trx) => {
    const kase = await repo.lockCase(trx, payload.caseId);
    // The case moved on since this job was planned: nothing to do.
    if (!kase?.step_started_at || kase.step_started_at.toISOString() !== payload.stepStartedAt) return null;
    if (payload.level === 'yellow') {
      await repo.updateCase(trx, kase.id, { alarm: 'yellow' });
      await repo.insertEvent(trx, {
        case_id: kase.id,
        actor_id: null,
        actor_name: null,
        action: 'alarm',
        data: { level: 'yellow', step: kase.step },
      });
      await repo.insertNotice(trx, {
        case_id: kase.id,
        kind: 'yellow',
        area_code: kase.grid_code,
        department_code: kase.department_code,
        message: `${kase.number} ${kase.step}`,
      });
      if (kase.step_deadline)
        await enqueue(trx, {
          kind: ALARM_JOB,
          key: kase.id,
          runAt: kase.step_deadline,
          payload: { ...payload, level: 'red' },
        });
    } else {
      // Overdue: red, and escalated to the level above the grid (its community).
      const above = ancestorCodesOf(kase.grid_code).at(-1) ?? kase.grid_code;
      await repo.updateCase(trx, kase.id, { alarm: 'red', escalated_to: above });
      await repo.insertEvent(trx, {
        case_id: kase.id,
        actor_id: null,
        actor_name: null,
        action: 'alarm',
        data: { level: 'red', step: kase.step },
      });
      await repo.insertEvent(trx, {
        case_id: kase.id,
        actor_id: null,
        actor_name: null,
        action: 'escalate',
        data: { to: above },
      });
      await repo.insertNotice(trx, {
        case_id: kase.id,
        kind: 'escalate',
        area_code: above,
        department_code: kase.department_code,
        message: `${kase.number} ${kase.step}`,
      });
    }
    return kase;
  });
  if (published)
    ctx.bus.publish({
      caseId: published.id,
      gridCode: published.grid_code,
      departmentCode: published.department_code,
      state: published.state,
      notice: payload.level,
    });
}
