import { fieldErrorOf } from '../../platform/errors.ts';

/** Field names and refusal reasons of the party module, in both languages. */
const fields: Record<string, [zh: string, en: string]> = {
  parentId: ['上级党组织', 'Parent organization'],
  kind: ['组织类型', 'Kind'],
  areaCode: ['所属区域', 'Area'],
  orgId: ['党组织', 'Party organization'],
  registryOrgId: ['所在单位', 'Organization it is set up in'],
  idNumber: ['身份证号', 'ID number'],
  phone: ['联系电话', 'Phone'],
  toOrgId: ['转入党组织', 'Organization transferred to'],
  outsideOrg: ['转出单位', 'Organization outside'],
  on: ['日期', 'Date'],
  heldOn: ['会议日期', 'Date held'],
  servedOn: ['服务日期', 'Date served'],
  paidTo: ['交纳至', 'Paid to'],
  communityCode: ['报到社区', 'Community registered at'],
  inService: ['在职党员', 'In service'],
  status: ['党员状态', 'Status'],
  items: ['组织生活要求', 'Requirements'],
};

const reasons: Record<string, [zh: string, en: string]> = {
  outside_scope: ['不存在、已撤销或不在您的管辖范围内', 'does not exist, is retired or is outside your area'],
  bad_parent: [
    '上级组织类型不符（党委下设党总支或党支部，党总支下设党支部）',
    'does not fit (a committee holds general branches and branches; a general branch holds branches)',
  ],
  not_community: ['须为社区', 'must be a community'],
  not_in_service: [
    '仅在职党员需到居住地社区报到',
    'only in-service members register at their residential community',
  ],
  not_registered: ['该党员未在此社区报到', 'the member is not registered at this community'],
  in_future: ['不能晚于今天', 'cannot be after today'],
  not_later: ['须晚于已交纳的月份', 'must be after the month already paid'],
  same_org: ['已在该党组织', 'the member is already there'],
  one_of: [
    '转入组织与转出单位须且只能填写一个',
    'give either the organization transferred to or the one outside, not both',
  ],
  bad_id: ['不是有效的身份证号', 'not a valid ID number'],
  bad_phone: ['不是有效的手机号或固定电话', 'not a valid mobile or landline number'],
  date_missing: ['须填写当前状态的日期', 'the date of the current status is needed'],
  duplicate_kind: ['同一会议类型出现了两次', 'a meeting kind is listed twice'],
};

/** A 422 naming the field and why, in the caller's language. */
export const fieldError = fieldErrorOf(fields, reasons);

export const STATUS_NAMES: Record<string, [zh: string, en: string]> = {
  applicant: ['入党申请人', 'applicant'],
  activist: ['入党积极分子', 'activist'],
  probationary: ['预备党员', 'probationary member'],
  full: ['正式党员', 'full member'],
};
