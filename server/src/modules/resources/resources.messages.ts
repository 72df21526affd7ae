import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';

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
export function fieldError(field: string, reason: string, detail?: string): AppError {
  const text = (lang: Lang) =>
    `${reasons[reason]?.[lang === 'zh' ? 0 : 1] ?? reason}${detail ? `: ${detail}` : ''}`;
  return new AppError(
    'invalid_field',
    (lang) => ({ field: fields[field]?.[lang === 'zh' ? 0 : 1] ?? field, reason: text(lang) }),
    (lang) => ({ errors: [{ field, code: reason, message: text(lang) }] }),
  );
}
