import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { fieldError as registryFieldError } from '../registry/index.ts';

const fields: Record<string, [zh: string, en: string]> = {
  password: ['密码', 'Password'],
  gridCode: ['网格', 'Grid'],
  communityCode: ['社区', 'Community'],
  secret: ['密钥', 'Secret'],
};

const reasons: Record<string, [zh: string, en: string]> = {
  too_short: ['太短', 'is too short'],
  too_simple: [
    '过于简单，须包含字母、数字或符号中的至少两类',
    'is too simple; mix letters, digits or symbols',
  ],
  too_common: ['过于常见', 'is too common'],
  contains_username: ['不能包含用户名', 'must not contain the username'],
  outside_scope: ['不存在或不在您的管辖范围内', 'does not exist or is outside your area'],
  required: ['设置网关地址时必须提供密钥', 'a gateway URL needs a secret'],
};

/** A 422 naming the field; ID and phone problems are worded as the registry words them. */
export function fieldError(field: string, reason: string): AppError {
  if (!fields[field]) return registryFieldError(field, reason);
  const text = (lang: Lang) => reasons[reason]?.[lang === 'zh' ? 0 : 1] ?? reason;
  return new AppError(
    'invalid_field',
    (lang) => ({ field: fields[field][lang === 'zh' ? 0 : 1], reason: text(lang) }),
    (lang) => ({ errors: [{ field, code: reason, message: text(lang) }] }),
  );
}
