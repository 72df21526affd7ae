import { fieldErrorOf } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';

/** Field names and refusal reasons of self-governance (estates, meetings, votes), in both languages. */
const fields: Record<string, [zh: string, en: string]> = {
  estateId: ['小区', 'Estate'],
  matter: ['表决事项类别', 'Kind of matter'],
  meetingId: ['会议', 'Meeting'],
  basis: ['多数的计算基数', 'Majority basis'],
  itemId: ['议题', 'Agenda item'],
  closesAt: ['截止时间', 'Closing time'],
  electorate: ['表决人', 'Electorate'],
  unitKey: ['表决单位', 'Voting unit'],
  houseId: ['房屋', 'House'],
  voterId: ['签名业主', 'Signing owner'],
  participantId: ['参会人', 'Participant'],
  photo: ['纸质选票照片', 'Photo of the paper ballot'],
  communityCode: ['社区', 'Community'],
  startsAt: ['会议时间', 'Meeting time'],
  participants: ['参会人', 'Participants'],
  attendance: ['出席情况', 'Attendance'],
  decisions: ['决定', 'Decisions'],
  caseIds: ['关联事件', 'Linked cases'],
  milestones: ['里程碑', 'Milestones'],
  floorArea: ['专有部分面积', 'Exclusive floor area'],
  ownerIds: ['业主', 'Owners'],
  attachments: ['附件', 'Attachments'],
  file: ['台账文件', 'Ledger file'],
  building: ['楼栋', 'Building'],
  unit: ['单元', 'Unit'],
  room: ['房号', 'Room'],
  ownerName: ['产权人姓名', "Owner's name"],
  ownerIdNumber: ['产权人身份证号', "Owner's ID number"],
  coOwners: ['共有人', 'Co-owners'],
  row: ['行', 'Row'],
};

const reasons: Record<string, [zh: string, en: string]> = {
  required: ['必须填写', 'is required'],
  outside_scope: ['不存在或不在您的管辖范围内', 'does not exist or is outside your area'],
  in_past: ['必须晚于现在', 'must be in the future'],
  empty: ['没有登记业主或参会人，无法表决', 'has no registered owner or participant to vote'],
  not_owner: ['不是该房屋的业主', 'is not an owner of the house'],
  too_large: ['文件超过 10 MB', 'the file is larger than 10 MB'],
  not_in_meeting: ['不属于该会议', 'does not belong to this meeting'],
  bad_area: [
    '应为大于 0 的平方米数，最多两位小数，如 89.50',
    'must be square metres above 0 with at most two decimals, e.g. 89.50',
  ],
  bad_rows: ['有无效的行', 'has invalid rows'],
  unreadable: ['无法读取，请上传 XLSX 或 CSV 文件', 'cannot be read; upload an XLSX or CSV file'],
  unknown_building: ['本小区没有这个楼栋', 'no such building in this estate'],
  unknown_room: ['该楼栋没有这个房号', 'no such room in this building'],
  ambiguous_room: [
    '该楼栋有多个单元的同号房屋，请填写单元',
    'several units of this building have this room number; give the unit',
  ],
  unknown_person: [
    '人口库中没有该身份证号的在册人员',
    'no current person of the registry has this ID number',
  ],
  bad_id_number: ['不是有效的 18 位身份证号', 'is not a valid 18-character ID number'],
  co_owner_mismatch: [
    '共有人姓名与身份证号的个数不一致',
    "the co-owners' names and ID numbers do not pair up",
  ],
  duplicate_house: [
    '同一房屋在台账中出现多次且内容不同',
    'the same house appears more than once with different contents',
  ],
  duplicate: ['与前面的行完全相同，已忽略', 'repeats an earlier row exactly; ignored'],
  name_differs: [
    '姓名与人口库登记的不一致，请核对',
    'the name differs from the one in the registry; check it',
  ],
  too_many_owners: ['产权人和共有人合计不能超过 20 人', 'at most 20 owners and co-owners'],
};

/** A field's name in the caller's language. */
export const fieldName = (field: string, lang: Lang) => fields[field]?.[lang === 'zh' ? 0 : 1] ?? field;
/** Why, in the caller's language. */
export const reasonText = (reason: string, lang: Lang) => reasons[reason]?.[lang === 'zh' ? 0 : 1] ?? reason;

/** A 422 naming the field and why, in the caller's language. */
export const fieldError = fieldErrorOf(fields, reasons);
