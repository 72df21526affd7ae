import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';

/** Field names and refusal reasons of the disclosure module, in both languages. */
const fields: Record<string, [zh: string, en: string]> = {
  estateId: ['小区', 'Estate'],
  period: ['期间', 'Period'],
  lines: ['收支明细', 'Lines'],
  lineId: ['收支明细', 'Line'],
  reason: ['更正原因', 'Reason'],
  file: ['文件', 'File'],
};

const reasons: Record<string, [zh: string, en: string]> = {
  outside_scope: ['不存在、已注销或不在您的管辖范围内', 'does not exist, is retired or is outside your area'],
  no_committee: ['该小区尚未成立业主委员会', 'the estate has no homeowners’ committee'],
  not_a_period: ['不是有效的期间', 'is not a period'],
  future_period: ['期间尚未开始', 'has not begun'],
  bad_category: ['类别不存在', 'the category does not exist'],
  wrong_direction: ['类别与收支方向不符', 'the category does not fit the direction'],
  outside_period: ['日期不在该期间内', 'the date lies outside the period'],
  not_in_statement: ['不属于该账目', 'is not a line of this statement'],
  unreadable: ['无法读取，请使用下载的模板（XLSX）', 'cannot be read; use the downloadable template (XLSX)'],
};

export function reasonText(reason: string, lang: Lang): string {
  return reasons[reason]?.[lang === 'zh' ? 0 : 1] ?? reason;
}

export function fieldError(field: string, reason: string): AppError {
  const base = field.replace(/\[\d+\].*$/, '');
  return new AppError(
    'invalid_field',
    (lang) => ({ field: fields[base]?.[lang === 'zh' ? 0 : 1] ?? field, reason: reasonText(reason, lang) }),
    (lang) => ({ errors: [{ field, code: reason, message: reasonText(reason, lang) }] }),
  );
}

/** Import problems, per row and column of the file. */
export const importReasons: Record<string, [zh: string, en: string]> = {
  missing_columns: ['缺少列：{columns}', 'missing columns: {columns}'],
  no_lines: ['没有收支明细', 'no lines'],
  bad_direction: ['收支方向应为“收入”或“支出”', 'direction must be 收入/income or 支出/expense'],
  bad_category: ['类别“{value}”不存在', 'category "{value}" does not exist'],
  wrong_direction: ['类别与收支方向不符', 'the category does not fit the direction'],
  bad_amount: [
    '金额“{value}”应为大于 0 的元，最多两位小数',
    'amount "{value}" must be yuan above 0, two decimals at most',
  ],
  bad_date: ['日期“{value}”不正确', 'date "{value}" is not valid'],
  outside_period: ['日期 {value} 不在该期间内', 'date {value} lies outside the period'],
  no_counterparty: ['缺少收付对象', 'counterparty missing'],
  bad_balance: ['{value}应为元，最多两位小数', '{value} must be yuan, two decimals at most'],
};

export function importMessage(code: string, params: Record<string, string>, lang: Lang): string {
  const text = importReasons[code]?.[lang === 'zh' ? 0 : 1] ?? code;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');
}
