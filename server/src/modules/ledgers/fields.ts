import type { LedgerEntity } from '../../db/types.ts';
import {
  checkCreditCode,
  checkIdNumber,
  checkPhone,
  normalisePersonName,
  ORG_KINDS,
  THING_CATEGORIES,
} from '../registry/index.ts';
import { CodeTable, cleanText, excelMangled, type Parsed, parseDate, parseNumber } from './transforms.ts';

/**
 * The registry fields a ledger column can fill, per entity: how the cell is read, whether a row
 * needs it, and the header names departments give it (used to propose a mapping for a new file).
 */
export interface FieldSpec {
  key: string;
  zh: string;
  en: string;
  required?: boolean;
  /** Header names seen in department ledgers, matched after clean-up, ignoring case. */
  headers: string[];
  parse(raw: string, tables: CodeTables): Parsed<unknown>;
  /** Rewrites the value as the registry keeps it (a person's name): reported as a note, not a problem. */
  normalises?: boolean;
}

/** Code tables that depend on the database (the focus-group tags as configured). */
export interface CodeTables {
  tags: CodeTable;
}

const text =
  (max = 200) =>
  (raw: string): Parsed<string> => {
    const value = cleanText(raw);
    return value.length > max ? { ok: false, problem: 'too_long' } : { ok: true, value };
  };

/** A person's name: spaces between Han characters dropped, one middle dot (normalisePersonName). */
const personName = (raw: string): Parsed<string> => {
  const value = normalisePersonName(cleanText(raw));
  return value.length > 50 ? { ok: false, problem: 'too_long' } : { ok: true, value };
};

const idNumber = (raw: string): Parsed<string> => {
  if (excelMangled(raw)) return { ok: false, problem: 'number_format' };
  const checked = checkIdNumber(raw);
  return checked.ok ? { ok: true, value: checked.idNumber } : checked;
};

const phone = (raw: string): Parsed<string> => {
  if (excelMangled(raw)) return { ok: false, problem: 'number_format' };
  const checked = checkPhone(raw);
  return checked.ok ? { ok: true, value: checked.phone } : { ok: false, problem: 'bad_phone' };
};

const coordinate =
  (min: number, max: number) =>
  (raw: string): Parsed<number> => {
    const n = parseNumber(raw);
    if (!n.ok) return n;
    return n.value >= min && n.value <= max ? n : { ok: false, problem: 'outside_district' };
  };

export const SEX = new CodeTable({ male: ['男', 'M', '1', '男性'], female: ['女', 'F', '2', '女性'] });

export const RESIDENCY = new CodeTable({
  registered: ['户籍', '户籍人口', '本地', '本地户籍', '常住户籍', '本区户籍', '是'],
  non_registered: ['非户籍', '流动', '流动人口', '外来', '外来人口', '非本地户籍', '否'],
});

export const THING_STATE = new CodeTable({
  normal: ['完好', '正常', '良好', '在用'],
  damaged: ['破损', '损坏', '损毁', '故障'],
  missing: ['丢失', '缺失', '被盗'],
  under_repair: ['维修中', '在修', '维修'],
});

/** The words for org kinds that are not their names. */
const ORG_KIND_WORDS: Record<string, string[]> = {
  enterprise: ['公司', '企业法人', '有限责任公司', '个人独资企业'],
  shop: ['个体工商户', '个体户', '门店', '店铺'],
  social_org: ['社会团体', '民办非企业单位', '社团'],
  party_branch: ['党组织', '支部'],
  owners_committee: ['业主委员会'],
  property_company: ['物业服务企业', '物业'],
  hospital: ['诊所', '卫生服务中心', '医院'],
  nursing_home: ['养老院', '敬老院'],
};

export const ORG_KIND = new CodeTable(
  Object.fromEntries(
    ORG_KINDS.map((k) => [k.code, [k.zh, k.en, ...(ORG_KIND_WORDS[k.code] ?? [])]]),
  ) as Record<string, string[]>,
);

export const THING_CATEGORY = new CodeTable(
  Object.fromEntries(THING_CATEGORIES.map((c) => [c.code, [c.zh, c.en, c.slug]])),
);

export const FIELDS: Record<LedgerEntity, FieldSpec[]> = {
  person: [
    {
      key: 'name',
      zh: '姓名',
      en: 'Name',
      required: true,
      headers: ['姓名', '名字', '人员姓名', '居民姓名', '户主姓名', 'name'],
      parse: personName,
      normalises: true,
    },
    {
      key: 'idNumber',
      zh: '身份证号',
      en: 'ID number',
      required: true,
      headers: [
        '公民身份号码',
        '身份证号',
        '身份证号码',
        '证件号码',
        '身份证',
        '身份号码',
        'ID number',
        'id_number',
      ],
      parse: idNumber,
    },
    { key: 'sex', zh: '性别', en: 'Sex', headers: ['性别', 'sex', 'gender'], parse: (raw) => SEX.parse(raw) },
    {
      key: 'birthDate',
      zh: '出生日期',
      en: 'Date of birth',
      headers: ['出生日期', '出生年月', '生日', 'date of birth', 'birth date'],
      parse: parseDate,
    },
    {
      key: 'phone',
      zh: '联系电话',
      en: 'Phone',
      headers: ['联系电话', '手机号码', '手机号', '手机', '电话', '联系方式', '电话号码', 'phone'],
      parse: phone,
    },
    {
      key: 'address',
      zh: '现住址',
      en: 'Address',
      required: true,
      headers: ['现住址', '居住地址', '住址', '家庭住址', '现居住地址', '房屋地址', '地址', 'address'],
      parse: text(200),
    },
    {
      key: 'residency',
      zh: '户籍类别',
      en: 'Residency',
      headers: ['户籍类别', '户籍性质', '人口类型', '人员类型', '户籍类型', '是否本地户籍', 'residency'],
      parse: (raw) => RESIDENCY.parse(raw),
    },
    {
      key: 'moveInDate',
      zh: '迁入日期',
      en: 'Move-in date',
      headers: ['迁入日期', '入住日期', '居住起始日期', '来本地日期', '迁入时间', 'move-in date'],
      parse: parseDate,
    },
    {
      key: 'tags',
      zh: '人员类别',
      en: 'Focus groups',
      headers: ['人员类别', '重点人群', '特殊人群', '人群类别', '标签', 'tags'],
      parse: (raw, t) => t.tags.parseList(raw),
    },
  ],
  org: [
    {
      key: 'name',
      zh: '单位名称',
      en: 'Name',
      required: true,
      headers: ['单位名称', '企业名称', '组织名称', '市场主体名称', '名称', '店名', 'name'],
      parse: text(100),
    },
    {
      key: 'creditCode',
      zh: '统一社会信用代码',
      en: 'Credit code',
      headers: ['统一社会信用代码', '信用代码', '社会信用代码', 'credit code'],
      parse: (raw) => {
        if (excelMangled(raw)) return { ok: false, problem: 'number_format' };
        const c = checkCreditCode(raw);
        return c.ok ? { ok: true, value: c.creditCode } : c;
      },
    },
    {
      key: 'kind',
      zh: '类型',
      en: 'Kind',
      required: true,
      headers: ['类型', '组织类型', '主体类型', '单位类型', '类别', 'kind'],
      parse: (raw) => ORG_KIND.parse(raw),
    },
    {
      key: 'address',
      zh: '地址',
      en: 'Address',
      headers: [
        '地址',
        '住所',
        '经营场所',
        '经营地址',
        '单位地址',
        '注册地址',
        '注册住所',
        '办公地址',
        'address',
      ],
      parse: text(200),
    },
    {
      key: 'contactPhone',
      zh: '联系电话',
      en: 'Phone',
      headers: ['联系电话', '电话', '联系方式', 'phone'],
      parse: phone,
    },
    {
      key: 'responsiblePerson',
      zh: '负责人',
      en: 'Responsible person',
      headers: ['负责人', '法定代表人', '法人', '联系人', '负责人姓名', 'responsible person'],
      parse: text(50),
    },
    {
      key: 'lon',
      zh: '经度',
      en: 'Longitude',
      headers: ['经度', 'lon', 'lng', 'longitude'],
      parse: coordinate(-180, 180),
    },
    {
      key: 'lat',
      zh: '纬度',
      en: 'Latitude',
      headers: ['纬度', 'lat', 'latitude'],
      parse: coordinate(-90, 90),
    },
  ],
  thing: [
    {
      key: 'category',
      zh: '部件类型',
      en: 'Category',
      required: true,
      headers: ['部件类型', '部件类别', '部件名称类别', '设施类型', '类别', 'category'],
      parse: (raw) => THING_CATEGORY.parse(raw),
    },
    {
      key: 'name',
      zh: '部件名称',
      en: 'Name',
      headers: ['部件名称', '名称', '设施名称', 'name'],
      parse: text(100),
    },
    {
      key: 'lon',
      zh: '经度',
      en: 'Longitude',
      required: true,
      headers: ['经度', 'lon', 'lng', 'longitude'],
      parse: coordinate(-180, 180),
    },
    {
      key: 'lat',
      zh: '纬度',
      en: 'Latitude',
      required: true,
      headers: ['纬度', 'lat', 'latitude'],
      parse: coordinate(-90, 90),
    },
    {
      key: 'ownerDepartment',
      zh: '权属单位',
      en: 'Owner',
      headers: ['权属单位', '主管部门', '养护单位', '所属单位', 'owner'],
      parse: text(100),
    },
    {
      key: 'state',
      zh: '状态',
      en: 'State',
      headers: ['状态', '部件状态', '完好情况', 'state'],
      parse: (raw) => THING_STATE.parse(raw),
    },
  ],
};

export function fieldSpec(entity: LedgerEntity, key: string): FieldSpec | undefined {
  return FIELDS[entity].find((f) => f.key === key);
}

const headerKey = (header: string) =>
  cleanText(header)
    .toLowerCase()
    .replace(/[\s*＊:：]/g, '');

/** True when a header names some field of the entity (header detection uses it). */
export function isKnownHeader(entity: LedgerEntity | null) {
  const known = new Set(
    (entity ? FIELDS[entity] : Object.values(FIELDS).flat()).flatMap((f) => f.headers.map(headerKey)),
  );
  return (header: string) => known.has(headerKey(header));
}

/** A mapping proposed from a file's headers: each field to the first header that names it. */
export function proposeColumns(entity: LedgerEntity, headers: string[]) {
  const taken = new Set<string>();
  const columns: { header: string; field: string }[] = [];
  for (const spec of FIELDS[entity]) {
    const names = spec.headers.map(headerKey);
    // The field's own preferred names first: '联系电话' before '电话'.
    for (const name of names) {
      const header = headers.find((h) => !taken.has(h) && headerKey(h) === name);
      if (header) {
        taken.add(header);
        columns.push({ header, field: spec.key });
        break;
      }
    }
  }
  return columns;
}
