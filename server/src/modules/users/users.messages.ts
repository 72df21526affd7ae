import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';

/** Field names and refusal reasons of account administration and its import, in both languages. */
const fields: Record<string, [zh: string, en: string]> = {
  username: ['用户名', 'Username'],
  displayName: ['姓名', 'Name'],
  role: ['角色', 'Role'],
  areaCode: ['所属区域', 'Area'],
  departmentCode: ['所属部门', 'Department'],
  workPhone: ['工作电话', 'Work phone'],
  file: ['文件', 'File'],
};

const reasons: Record<string, [zh: string, en: string]> = {
  required: ['不能为空', 'is required'],
  bad_username: [
    '只能包含字母、数字和 _ . -，长度 3 到 40',
    'may hold letters, digits and _ . - only, 3 to 40 of them',
  ],
  username_taken: ['已被使用', 'is already taken'],
  duplicate_in_file: ['在文件中出现了不止一次', 'appears more than once in the file'],
  too_long: ['过长', 'is too long'],
  unknown_role: ['不是已知的角色', 'is not a known role'],
  role_not_grantable: ['超出了您可授予的角色', 'is not a role you may grant'],
  area_outside_scope: [
    '不存在、已撤销或不在您的管辖范围内',
    'does not exist, is retired or is outside your area',
  ],
  area_ambiguous: ['名称对应多个区域，请改用区划代码', 'names more than one area; use the area code'],
  grid_required: ['网格员须属于一个网格', 'a grid worker belongs to a grid'],
  department_required: ['职能部门处置人员必须指定部门', 'a department handler needs a department'],
  unknown_department: ['部门不存在或已停用', 'no such active department'],
  bad_phone: ['不是有效的手机号或固定电话', 'not a valid mobile or landline number'],
  missing_columns: ['缺少必需的列：{columns}', 'lacks required columns: {columns}'],
  no_rows: ['没有数据行', 'has no data rows'],
  too_many_rows: ['超过 {max} 行', 'has more than {max} rows'],
};

export interface FieldProblem {
  field: string;
  code: string;
  /** Values for the reason's template, e.g. the missing columns. */
  params?: Record<string, string | number>;
}

export function fieldName(lang: Lang, field: string): string {
  return fields[field]?.[lang === 'zh' ? 0 : 1] ?? field;
}

export function reasonText(lang: Lang, problem: FieldProblem): string {
  const text = reasons[problem.code]?.[lang === 'zh' ? 0 : 1] ?? problem.code;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(problem.params?.[k] ?? ''));
}

/** A thrown problem of one field; `check` functions throw it, the import collects it per row. */
export class FieldRefusal extends Error {
  constructor(readonly problem: FieldProblem) {
    super(`${problem.field}: ${problem.code}`);
  }
}

/** A 422 naming the field and why, in the caller's language. */
export function fieldError(problem: FieldProblem): AppError {
  return new AppError(
    'invalid_field',
    (lang) => ({ field: fieldName(lang, problem.field), reason: reasonText(lang, problem) }),
    (lang) => ({
      errors: [{ field: problem.field, code: problem.code, message: reasonText(lang, problem) }],
    }),
  );
}

/** The 422 of an import: every problem with its row, nothing created. */
export function importError(problems: (FieldProblem & { row: number })[]): AppError {
  return new AppError('user_import_invalid', { count: problems.length }, (lang) => ({
    errors: problems.map((p) => ({
      row: p.row,
      field: p.field,
      code: p.code,
      message: `${fieldName(lang, p.field)}${lang === 'zh' ? '' : ' '}${reasonText(lang, p)}`,
    })),
  }));
}
