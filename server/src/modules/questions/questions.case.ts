import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { permissionsOf } from '../../platform/auth/permissions.ts';
import { recordEvents } from '../../platform/domain-events.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { reportCase } from '../cases/index.ts';
import { activeAccount } from '../users/index.ts';
import { fieldError, stateLabel } from './questions.messages.ts';
import { isAnswerer, isModerator, maySeeQuestion } from './questions.policy.ts';
import * as repo from './questions.repository.ts';
import type { ToCaseBody } from './questions.schemas.ts';
import { getQuestion, type QuestionsContext } from './questions.service.ts';

/**
 * A question that needs action becomes a case in one step. The case is reported in the asker's
 * name (a resident's report, in their "my reports"), so they follow it like any report they
 * made; the question keeps the case's id, the case's description begins with the question's
 * number, and a `questions.became_case` domain event links the two for any reader.
 */
export async function questionToCase(
  ctx: QuestionsContext,
  auth: Auth | null,
  id: string,
  input: ToCaseBody,
  lang: Lang,
) {
  if (!auth) throw new AppError('unauthenticated');
  const row = await repo.findQuestion(ctx.db, id);
  if (!row || !maySeeQuestion(auth, row)) throw new AppError('question_not_found');
  if (!isAnswerer(auth, row) && !isModerator(auth, row)) throw new AppError('forbidden');
  // isAnswerer holds the permission (`questions.answer`, or `disclosure.publish` for a committee).
  const caller = auth;
  if (row.state !== 'open' && row.state !== 'answered')
    throw new AppError('question_wrong_state', (l: Lang) => ({ state: stateLabel(row.state, l) }));
  if (row.case_id)
    throw new AppError('question_wrong_state', (l: Lang) => ({ state: stateLabel('has_case', l) }));
  const gridCode = row.grid_code ?? input.gridCode;
  if (!gridCode || !isWithin(gridCode, row.community_code)) throw fieldError('gridCode', 'required');
  const asker = await activeAccount(ctx.db, row.asker_id);
  if (!asker) throw new AppError('question_not_found');
  const reporter: Auth = {
    userId: asker.id,
    username: asker.username,
    displayName: asker.display_name,
    role: 'resident',
    areaCode: asker.area_code,
    areaName: null,
    departmentCode: null,
    permissions: permissionsOf('resident'),
    sessionId: '',
    csrfToken: '',
    mustChangePassword: false,
    totpEnabled: false,
  };
  return ctx.db.transaction().execute(async (trx) => {
    // Locked first, so two answerers pressing at once make one case, not two.
    const q = await repo.lockQuestion(trx, id);
    if (!q || q.case_id)
      throw new AppError('question_wrong_state', (l: Lang) => ({ state: stateLabel('has_case', l) }));
    const kase = await reportCase(
      ctx.cases,
      { kind: 'user', auth: reporter },
      { categoryCode: input.categoryCode, description: `[${q.number}] ${q.text}`.slice(0, 2000), gridCode },
      lang,
    );
    await repo.updateQuestion(trx, id, { case_id: kase.id });
    await repo.insertEvent(trx, {
      question_id: id,
      actor_id: caller.userId,
      actor_name: caller.displayName,
      action: 'to_case',
      note: kase.number,
      data: { caseId: kase.id },
    });
    await recordEvents(trx, [
      {
        kind: 'questions.became_case',
        subjectType: 'question',
        subjectId: id,
        areaCode: gridCode,
        payload: { caseId: kase.id, caseNumber: kase.number, questionNumber: q.number },
      },
    ]);
    await audit(trx, caller, {
      action: 'question.to_case',
      targetType: 'question',
      targetId: id,
      detail: { caseId: kase.id },
    });
    return {
      caseId: kase.id,
      caseNumber: kase.number,
      question: await getQuestion({ ...ctx, db: trx }, caller, id, lang),
    };
  });
}
