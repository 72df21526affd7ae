import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { format, type Lang, langOf } from './i18n.ts';

/**
 * Every error CivicGrid answers with: a stable code, its HTTP status and a message in both
 * languages. Clients switch on `code`; people read `detail`.
 */
const catalog = {
  validation_failed: [400, '请求内容不符合要求：{summary}', 'The request is not valid: {summary}'],
  unauthenticated: [401, '请先登录', 'Please log in first'],
  invalid_credentials: [401, '用户名或密码错误', 'Wrong username or password'],
  account_disabled: [403, '账号已停用，请联系管理员', 'This account is disabled; contact your administrator'],
  forbidden: [403, '您的角色无权执行此操作', 'Your role does not allow this'],
  csrf_invalid: [
    403,
    '请求缺少有效的安全令牌，请刷新页面后重试',
    'Missing or invalid CSRF token; reload the page and retry',
  ],
  login_throttled: [
    429,
    '登录失败次数过多，已暂时锁定登录，请在 {retryAfterMinutes} 分钟后重试',
    'Too many failed logins: logging in is locked for now; try again in {retryAfterMinutes} minutes',
  ],
  password_change_required: [
    403,
    '请先修改密码：当前密码是系统生成的或已被要求更换',
    'Change your password first: it was generated for you or must be replaced',
  ],
  totp_enrolment_required: [
    403,
    '您的角色可查看个人敏感信息，请先在“我的账号”中启用动态验证码（两步验证）',
    'Your role can reveal personal data: turn on the authenticator code (two-step login) under My account first',
  ],
  totp_required: [
    401,
    '请输入身份验证器中的 6 位动态验证码',
    'Enter the 6-digit code from your authenticator app',
  ],
  totp_invalid: [
    401,
    '动态验证码不正确或已使用过，请输入最新的验证码',
    'The authenticator code is wrong or was already used; enter the current one',
  ],
  totp_not_set_up: [409, '请先生成动态验证码密钥', 'Set up the authenticator first'],
  totp_already_enabled: [
    409,
    '动态验证码已启用；如需更换，请先停用',
    'The authenticator code is already on; turn it off before setting up a new one',
  ],
  session_not_found: [404, '会话不存在或已结束', 'The session does not exist or has ended'],
  user_not_found: [404, '用户不存在或不在您的管辖范围内', 'The user does not exist or is outside your area'],
  username_taken: [409, '该用户名已被使用', 'This username is already taken'],
  own_account: [
    409,
    '不能停用、降级或重置自己的账号，请由另一位管理员操作',
    'You cannot disable, demote or reset your own account; ask another administrator',
  ],
  user_import_invalid: [
    422,
    '账号文件有 {count} 处问题，未创建任何账号',
    'The accounts file has {count} problems; no account was created',
  ],
  user_file_unreadable: [422, '无法读取账号文件：{reason}', 'The accounts file cannot be read: {reason}'],
  rate_limited: [429, '请求过于频繁，请稍后重试', 'Too many requests; slow down'],
  not_found: [404, '请求的资源不存在', 'Nothing here'],
  area_not_found: [
    404,
    '区域 {code} 不存在或不在您的管辖范围内',
    'Area {code} does not exist or is outside your area',
  ],
  point_outside_district: [
    404,
    '该点（{lon}, {lat}）不在辖区任何网格内',
    'The point ({lon}, {lat}) is not inside any grid of the district',
  ],
  point_outside_scope: [
    404,
    '该点（{lon}, {lat}）不在您的管辖范围内',
    'The point ({lon}, {lat}) is outside your area',
  ],
  version_conflict: [
    409,
    '该记录已被他人修改（当前版本 {currentVersion}），请刷新后再编辑',
    'Someone else changed this record (now version {currentVersion}); reload before editing',
  ],
  area_exists: [409, '区划代码 {code} 已存在', 'Area code {code} already exists'],
  area_retired: [409, '区域 {code} 已撤销，不能修改', 'Area {code} is retired and cannot be changed'],
  area_has_children: [
    409,
    '区域 {code} 下还有 {children} 个在用的下级区域，请先撤销它们',
    'Area {code} still has {children} active sub-areas; retire them first',
  ],
  invalid_field: [422, '{field}不正确：{reason}', '{field} is not valid: {reason}'],
  record_not_found: [
    404,
    '记录不存在或不在您的管辖范围内',
    'The record does not exist or is outside your area',
  ],
  record_retired: [409, '该记录已注销，不能修改', 'The record is retired and cannot be changed'],
  record_in_use: [
    409,
    '还有 {count} 条在册记录属于它，请先迁出或注销它们',
    '{count} active records still belong to it; move or retire them first',
  ],
  org_exists: [
    409,
    '统一社会信用代码已登记在另一个在册组织中',
    'Another active organization already has this credit code',
  ],
  person_exists: [
    409,
    '身份证号已登记在另一条在册人员记录中',
    'Another active person already has this ID number',
  ],
  invalid_area_code: [422, '区划代码 {code} 不正确：{reason}', 'Area code {code} is not valid: {reason}'],
  invalid_parent: [422, '上级区域不正确：{reason}', 'The parent area is not valid: {reason}'],
  invalid_head: [422, '网格负责人 {headId} 不存在', 'Grid head {headId} does not exist'],
  invalid_boundary: [422, '边界不正确：{summary}', 'The boundary is not valid: {summary}'],
  import_invalid: [
    422,
    '导入文件有 {count} 个要素存在问题，未导入任何数据',
    '{count} features of the file have problems; nothing was imported',
  ],
  gis_file_invalid: [422, '无法读取地图文件：{reason}', 'The map file cannot be read: {reason}'],
  crs_unknown: [
    422,
    '无法识别文件的坐标系，请选择坐标系后重试',
    'The coordinate system of the file is not known; choose it and try again',
  ],
  case_not_found: [
    404,
    '事件 {id} 不存在或不在您的管辖范围内',
    'Case {id} does not exist or is outside your area',
  ],
  case_wrong_state: [
    409,
    '事件当前为“{stateName}”状态，不能执行“{moveName}”',
    'The case is {stateName}; it cannot be moved by "{moveName}"',
  ],
  case_not_yours: [403, '“{moveName}”不由您办理：{reason}', '"{moveName}" is not yours to do: {reason}'],
  category_not_found: [
    422,
    '事件类别 {code} 不存在或已停用',
    'Case category {code} does not exist or is retired',
  ],
  department_not_found: [422, '部门 {code} 不存在或已停用', 'Department {code} does not exist or is retired'],
  department_exists: [409, '部门代码 {code} 已存在', 'Department code {code} already exists'],
  department_retired: [
    409,
    '部门 {code} 已停用，不能修改',
    'Department {code} is retired and cannot be changed',
  ],
  department_in_use: [
    409,
    '部门 {code} 仍被 {count} 个事件类别或派遣规则使用，请先改派它们',
    'Department {code} is still named by {count} case categories or routing rules; change them first',
  ],
  setup_has_accounts: [
    409,
    '数据库中已有账号，初始化只能在空数据库上进行',
    'The database already has accounts; setup runs only on an empty database',
  ],
  setup_no_district: [
    409,
    '数据库中还没有区，请先运行 civicgrid init',
    'The database has no district yet; run civicgrid init first',
  ],
  setup_has_district: [
    409,
    '数据库中已有区（{code}），初始化只能在空数据库上进行',
    'The database already has a district ({code}); setup runs only on an empty database',
  ],
  case_location_required: [
    422,
    '请在地图上标出位置，或选择所在网格',
    'Give the location on the map or choose the grid',
  ],
  attachment_rejected: [415, '附件不符合要求：{reason}', 'The attachment was refused: {reason}'],
  invalid_day: [422, '日期 {day} 不存在', 'There is no date {day}'],
  invalid_working_hours: [422, '工作时间不正确：{reason}', 'The working hours are not valid: {reason}'],
  api_key_invalid: [
    403,
    'API 密钥无效、已过期、已撤销或无权执行此操作',
    'The API key is invalid, expired, revoked or not allowed to do this',
  ],
  api_key_not_found: [404, 'API 密钥 {id} 不存在', 'API key {id} does not exist'],
  service_not_found: [404, '服务 {code} 不存在或已停用', 'Service {code} does not exist or is retired'],
  location_unresolved: [
    400,
    '仅凭地址无法确定位置，请提供经纬度（lat、long）',
    'An address alone cannot be located; give lat and long',
  ],
  payload_too_large: [413, '请求内容过大', 'The request body is too large'],
  unsupported_media_type: [415, '不支持此内容类型', 'This content type is not supported here'],
  routing_rule_exists: [
    409,
    '已有相同类别和区域的派遣规则，请先删除它',
    'A routing rule for this category and area already exists; remove it first',
  ],
  house_exists: [
    409,
    '该楼栋已有同名的在册房屋',
    'The building already has an active house with this room number',
  ],
  idempotency_key_invalid: [
    400,
    'Idempotency-Key 请求头不正确：应为 1 到 255 个可见 ASCII 字符',
    'The Idempotency-Key header is not valid: use 1 to 255 visible ASCII characters',
  ],
  idempotency_key_reused: [
    422,
    '该 Idempotency-Key 已用于另一个不同的请求，请为新请求使用新的键',
    'This Idempotency-Key was already used for a different request; use a new key for a new request',
  ],
  idempotency_in_progress: [
    409,
    '使用同一 Idempotency-Key 的请求仍在处理中，请稍后重试',
    'A request with the same Idempotency-Key is still being processed; retry shortly',
  ],
  grid_head_taken: [
    409,
    '该网格已有网格负责人，请先取消原负责人',
    'The grid already has a grid head; remove that one first',
  ],
  member_user_taken: [
    409,
    '该账号已关联另一名队伍成员',
    'This account is already linked to another team member',
  ],
  certificate_exists: [409, '证书编号已登记', 'This certificate number is already recorded'],
  visit_not_found: [
    404,
    '巡访记录或任务不存在或不在您的管辖范围内',
    'The visit or visit task does not exist or is outside your area',
  ],
  visit_task_done: [409, '该巡访任务已完成或已取消', 'This visit task is already done or cancelled'],
  visit_has_case: [409, '该巡访发现已转为事件', 'This visit finding has already become a case'],
  internal: [500, '服务器内部错误，请稍后重试', 'Internal server error; please retry later'],
  unavailable: [503, '服务暂不可用：数据库无法连接', 'Service unavailable: the database cannot be reached'],
  ledger_type_not_found: [404, '台账类型 {code} 不存在', 'There is no ledger type {code}'],
  ledger_file_not_found: [
    422,
    '找不到上传的台账文件，请重新上传',
    'The uploaded ledger file was not found; upload it again',
  ],
  ledger_file_unreadable: [422, '无法读取台账文件：{reason}', 'The ledger file cannot be read: {reason}'],
  ledger_file_too_large: [413, '台账文件超过 {maxMb} MB', 'The ledger file is larger than {maxMb} MB'],
  ledger_mapping_invalid: [422, '列映射有误：{reason}', 'The column mapping is not valid: {reason}'],
  import_wrong_state: [
    409,
    '导入当前状态为“{state}”，不能执行此操作',
    'The import is {state}; this cannot be done now',
  ],
  import_running: [
    409,
    '该导入正在另一处执行，请稍后刷新',
    'The import is running elsewhere; refresh in a moment',
  ],
  import_has_dependents: [
    409,
    '本次导入之后有 {count} 条记录又被修改，不能整体撤销',
    '{count} records were changed after this import, so it cannot be rolled back as a whole',
  ],
  conflict_resolved: [409, '该冲突已处理', 'This conflict has already been resolved'],
  matter_not_found: [
    404,
    '执法案件不存在或不在您的管辖范围内',
    'The enforcement matter does not exist or is outside your area',
  ],
  matter_move_refused: [409, '不能“{moveName}”：{reason}', 'Cannot "{moveName}": {reason}'],
  dispute_wrong_state: [
    409,
    '纠纷当前为“{stateName}”状态，不能执行“{moveName}”',
    'The dispute is {stateName}; it cannot be moved by "{moveName}"',
  ],
  dispute_not_yours: [403, '“{moveName}”不由您办理：{reason}', '"{moveName}" is not yours to do: {reason}'],
  party_status_move: [
    409,
    '党员状态只能依次推进（入党申请人→入党积极分子→预备党员→正式党员），不能由“{from}”改为“{to}”',
    'The status moves one step forward only (applicant → activist → probationary → full), not from {from} to {to}',
  ],
  party_member_left: [409, '该党员已转出，不能修改', 'This member has transferred out and cannot be changed'],
  party_member_exists: [
    409,
    '该身份证号已登记为党员',
    'A party member with this ID number is already recorded',
  ],
  camera_not_found: [
    404,
    '摄像机不存在或不在您的管辖范围内',
    'The camera does not exist or is outside your area',
  ],
  camera_exists: [409, '设备编码 {deviceId} 已登记', 'Device ID {deviceId} is already registered'],
  incident_not_found: [
    404,
    '视频告警事件不存在或不在您的管辖范围内',
    'The camera incident does not exist or is outside your area',
  ],
  incident_decided: [
    409,
    '该告警事件已处理（{decision}）',
    'This incident has already been decided ({decision})',
  ],
  camera_import_invalid: [
    422,
    '摄像机清单有 {count} 处问题，未导入任何摄像机',
    'The camera list has {count} problems; no camera was imported',
  ],
  hotspot_gone: [
    409,
    '该热点已变化或已消失，请刷新后重试',
    'The hot spot has changed or is gone; reload and try again',
  ],
  dataset_not_found: [404, '数据集或资源 {id} 不存在', 'There is no dataset or resource {id}'],
  dataset_restricted: [
    403,
    '数据集 {id} 仅向获准的合作方开放，请使用允许该数据集的合作方密钥',
    'Dataset {id} is open to approved partners only; use a partner key that allows it',
  ],
  quota_exceeded: [
    429,
    '该密钥已超出{limit}，请在 {retryAfter} 秒后重试',
    'This key has used up its {limit}; retry in {retryAfter} seconds',
  ],
  credit_entry_not_found: [
    404,
    '信用记录 {id} 不存在或不在您的管辖范围内',
    'Credit entry {id} does not exist or is outside your area',
  ],
  repair_not_found: [404, '信用修复申请 {id} 不存在', 'Credit repair application {id} does not exist'],
  abnormal_list_columns: [
    422,
    '经营异常名录缺少必需的列：{columns}',
    'The abnormal operation list lacks required columns: {columns}',
  ],
  abnormal_list_unreadable: [
    422,
    '无法读取经营异常名录文件：{reason}',
    'The abnormal operation list cannot be read: {reason}',
  ],
  repair_pending: [
    409,
    '该记录已有待审核的修复申请',
    'This entry already has a repair application under review',
  ],
  repair_decided: [409, '该修复申请已审核', 'This repair application has already been decided'],
  entry_repaired: [409, '该记录已修复，不在公示中', 'This entry is already repaired and no longer public'],
  question_not_found: [404, '问题不存在或您无权查看', 'The question does not exist or you may not see it'],
  signup_no_match: [
    422,
    '姓名、身份证号和手机号与本区登记的信息不一致；如未登记，请提交入驻申请',
    'The name, ID number and phone number do not match a person registered in the district; if you are not registered, apply instead',
  ],
  signup_throttled: [429, '尝试次数过多，请 1 小时后再试', 'Too many tries; try again in an hour'],
  signup_not_found: [404, '注册申请不存在或已失效', 'The sign-up does not exist or has expired'],
  signup_code_wrong: [422, '验证码不正确或已过期', 'The code is wrong or has expired'],
  sms_unavailable: [503, '短信发送失败，请稍后重试', 'The text message could not be sent; try again later'],
  notice_not_found: [404, '通知不存在或不在您的范围内', 'The notice does not exist or is outside your area'],
  partner_not_found: [
    404,
    '合作伙伴不存在或不在您的范围内',
    'The partner does not exist or is outside your area',
  ],
  partner_decided: [409, '该合作申请已审核', 'This partner application has already been decided'],
  partner_service_not_found: [
    404,
    '服务不存在或您无权查看',
    'The service does not exist or you may not see it',
  ],
  service_full: [409, '该服务名额已满', 'This service is fully booked'],
  service_closed: [409, '该服务已停止预约', 'This service no longer takes bookings'],
  booking_not_found: [404, '预约不存在或您无权查看', 'The booking does not exist or you may not see it'],
  booking_exists: [409, '您已预约该服务，请勿重复预约', 'You have already booked this service'],
  booking_wrong_state: [
    409,
    '该预约当前状态为“{state}”，不能执行此操作',
    'The booking is {state}; this cannot be done now',
  ],
  pairing_not_found: [
    404,
    '结对共建不存在或不在您的范围内',
    'The pairing does not exist or is outside your area',
  ],
  question_wrong_state: [
    409,
    '该问题当前状态为“{state}”，不能执行此操作',
    'The question is {state}; this cannot be done now',
  ],
  // Self-governance (meetings and votes, docs/self-governance.md).
  vote_wrong_state: [
    409,
    '该表决当前为“{state}”，不能执行此操作',
    'The vote is {state}; this cannot be done now',
  ],
  vote_not_voter: [403, '您不在本次表决的表决人名单中', 'You are not in the electorate of this vote'],
  meeting_wrong_state: [
    409,
    '该会议当前为“{state}”，不能执行此操作',
    'The meeting is {state}; this cannot be done now',
  ],
  statement_not_found: [
    404,
    '账目公开不存在或您无权查看',
    'The statement does not exist or you may not see it',
  ],
  statement_published: [
    409,
    '该账目已公开，不能修改；如有错误请发布更正版本',
    'The statement is published and cannot be changed; publish a correction instead',
  ],
  statement_not_current: [
    409,
    '只能更正当前公开的版本（第 {current} 版）',
    'Only the current published revision (revision {current}) can be corrected',
  ],
  statement_draft_exists: [
    409,
    '该小区 {period} 期间已有未公开的草稿',
    'There is already an unpublished draft for {period} of this estate',
  ],
  statement_unbalanced: [
    422,
    '期初余额 {opening} + 收入 {income} − 支出 {expense} = {computed}，与期末余额 {closing} 不符（单位：元）',
    'Opening balance {opening} + income {income} − expense {expense} = {computed}, not the closing balance {closing} (yuan)',
  ],
  statement_import_invalid: [
    422,
    '账目文件有 {count} 处问题，未导入任何内容',
    'The statement file has {count} problems; nothing was imported',
  ],
  ownership_import_columns: [
    422,
    '产权台账缺少必需的列：{columns}（模板见“下载模板”）',
    'The ownership ledger lacks required columns: {columns} (see the template)',
  ],
  ownership_import_unreadable: [
    422,
    '无法读取产权台账文件：{reason}',
    'The ownership ledger cannot be read: {reason}',
  ],
  ownership_import_invalid: [
    422,
    '产权台账有 {count} 行有问题，未导入任何内容',
    'The ownership ledger has {count} rows with problems; nothing was imported',
  ],
} as const satisfies Record<string, readonly [number, string, string]>;

export type ErrorCode = keyof typeof catalog;

type Localizable = Record<string, unknown> | ((lang: Lang) => Record<string, unknown>);
const resolve = (value: Localizable, lang: Lang) => (typeof value === 'function' ? value(lang) : value);

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    /** Values for the message template; a function when they hold text in the caller's language. */
    readonly params: Localizable = {},
    /** Extra members of the problem document, e.g. `errors` or `current`; a function when they hold text. */
    readonly extra: Localizable = {},
  ) {
    super(format(catalog[code][2], resolve(params, 'en')));
    this.status = catalog[code][0];
  }
}

/**
 * A module's refusal of one field (422 `invalid_field`), from its tables of field names and
 * reasons in both languages: the field and reason for the summary, and `errors` with the field,
 * the reason's code and its text (plus `detail`, when given) for forms to show under the field.
 */
export function fieldErrorOf(
  fields: Record<string, [zh: string, en: string]>,
  reasons: Record<string, [zh: string, en: string]>,
) {
  return (field: string, reason: string, detail?: string): AppError => {
    const text = (lang: Lang) =>
      `${reasons[reason]?.[lang === 'zh' ? 0 : 1] ?? reason}${detail ? `: ${detail}` : ''}`;
    return new AppError(
      'invalid_field',
      (lang) => ({ field: fields[field]?.[lang === 'zh' ? 0 : 1] ?? field, reason: text(lang) }),
      (lang) => ({ errors: [{ field, code: reason, message: text(lang) }] }),
    );
  };
}

export function messageOf(code: ErrorCode, lang: Lang, params: Record<string, unknown> = {}): string {
  return format(catalog[code][lang === 'zh' ? 1 : 2], params);
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  [extra: string]: unknown;
}

export function problemOf(error: AppError, lang: Lang): Problem {
  const params = resolve(error.params, lang);
  // Params first: one named `code` (an area's) must not replace the problem's own code.
  return {
    ...params,
    ...resolve(error.extra, lang),
    type: `https://civicgrid.dev/problems/${error.code}`,
    title: error.code,
    status: error.status,
    code: error.code,
    detail: messageOf(error.code, lang, params),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem) {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

/**
 * Unique indexes that guard a rule the services also check: when two requests race past the check,
 * the index refuses the second, and the client gets the same 409 as if it had come later.
 */
const UNIQUE_VIOLATIONS: Record<string, ErrorCode> = {
  houses_room_uq: 'house_exists',
  users_username_key: 'username_taken',
  routing_rules_uq: 'routing_rule_exists',
  people_id_number_uq: 'person_exists',
  orgs_credit_code_uq: 'org_exists',
  team_member_grids_head_uq: 'grid_head_taken',
  team_members_user_uq: 'member_user_taken',
  team_qualifications_cert_uq: 'certificate_exists',
  visits_task_id_key: 'visit_task_done',
  party_members_id_number_uq: 'party_member_exists',
  partner_bookings_active_uq: 'booking_exists',
};

/**
 * PostgreSQL's "data exception" class: a value it cannot take (a number beyond its range, a NUL
 * byte in text, an impossible date) that got past the request schema. The client sent it: 400.
 */
const MALFORMED_VALUE = new Set(['22001', '22003', '22007', '22008', '22021', '22P02']);

function fromDatabase(error: unknown): AppError | null {
  const pg = error as { code?: string; constraint?: string };
  if (pg.code && MALFORMED_VALUE.has(pg.code))
    return new AppError('validation_failed', { summary: 'a value is malformed or out of range' });
  if (pg.code !== '23505' || !pg.constraint) return null;
  const code = UNIQUE_VIOLATIONS[pg.constraint];
  return code ? new AppError(code) : null;
}

/** The catalogue's error for anything thrown while answering, or null for a genuine fault (500). */
export function knownError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  return fromDatabase(error) ?? fromFastify(error as FastifyError);
}

function fromFastify(error: FastifyError): AppError | null {
  if (error.validation) {
    const errors = error.validation.map((v) => ({
      path: `${error.validationContext ?? ''}${v.instancePath || ''}`,
      message: v.message ?? 'invalid',
    }));
    const summary = errors.map((e) => `${e.path} ${e.message}`).join('; ');
    return new AppError('validation_failed', { summary }, { errors });
  }
  if (error.statusCode === 429) return new AppError('rate_limited');
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('payload_too_large');
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError('unsupported_media_type');
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new AppError('validation_failed', { summary: error.message });
  }
  return null;
}

export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const lang = langOf(request.headers['accept-language']);
    const known = knownError(error);
    if (known) return sendProblem(reply, problemOf(known, lang));
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      const problem = problemOf(new AppError('validation_failed', { summary: error.message }), lang);
      return sendProblem(reply, { ...problem, status: error.statusCode });
    }
    // Internals stay in the log, never in the answer.
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, problemOf(new AppError('internal'), lang));
  });
});
