import type { Lang } from '../../platform/i18n.ts';

/** What each problem code means, for the problem list and the report file. */
const MESSAGES: Record<string, [zh: string, en: string]> = {
  missing_required: ['必填项为空', 'Required value is empty'],
  missing_column: ['表中缺少此必需列', 'The sheet lacks this required column'],
  wrong_length: [
    '身份证号位数不对（应为 18 位；数字格式可能丢失了末位）',
    'ID number has the wrong length (18 expected; a number format may have cut the last digit)',
  ],
  bad_characters: ['含有不允许的字符', 'Contains characters that are not allowed'],
  impossible_date: ['日期不存在', 'The date does not exist'],
  wrong_check_digit: ['身份证号校验位错误', 'ID number check digit is wrong'],
  unknown_region: ['身份证号地区码不存在', 'ID number region code does not exist'],
  wrong_check_character: ['统一社会信用代码校验位错误', 'Credit code check character is wrong'],
  bad_phone: ['电话号码格式不对', 'Not a valid phone number'],
  bad_date: ['无法识别的日期', 'Not a recognisable date'],
  bad_number: ['不是数字', 'Not a number'],
  unknown_code: ['不在代码表中', 'Not in the code table'],
  outside_district: ['位置不在本辖区内', 'The location is outside the area'],
  unknown_address: [
    '地址与已登记的房屋、楼栋都不匹配',
    'The address matches no registered house or building',
  ],
  duplicate_row: ['与前面的行重复（{firstRow}）', 'Duplicates an earlier row ({firstRow})'],
  sex_mismatch: ['性别与身份证号不符', 'Sex does not match the ID number'],
  birth_date_mismatch: ['出生日期与身份证号不符', 'Date of birth does not match the ID number'],
  too_long: ['内容过长', 'Too long'],
  number_format: [
    '该值被 Excel 按数字显示成了科学计数法（如 4.40305E+17），后几位已丢失。请在原系统中把该列设置为“文本”格式后重新导出',
    'Excel turned this value into a number in scientific notation (e.g. 4.40305E+17) and its last digits are lost. Format the column as text in the source system and export the file again',
  ],
  // Notes: what the import did on its own; the row is imported (or was no data to begin with).
  skipped_summary_line: [
    '汇总或签名行（合计、制表人、日期等），已跳过',
    'A summary or signature line (total, prepared by, a date…), skipped',
  ],
  skipped_sheet: [
    '该工作表没有台账的列（如说明页），已跳过',
    'This sheet has none of the ledger columns (a notes sheet?), skipped',
  ],
  name_normalised: ['姓名已规范为“{to}”', 'Name normalised to "{to}"'],
};

/** Codes that are notes, not problems: they never reject a row. */
export const NOTE_CODES = ['skipped_summary_line', 'skipped_sheet', 'name_normalised'] as const;
export const isNote = (code: string) => (NOTE_CODES as readonly string[]).includes(code);

export function problemMessage(code: string, lang: Lang, detail?: Record<string, unknown> | null): string {
  const [zh, en] = MESSAGES[code] ?? [code, code];
  const text = lang === 'zh' ? zh : en;
  return text.replace(/\{(\w+)\}/g, (_, key) => String(detail?.[key] ?? ''));
}
