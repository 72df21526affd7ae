import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import type { Move } from './enforcement.machine.ts';

const pick = (pair: readonly [string, string], lang: Lang) => (lang === 'zh' ? pair[0] : pair[1]);

export const MOVE_NAMES: Record<Move, [zh: string, en: string]> = {
  file: ['立案', 'File'],
  drop: ['不予立案/不予处罚', 'Drop'],
  notify: ['告知拟处罚决定', 'Notify intended decision'],
  request_hearing: ['当事人申请听证', 'Hearing requested'],
  hold_hearing: ['举行听证', 'Hold hearing'],
  submit_review: ['提交法制审核', 'Submit for legal review'],
  approve: ['法制审核通过', 'Approve (legal review)'],
  return: ['法制审核退回', 'Return (legal review)'],
  decide: ['作出处罚决定', 'Decide'],
  serve: ['送达', 'Serve'],
  execute: ['执行', 'Execute'],
  close: ['结案', 'Close'],
  publish: ['公示', 'Publish'],
  extend: ['延长办案期限', 'Extend the time limit'],
};

const REASONS: Record<string, [zh: string, en: string]> = {
  wrong_state: ['案件当前环节不允许该操作', 'the matter is not at a step that allows it'],
  review_required: [
    '重大执法决定须先经法制审核通过',
    'a major decision needs an approved legal review first',
  ],
  no_evidence: ['尚未登记任何证据', 'no evidence has been recorded yet'],
  published: ['处罚决定已公示', 'the decision is already published'],
  extended: ['办案期限已延长过一次', 'the time limit was already extended once'],
};

export function moveRefused(move: Move, reason: string): AppError {
  return new AppError('matter_move_refused', (lang: Lang) => ({
    moveName: pick(MOVE_NAMES[move], lang),
    reason: pick(REASONS[reason] ?? [reason, reason], lang),
    reasonCode: reason,
  }));
}

const FIELDS: Record<string, [zh: string, en: string]> = {
  gridCode: ['网格', 'Grid'],
  caseId: ['来源案件', 'Source case'],
  orgId: ['当事单位', 'Organization'],
  partyName: ['当事人', 'Party'],
  partyIdNumber: ['当事人证件号码', 'Party ID number'],
  secondOfficerId: ['第二名执法人员', 'Second officer'],
  documentNumber: ['决定书文号', 'Document number'],
  penalty: ['处罚内容', 'Penalty'],
  legalBasis: ['法律依据', 'Legal basis'],
  note: ['说明', 'Note'],
  extensionDays: ['延长天数', 'Days of extension'],
  data: ['文件内容', 'File content'],
  discoveredAt: ['发现时间', 'Discovered at'],
  takenAt: ['取证时间', 'Taken at'],
};

const FIELD_REASONS: Record<string, [zh: string, en: string]> = {
  outside_scope: ['不存在、已注销或不在您的管辖范围内', 'does not exist, is retired or is outside your area'],
  required: ['必须填写', 'is required'],
  two_officers: [
    '现场执法须由两名执法人员进行，请填写另一名执法人员',
    'on-site work needs two officers: name the second one',
  ],
  not_officer: ['须为本辖区另一名执法人员', 'must be another enforcement officer of your area'],
  bad_id_number: ['不是有效的居民身份证号码', 'not a valid resident ID number'],
  bad_file: ['文件内容与类型不符或类型不受支持', 'the content does not match an accepted type'],
  duplicate: ['该文号已被使用', 'is already used'],
  in_future: ['不能晚于当前时间', 'cannot be in the future'],
};

/** A 422 naming the field and why, in the caller's language. */
export function fieldError(field: string, reason: string): AppError {
  const text = (lang: Lang) => pick(FIELD_REASONS[reason] ?? [reason, reason], lang);
  return new AppError(
    'invalid_field',
    (lang) => ({ field: pick(FIELDS[field] ?? [field, field], lang), reason: text(lang) }),
    (lang) => ({ errors: [{ field, code: reason, message: text(lang) }] }),
  );
}
