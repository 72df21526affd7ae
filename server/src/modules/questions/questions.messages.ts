import { fieldErrorOf } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';

/** Field names, refusal reasons and state names of the questions module, in both languages. */
const fields: Record<string, [zh: string, en: string]> = {
  answererId: ['提问对象', 'Who is asked'],
  departmentCode: ['部门', 'Department'],
  photos: ['照片', 'Photos'],
  gridCode: ['网格', 'Grid'],
  categoryCode: ['事件类别', 'Category'],
  estateId: ['小区', 'Estate'],
  lineId: ['账目明细', 'Statement line'],
};

const reasons: Record<string, [zh: string, en: string]> = {
  not_found: ['不存在或不服务于您的社区', 'does not exist or does not serve your community'],
  no_community: ['您的账号未绑定社区', 'your account is not bound to a community'],
  bad_photo: ['照片内容无效', 'the photo content is not valid'],
  required: ['提问人账号未绑定网格，须指定网格', 'the asker is not bound to a grid; name one'],
  not_owned: [
    '不存在，或不是您拥有房屋的小区已公开的账目',
    'does not exist, or is not in the published accounts of an estate where you own a house',
  ],
  no_committee: ['该小区尚未成立业主委员会', "the estate has no homeowners' committee"],
};

const states: Record<string, [zh: string, en: string]> = {
  held: ['待审核', 'held for moderation'],
  hidden: ['已屏蔽', 'hidden'],
  open: ['待答复', 'awaiting an answer'],
  answered: ['已答复', 'answered'],
  rated: ['已评价', 'rated'],
  reopened: ['已重新办理过一次', 'reopened once already'],
  has_case: ['已转为事件', 'already a case'],
};

export const stateLabel = (state: string, lang: Lang) => states[state]?.[lang === 'zh' ? 0 : 1] ?? state;

/** A 422 naming the field and why, in the caller's language. */
export const fieldError = fieldErrorOf(fields, reasons);
