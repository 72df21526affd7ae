import { fieldErrorOf } from '../../platform/errors.ts';

/** Field names and refusal reasons of the resources module, in both languages. */
const fields: Record<string, [zh: string, en: string]> = {
  communityCode: ['社区', 'Community'],
  file: ['台账文件', 'Ledger file'],
};

const reasons: Record<string, [zh: string, en: string]> = {
  outside_scope: ['不是您管辖范围内的在用社区', 'is not a current community in your area'],
  unreadable: ['无法读取，请上传 XLSX 文件', 'cannot be read; upload an XLSX file'],
  bad_rows: ['有无效的行', 'has invalid rows'],
};

/** A 422 naming the field and why, in the caller's language. */
export const fieldError = fieldErrorOf(fields, reasons);
