import { AppError, fieldErrorOf } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';

/** Field names, refusal reasons, states and moves of the disputes module, in both languages. */
const fields: Record<string, [zh: string, en: string]> = {
  kindCode: ['纠纷类型', 'Kind'],
  gridCode: ['网格', 'Grid'],
  parties: ['当事人', 'Parties'],
  sourceCaseId: ['来源事件', 'Source case'],
  mediatorId: ['调解员', 'Mediator'],
  committee: ['调解委员会', 'Mediation committee'],
  heldOn: ['调解日期', 'Session date'],
  terms: ['协议内容', 'Agreed terms'],
  referredTo: ['导入渠道', 'Referred to'],
  receivingBody: ['接收单位', 'Receiving body'],
  noneFound: ['无纠纷', 'None found'],
  caseCategory: ['对应事件分类', 'Case category'],
  reportedAt: ['登记时间', 'Reported at'],
  month: ['月份', 'Month'],
};

const reasons: Record<string, [zh: string, en: string]> = {
  outside_scope: ['不存在、已撤销或不在您的管辖范围内', 'does not exist, is retired or is outside your area'],
  unknown_kind: ['纠纷类型不存在或已停用', 'no such active dispute kind'],
  party_one_of: [
    '每位当事人须为登记人员、登记单位或填写姓名的外来人员（三者选一）',
    'each party is a registry person, a registry organization or a named outsider (one of them)',
  ],
  bad_id_number: ['身份证号码不正确', 'not a valid ID number'],
  bad_phone: ['不是有效的手机号或固定电话', 'not a valid mobile or landline number'],
  not_mediator: ['须为管辖范围内的人民调解员账号', 'must be a mediator account covering the dispute’s grid'],
  mediator_or_committee: ['须指定一名调解员或一个调解委员会', 'name a mediator or a committee'],
  required: ['必须填写', 'is required'],
  not_allowed: ['此结果不需要该项', 'does not go with this outcome'],
  in_future: ['不能晚于当前时间', 'cannot be in the future'],
  has_disputes: [
    '本月该网格已登记纠纷，不能报“无纠纷”',
    'the grid has disputes this month; it cannot report none',
  ],
  unknown_category: ['事件分类不存在', 'no such case category'],
};

/** A 422 naming the field and why, in the caller's language. */
export const fieldError = fieldErrorOf(fields, reasons);

export const STATE_NAMES: Record<string, [zh: string, en: string]> = {
  reported: ['待调解', 'reported'],
  mediating: ['调解中', 'in mediation'],
  agreed: ['调解成功', 'agreed'],
  failed: ['调解不成', 'no agreement'],
  withdrawn: ['已撤回', 'withdrawn'],
  escalated: ['已转事件', 'escalated to a case'],
};
export const MOVE_NAMES: Record<string, [zh: string, en: string]> = {
  assign: ['指派调解', 'assign'],
  session: ['记录调解', 'record a session'],
  outcome: ['登记结果', 'record the outcome'],
  extend: ['延长期限', 'extend the deadline'],
  withdraw: ['撤回', 'withdraw'],
  escalate: ['升级为事件', 'escalate to a case'],
  attach: ['上传协议书扫描件', 'attach a signed scan'],
  agreement: ['生成调解协议书', 'produce the agreement'],
};
export const RISK_NAMES: Record<string, [zh: string, en: string]> = {
  low: ['低', 'low'],
  medium: ['中', 'medium'],
  high: ['高', 'high'],
  major: ['重大', 'major'],
};
export const REFERRAL_NAMES: Record<string, [zh: string, en: string]> = {
  court: ['法院', 'court'],
  arbitration: ['仲裁', 'arbitration'],
  petitions: ['信访部门', 'petitions office'],
};
const pick = (names: Record<string, [string, string]>, key: string, lang: Lang) =>
  names[key]?.[lang === 'zh' ? 0 : 1] ?? key;
export const stateName = (state: string, lang: Lang) => pick(STATE_NAMES, state, lang);
export const moveName = (move: string, lang: Lang) => pick(MOVE_NAMES, move, lang);
export const riskName = (risk: string, lang: Lang) => pick(RISK_NAMES, risk, lang);
export const referralName = (r: string, lang: Lang) => pick(REFERRAL_NAMES, r, lang);

export function wrongState(state: string, move: string): AppError {
  return new AppError('dispute_wrong_state', (lang) => ({
    stateName: stateName(state, lang),
    moveName: moveName(move, lang),
  }));
}
export function notYours(move: string, zh: string, en: string): AppError {
  return new AppError('dispute_not_yours', (lang) => ({
    moveName: moveName(move, lang),
    reason: lang === 'zh' ? zh : en,
  }));
}
