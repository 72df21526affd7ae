import { fieldErrorOf } from '../../platform/errors.ts';

/** Field names and refusal reasons of the teams and patrols modules, in both languages. */
const fields: Record<string, [zh: string, en: string]> = {
  name: ['姓名', 'Name'],
  team: ['队伍', 'Team'],
  forceCode: ['专业力量', 'Professional force'],
  grids: ['服务网格', 'Grids served'],
  areaCode: ['所属区域', 'Area'],
  userId: ['登录账号', 'Account'],
  workPhone: ['工作电话', 'Work phone'],
  privatePhone: ['个人电话', 'Private phone'],
  expiresOn: ['有效期至', 'Valid until'],
  filter: ['筛选条件', 'Filter'],
  taskId: ['巡访任务', 'Visit task'],
  target: ['巡访对象', 'Visit target'],
  gridCode: ['网格', 'Grid'],
  track: ['轨迹', 'Track'],
  visitedAt: ['巡访时间', 'Visit time'],
  photos: ['照片', 'Photos'],
  location: ['位置', 'Location'],
  findings: ['发现情况', 'Findings'],
  to: ['截止日期', 'To'],
};

const reasons: Record<string, [zh: string, en: string]> = {
  team_or_force: ['须属于三支队伍之一或一支专业力量（二者选一）', 'give one team or one force, not both'],
  unknown_force: ['专业力量不存在或已停用', 'no such active professional force'],
  unknown_user: ['账号不存在或不在您的管辖范围内', 'no such account in your area'],
  duplicate_grid: ['同一网格出现了两次', 'a grid is listed twice'],
  outside_scope: ['不存在、已撤销或不在您的管辖范围内', 'does not exist, is retired or is outside your area'],
  bad_phone: ['不是有效的手机号或固定电话', 'not a valid mobile or landline number'],
  before_issued: ['早于发证日期', 'is before the date of issue'],
  bad_filter: ['不适用于该对象类型', 'does not fit the target type'],
  not_found: ['不存在或不在您的管辖范围内', 'does not exist or is outside your area'],
  required: ['没有任务时必须指定网格或位置', 'needed when no task is given'],
  bad_track: ['须为 WGS84 坐标的 GeoJSON LineString', 'must be a GeoJSON LineString in WGS84'],
  in_future: ['不能晚于当前时间', 'cannot be in the future'],
  bad_photo: ['照片内容无效', 'the photo content is not valid'],
  before_from: ['早于开始日期', 'is before the start date'],
  outside_district: ['该位置不在您的管辖网格内', 'the location is not inside a grid of your area'],
};

/** A 422 naming the field and why, in the caller's language. */
export const fieldError = fieldErrorOf(fields, reasons);
