import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';

/** Field names and refusal reasons of the cameras module, in both languages. */
const fields: Record<string, [zh: string, en: string]> = {
  deviceId: ['设备编码', 'Device ID'],
  channelId: ['通道编码', 'Channel ID'],
  name: ['名称', 'Name'],
  location: ['位置', 'Location'],
  lon: ['经度', 'Longitude'],
  lat: ['纬度', 'Latitude'],
  direction: ['方向', 'Direction'],
  ownerDepartment: ['权属单位', 'Owner department'],
  categoryCode: ['案件类别', 'Case category'],
  file: ['文件', 'File'],
};

const reasons: Record<string, [zh: string, en: string]> = {
  outside_scope: ['该位置不在您的管辖网格内', 'the location is not inside a grid of your area'],
  bad_gb_id: ['须为 20 位国标编码', 'must be a 20-digit GB/T 28181 code'],
  required: ['必填', 'is required'],
  bad_number: ['不是有效的数值', 'is not a valid number'],
  unknown_department: ['单位不存在', 'no such department'],
  unknown_category: ['案件类别不存在或不是末级类别', 'no such leaf case category'],
  missing_columns: ['缺少必需的列：{columns}', 'required columns are missing: {columns}'],
  duplicate: ['清单中重复出现', 'appears twice in the list'],
};

/** A 422 naming the field and why, in the caller's language. */
export function fieldError(field: string, reason: string, params: Record<string, string> = {}): AppError {
  const text = (lang: Lang) =>
    (reasons[reason]?.[lang === 'zh' ? 0 : 1] ?? reason).replace(
      /\{(\w+)\}/g,
      (_, k: string) => params[k] ?? '',
    );
  return new AppError(
    'invalid_field',
    (lang) => ({ field: fields[field]?.[lang === 'zh' ? 0 : 1] ?? field, reason: text(lang) }),
    (lang) => ({ errors: [{ field, code: reason, message: text(lang) }] }),
  );
}

/** Problems of one list, row by row, as the 422 `camera_import_invalid` carries them. */
export function importError(problems: { row: number; field: string; reason: string }[]): AppError {
  return new AppError('camera_import_invalid', { count: problems.length }, (lang) => ({
    errors: problems.slice(0, 200).map((p) => ({
      row: p.row,
      field: p.field,
      code: p.reason,
      message: `${fields[p.field]?.[lang === 'zh' ? 0 : 1] ?? p.field}: ${reasons[p.reason]?.[lang === 'zh' ? 0 : 1] ?? p.reason}`,
    })),
  }));
}
