import type { Db } from '../../db/database.ts';
import type { LedgerColumn, LedgerDefaults, LedgerEntity } from '../../db/types.ts';
import * as types from './ledger-types.repository.ts';

/**
 * The ledger types a district starts with: the departments' spreadsheets the brief names (public
 * security population registers, civil affairs' low-income households, market regulation's market
 * entities, urban management's components), with the column names those offices use. Admins edit
 * the mappings and add types; these are loaded at first start when none exist.
 */
export interface LedgerTypeSpec {
  code: string;
  departmentCode: string;
  zh: string;
  en: string;
  entity: LedgerEntity;
  columns: LedgerColumn[];
  defaults?: LedgerDefaults;
  priority: number;
}

export const DEFAULT_LEDGER_TYPES: LedgerTypeSpec[] = [
  {
    code: 'ps_registered_population',
    departmentCode: 'police',
    zh: '公安—户籍人口',
    en: 'Public security — registered population',
    entity: 'person',
    priority: 90,
    defaults: { residency: 'registered' },
    columns: [
      { header: '姓名', field: 'name' },
      { header: '公民身份号码', field: 'idNumber' },
      { header: '性别', field: 'sex' },
      { header: '出生日期', field: 'birthDate' },
      { header: '联系电话', field: 'phone' },
      { header: '现住址', field: 'address' },
      { header: '户籍类别', field: 'residency' },
      { header: '迁入日期', field: 'moveInDate' },
    ],
  },
  {
    code: 'ps_floating_population',
    departmentCode: 'police',
    zh: '公安—流动人口',
    en: 'Public security — non-registered population',
    entity: 'person',
    priority: 80,
    defaults: { residency: 'non_registered' },
    columns: [
      { header: '姓名', field: 'name' },
      { header: '身份证号', field: 'idNumber' },
      { header: '性别', field: 'sex' },
      { header: '手机号码', field: 'phone' },
      { header: '居住地址', field: 'address' },
      { header: '来本地日期', field: 'moveInDate' },
    ],
  },
  {
    code: 'ca_low_income',
    departmentCode: 'civil_affairs',
    zh: '民政—低保户',
    en: 'Civil affairs — minimum-subsistence households',
    entity: 'person',
    priority: 60,
    defaults: { tags: ['low_income'] },
    columns: [
      { header: '姓名', field: 'name' },
      { header: '身份证号', field: 'idNumber' },
      { header: '联系电话', field: 'phone' },
      { header: '家庭住址', field: 'address' },
      { header: '人员类别', field: 'tags' },
    ],
  },
  {
    code: 'ca_elderly_alone',
    departmentCode: 'civil_affairs',
    zh: '民政—独居老人',
    en: 'Civil affairs — elderly living alone',
    entity: 'person',
    priority: 60,
    defaults: { tags: ['elderly_alone'] },
    columns: [
      { header: '姓名', field: 'name' },
      { header: '身份证号', field: 'idNumber' },
      { header: '联系电话', field: 'phone' },
      { header: '现住址', field: 'address' },
    ],
  },
  {
    code: 'market_entities',
    departmentCode: 'market',
    zh: '市场监管—市场主体',
    en: 'Market regulation — market entities',
    entity: 'org',
    priority: 90,
    columns: [
      { header: '统一社会信用代码', field: 'creditCode' },
      { header: '单位名称', field: 'name' },
      { header: '类型', field: 'kind' },
      { header: '负责人', field: 'responsiblePerson' },
      { header: '联系电话', field: 'contactPhone' },
      { header: '地址', field: 'address' },
      { header: '经度', field: 'lon' },
      { header: '纬度', field: 'lat' },
    ],
  },
  {
    code: 'um_components',
    departmentCode: 'urban_management',
    zh: '城管—城市部件',
    en: 'Urban management — urban components',
    entity: 'thing',
    priority: 90,
    columns: [
      { header: '部件类型', field: 'category' },
      { header: '部件名称', field: 'name' },
      { header: '经度', field: 'lon' },
      { header: '纬度', field: 'lat' },
      { header: '权属单位', field: 'ownerDepartment' },
      { header: '状态', field: 'state' },
    ],
  },
];

/** Loads the default ledger types when there are none (first start, or a fresh test database). */
export async function loadLedgerTypes(db: Db): Promise<number> {
  if (await types.anyLedgerType(db)) return 0;
  await types.insertMissingLedgerTypes(
    db,
    DEFAULT_LEDGER_TYPES.map((t) => ({
      code: t.code,
      department_code: t.departmentCode,
      name_zh: t.zh,
      name_en: t.en,
      entity: t.entity,
      columns: JSON.stringify(t.columns),
      defaults: JSON.stringify(t.defaults ?? {}),
      priority: t.priority,
      updated_by: null,
    })),
  );
  return DEFAULT_LEDGER_TYPES.length;
}
