import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/types.ts';
import { cancelJobs, enqueue } from '../../platform/jobs.ts';
import { stepLimit, yellowAt } from './enforcement.machine.ts';
import * as repo from './enforcement.repository.ts';

/** The job that turns a matter yellow, then red, while it waits against one time limit. */
export const ENFORCEMENT_ALARM_JOB = 'enforcement.alarm';

type Tx = Db | Transaction<Database>;
type Limits = Parameters<typeof stepLimit>[0] & { id: string; step_deadline: Date | null };

/** Plans the warning of the matter's current limit (or cancels it when none applies). */
export async function planAlarm(trx: Tx, matter: Limits): Promise<void> {
  const limit = stepLimit(matter);
  if (!limit || !matter.step_deadline) {
    await cancelJobs(trx, ENFORCEMENT_ALARM_JOB, matter.id);
    return;
  }
  await enqueue(trx, {
    kind: ENFORCEMENT_ALARM_JOB,
    key: matter.id,
    runAt: yellowAt(limit),
    payload: { matterId: matter.id, deadline: matter.step_deadline.toISOString(), level: 'yellow' },
  });
}

/** The alarm job: yellow at 80% of the limit, red when it has passed. */
export async function raiseEnforcementAlarm(
  db: Db,
  payload: { matterId: string; deadline: string; level: 'yellow' | 'red' },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const matter = await repo.lockMatter(trx, payload.matterId);
    // The matter moved on (or its limit was extended) since this job was planned: nothing to do.
    if (!matter?.step_deadline || matter.step_deadline.toISOString() !== payload.deadline) return;
    await repo.setAlarm(trx, matter.id, payload.level);
    if (payload.level === 'yellow')
      await enqueue(trx, {
        kind: ENFORCEMENT_ALARM_JOB,
        key: matter.id,
        runAt: matter.step_deadline,
        payload: { ...payload, level: 'red' },
      });
  });
}
