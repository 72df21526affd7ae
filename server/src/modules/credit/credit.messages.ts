import { fieldErrorOf } from '../../platform/errors.ts';

/** Field names and refusal reasons of the credit module, in both languages. */
const fields: Record<string, [zh: string, en: string]> = {
  orgId: ['组织', 'Organization'],
  reference: ['来源编号', 'Reference'],
  entryId: ['信用记录', 'Credit entry'],
};

const reasons: Record<string, [zh: string, en: string]> = {
  outside_scope: ['不存在、已注销或不在您的管辖范围内', 'does not exist, is retired or is outside your area'],
  already_recorded: ['该来源已记录', 'is already recorded'],
  commendation: ['表彰无需修复', 'a commendation needs no repair'],
};

export const fieldError = fieldErrorOf(fields, reasons);
