import { AppError, fieldErrorOf } from '../../platform/errors.ts';

/** Field names and refusal reasons of the partners module, in both languages. */
const fields: Record<string, [zh: string, en: string]> = {
  areaCode: ['服务区域', 'Area served'],
  serviceId: ['服务', 'Service'],
  phone: ['联系电话', 'Phone'],
  capacity: ['名额', 'Capacity'],
  username: ['账号用户名', 'Username'],
};

const reasons: Record<string, [zh: string, en: string]> = {
  no_such_area: ['不是在用的街道或社区', 'is not a current street or community'],
  outside_scope: ['不在您的服务区域内', 'is outside your area'],
  required_for_home_service: ['上门服务需要填写联系电话', 'is needed for a home service'],
  below_booked: ['不能少于已预约的人数', 'cannot be less than the places already booked'],
};

/** A 422 naming the field and why, in the caller's language. */
export const fieldError = fieldErrorOf(fields, reasons);

const BOOKING_STATES: Record<string, [zh: string, en: string]> = {
  booked: ['已预约', 'booked'],
  confirmed: ['已确认', 'confirmed'],
  done: ['已完成', 'done'],
  cancelled: ['已取消', 'cancelled'],
  declined: ['已婉拒', 'declined'],
};

export function wrongState(state: string): AppError {
  return new AppError('booking_wrong_state', (lang) => ({
    state: BOOKING_STATES[state]?.[lang === 'zh' ? 0 : 1] ?? state,
  }));
}
