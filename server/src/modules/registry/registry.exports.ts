import type { Lang } from '../../platform/i18n.ts';
import type { ExportColumn } from './export.ts';
import type { Household } from './households.schemas.ts';
import type { Org } from './orgs.schemas.ts';
import type { Person } from './people.schemas.ts';
import type { Building, House } from './places.schemas.ts';
import type { Thing } from './things.schemas.ts';

const labels: Record<string, [zh: string, en: string]> = {
  male: ['男', 'male'],
  female: ['女', 'female'],
  registered: ['户籍', 'registered'],
  non_registered: ['流动', 'non-registered'],
  head: ['户主', 'head'],
  spouse: ['配偶', 'spouse'],
  child: ['子女', 'child'],
  parent: ['父母', 'parent'],
  grandchild: ['孙子女', 'grandchild'],
  other: ['其他', 'other'],
  tenant: ['租客', 'tenant'],
  own_occupied: ['自住', 'own-occupied'],
  rented: ['出租', 'rented'],
  vacant: ['空置', 'vacant'],
  commercial: ['商用', 'commercial'],
  normal: ['正常', 'normal'],
  damaged: ['损坏', 'damaged'],
  missing: ['丢失', 'missing'],
  under_repair: ['维修中', 'under repair'],
};
const label = (value: string | null, lang: Lang) =>
  value === null ? null : (labels[value]?.[lang === 'zh' ? 0 : 1] ?? value);

const common = <T extends { gridCode: string; retired: boolean; updatedAt: string }>(): ExportColumn<T>[] => [
  { zh: '网格', en: 'Grid', value: (r) => r.gridCode },
  {
    zh: '状态',
    en: 'Status',
    value: (r, lang) =>
      r.retired ? (lang === 'zh' ? '已注销' : 'retired') : lang === 'zh' ? '在册' : 'active',
  },
  { zh: '更新时间', en: 'Updated', value: (r) => r.updatedAt.slice(0, 19).replace('T', ' ') },
];

export const peopleColumns: ExportColumn<Person>[] = [
  { zh: '姓名', en: 'Name', value: (p) => p.name },
  { zh: '身份证号', en: 'ID number', value: (p) => p.idNumber },
  { zh: '性别', en: 'Sex', value: (p, lang) => label(p.sex, lang) },
  { zh: '出生日期', en: 'Birth date', value: (p) => p.birthDate },
  { zh: '电话', en: 'Phone', value: (p) => p.phone },
  { zh: '户籍类别', en: 'Residency', value: (p, lang) => label(p.residency, lang) },
  { zh: '与户主关系', en: 'Relation', value: (p, lang) => label(p.relation, lang) },
  { zh: '地址', en: 'Address', value: (p) => p.address },
  { zh: '重点人群', en: 'Focus groups', value: (p) => p.tags.map((t) => t.name).join('、') },
  { zh: '迁入日期', en: 'Moved in', value: (p) => p.moveInDate },
  ...common<Person>(),
];

export const householdColumns: ExportColumn<Household>[] = [
  { zh: '地址', en: 'Address', value: (h) => h.address },
  { zh: '户主', en: 'Head', value: (h) => h.headName },
  { zh: '人数', en: 'Members', value: (h) => h.members },
  ...common<Household>(),
];

export const buildingColumns: ExportColumn<Building>[] = [
  { zh: '名称', en: 'Name', value: (b) => b.name },
  { zh: '地址', en: 'Address', value: (b) => b.address },
  { zh: '层数', en: 'Floors', value: (b) => b.floors },
  { zh: '房屋数', en: 'Houses', value: (b) => b.houses },
  { zh: '经度', en: 'Longitude', value: (b) => b.lon },
  { zh: '纬度', en: 'Latitude', value: (b) => b.lat },
  ...common<Building>(),
];

export const houseColumns: ExportColumn<House>[] = [
  { zh: '地址', en: 'Address', value: (h) => h.address },
  { zh: '用途', en: 'Usage', value: (h, lang) => label(h.usage, lang) },
  { zh: '面积（㎡）', en: 'Area (m²)', value: (h) => h.areaM2 },
  { zh: '居住人数', en: 'Residents', value: (h) => h.residents },
  ...common<House>(),
];

export const thingColumns: ExportColumn<Thing>[] = [
  { zh: '部件类别', en: 'Category', value: (t) => t.category },
  { zh: '名称', en: 'Name', value: (t) => t.name },
  { zh: '状态', en: 'State', value: (t, lang) => label(t.state, lang) },
  { zh: '权属部门', en: 'Owner department', value: (t) => t.ownerDepartment },
  { zh: '经度', en: 'Longitude', value: (t) => t.lon },
  { zh: '纬度', en: 'Latitude', value: (t) => t.lat },
  ...common<Thing>(),
];

export const orgColumns: ExportColumn<Org>[] = [
  { zh: '名称', en: 'Name', value: (o) => o.name },
  { zh: '类型', en: 'Kind', value: (o) => o.kind },
  { zh: '统一社会信用代码', en: 'Credit code', value: (o) => o.creditCode },
  { zh: '地址', en: 'Address', value: (o) => o.address },
  { zh: '负责人', en: 'Responsible person', value: (o) => o.responsiblePerson },
  { zh: '联系电话', en: 'Contact phone', value: (o) => o.contactPhone },
  ...common<Org>(),
];
