import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';

const fields: Record<string, [zh: string, en: string]> = {
  idNumber: ['身份证号', 'ID number'],
  phone: ['电话', 'Phone'],
  creditCode: ['统一社会信用代码', 'Credit code'],
  houseId: ['房屋', 'House'],
  householdId: ['户', 'Household'],
  gridCode: ['网格', 'Grid'],
  buildingId: ['楼栋', 'Building'],
  tags: ['重点人群标签', 'Focus-group tags'],
  location: ['位置', 'Location'],
  headId: ['户主', 'Head of household'],
  retired: ['停用', 'Retired'],
};

const reasons: Record<string, [zh: string, en: string]> = {
  wrong_length: ['位数不对', 'wrong number of characters'],
  bad_characters: ['含有不允许的字符', 'contains characters that are not allowed'],
  impossible_date: ['出生日期不存在或晚于今天', 'the birth date does not exist or is in the future'],
  wrong_check_digit: ['校验码不对，可能有录入错误', 'the check digit is wrong: probably a typing error'],
  wrong_check_character: [
    '校验码不对，可能有录入错误',
    'the check character is wrong: probably a typing error',
  ],
  unknown_region: ['地区码不存在', 'the region code does not exist'],
  bad_phone: ['不是有效的手机号或固定电话', 'not a valid mobile or landline number'],
  not_found: ['不存在、已注销或不在您的管辖范围内', 'does not exist, is retired or is outside your area'],
  not_a_member: ['不是该户成员', 'is not a member of the household'],
  not_in_house: ['不属于所选房屋', 'does not belong to the chosen house'],
  required: ['没有房屋时必须指定网格', 'needed when no house is given'],
  unknown_tag: ['标签 {tag} 不存在', 'tag {tag} does not exist'],
  tag_not_allowed: ['您的角色不能设置标签 {tag}', 'your role may not set tag {tag}'],
  outside_district: ['该位置不在辖区任何网格内', 'the location is not inside any grid of the district'],
  in_use: [
    '仍有事件类别或派遣规则指向该单位，请先修改它们',
    'categories or routing rules still name this unit; change them first',
  ],
  not_allowed: ['新建的单位不能直接停用', 'a new unit cannot be created retired'],
};

/** A 422 naming the field and why, in the caller's language. */
export function fieldError(field: string, reason: string, params: Record<string, string> = {}): AppError {
  const text = (lang: Lang) => {
    const i = lang === 'zh' ? 0 : 1;
    const raw = reasons[reason]?.[i] ?? reason;
    return raw.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');
  };
  return new AppError(
    'invalid_field',
    (lang) => ({ field: fields[field]?.[lang === 'zh' ? 0 : 1] ?? field, reason: text(lang) }),
    (lang) => ({ errors: [{ field, code: reason, message: text(lang) }] }),
  );
}
