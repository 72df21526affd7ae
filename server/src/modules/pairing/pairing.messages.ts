import { fieldErrorOf } from '../../platform/errors.ts';

/** Field names and refusal reasons of the pairing module, in both languages. */
const fields: Record<string, [zh: string, en: string]> = {
  communityCode: ['结对社区', 'Community'],
  partyOrgId: ['党组织', 'Party organization'],
  unitName: ['结对单位', 'Unit'],
  endsOn: ['结束日期', 'End date'],
};

const reasons: Record<string, [zh: string, en: string]> = {
  outside_scope: ['不是您管辖范围内的在用社区', 'is not a current community in your area'],
  not_found: ['不存在或已撤销', 'does not exist or is retired'],
  required: ['必须填写', 'is required'],
  before_start: ['不能早于签订日期', 'cannot be before the signing date'],
};

export const fieldError = fieldErrorOf(fields, reasons);
