import { enqueue } from '../../platform/jobs.ts';
import * as repo from './questions.repository.ts';
import { QUESTION_ALARM_JOB, type QuestionsContext } from './questions.service.ts';

/**
 * The alarm job, as for cases: yellow a working day before the answer is due, red when it is
 * overdue, and then escalated to the community's staff (they see it in their overdue list).
 */
export async function raiseQuestionAlarm(
  ctx: Pick<QuestionsContext, 'db'>,
  payload: { questionId: string; dueAt: string; level: 'yellow' | 'red' },
) {
  await ctx.db.transaction().execute(async (trx) => {
    const q = await repo.lockQuestion(trx, payload.questionId);
    // Answered, hidden or given a new deadline since this job was planned: nothing to do.
    if (q?.state !== 'open' || q.due_at?.toISOString() !== payload.dueAt) return;
    if (payload.level === 'yellow') {
      await repo.updateQuestion(trx, q.id, { alarm: 'yellow' });
      await repo.insertEvent(trx, { question_id: q.id, action: 'alarm', data: { level: 'yellow' } });
      await enqueue(trx, {
        kind: QUESTION_ALARM_JOB,
        key: q.id,
        runAt: q.due_at,
        payload: { ...payload, level: 'red' },
      });
    } else {
      await repo.updateQuestion(trx, q.id, { alarm: 'red', escalated: true });
      await repo.insertEvent(trx, { question_id: q.id, action: 'alarm', data: { level: 'red' } });
      await repo.insertEvent(trx, { question_id: q.id, action: 'escalate', data: { to: q.community_code } });
    }
  });
}
