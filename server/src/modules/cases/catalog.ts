import type { Db } from '../../db/database.ts';
import type { TimeLimits } from '../../db/types.ts';
import * as repo from './catalog.repository.ts';

/**
 * The departments, professional forces and case categories a new district starts with, modelled
 * on the digital urban management standard (GB/T 30428, 事件/部件 classes) plus the grid
 * governance classes (disputes, safety hazards, public services). Administrators change them
 * later; this is what `seed` loads and what the demo uses.
 */
export interface DepartmentSeed {
  code: string;
  zh: string;
  en: string;
  kind: 'department' | 'force';
}

export const DEFAULT_DEPARTMENTS: DepartmentSeed[] = [
  { code: 'urban_management', zh: '城市管理局', en: 'Urban Management Bureau', kind: 'department' },
  { code: 'housing', zh: '住房和城乡建设局', en: 'Housing and Construction Bureau', kind: 'department' },
  { code: 'transport', zh: '交通运输局', en: 'Transport Bureau', kind: 'department' },
  { code: 'water', zh: '水务局', en: 'Water Bureau', kind: 'department' },
  { code: 'environment', zh: '生态环境分局', en: 'Ecology and Environment Bureau', kind: 'department' },
  { code: 'market', zh: '市场监督管理局', en: 'Market Regulation Bureau', kind: 'department' },
  { code: 'civil_affairs', zh: '民政局', en: 'Civil Affairs Bureau', kind: 'department' },
  { code: 'health', zh: '卫生健康局', en: 'Health Commission', kind: 'department' },
  { code: 'emergency', zh: '应急管理局', en: 'Emergency Management Bureau', kind: 'department' },
  { code: 'landscaping', zh: '园林绿化局', en: 'Landscaping Bureau', kind: 'department' },
  { code: 'police', zh: '社区民警', en: 'Community police', kind: 'force' },
  { code: 'enforcement', zh: '综合行政执法队', en: 'Law enforcement team', kind: 'force' },
  { code: 'justice', zh: '司法所', en: 'Justice office', kind: 'force' },
  { code: 'fire', zh: '消防救援站', en: 'Fire station', kind: 'force' },
  { code: 'property', zh: '物业服务企业', en: 'Property management', kind: 'force' },
  { code: 'utilities', zh: '水电气热公司', en: 'Utility companies', kind: 'force' },
  { code: 'safety_supervision', zh: '安全生产监管站', en: 'Work safety inspectors', kind: 'force' },
  { code: 'traffic_police', zh: '交警中队', en: 'Traffic police squad', kind: 'force' },
  { code: 'health_station', zh: '社区卫生服务站', en: 'Community health station', kind: 'force' },
  { code: 'mediation', zh: '人民调解委员会', en: "People's mediation committee", kind: 'force' },
];

export interface CategorySeed {
  code: string;
  zh: string;
  en: string;
  department?: string;
  limits?: TimeLimits;
  children?: CategorySeed[];
}

/** Register/dispatch/verify/close limits shared by most categories (working hours). */
const STANDARD: TimeLimits = { register: 1, dispatch: 1, handle: 16, verify: 4, close: 2 };
const URGENT: TimeLimits = { register: 0.5, dispatch: 0.5, handle: 2, verify: 1, close: 1 };
const SLOW: TimeLimits = { register: 2, dispatch: 2, handle: 40, verify: 8, close: 4 };

export const DEFAULT_CATEGORIES: CategorySeed[] = [
  {
    code: 'appearance',
    zh: '市容环境',
    en: 'Urban appearance',
    department: 'urban_management',
    limits: STANDARD,
    children: [
      { code: 'exposed_garbage', zh: '暴露垃圾', en: 'Exposed garbage', limits: { ...STANDARD, handle: 4 } },
      { code: 'overflowing_bin', zh: '垃圾满溢', en: 'Overflowing bin', limits: { ...STANDARD, handle: 4 } },
      { code: 'illegal_ad', zh: '非法小广告', en: 'Illegal small ads', limits: { ...STANDARD, handle: 8 } },
      { code: 'road_dirt', zh: '道路不洁', en: 'Dirty road', limits: { ...STANDARD, handle: 4 } },
      {
        code: 'construction_waste',
        zh: '渣土遗撒',
        en: 'Construction waste spill',
        department: 'housing',
      },
    ],
  },
  {
    code: 'facilities',
    zh: '公用设施',
    en: 'Public facilities',
    department: 'urban_management',
    limits: STANDARD,
    children: [
      {
        code: 'manhole_cover',
        zh: '井盖缺损',
        en: 'Damaged manhole cover',
        department: 'water',
        limits: URGENT,
      },
      { code: 'street_light', zh: '路灯故障', en: 'Street light out', limits: { ...STANDARD, handle: 24 } },
      { code: 'hydrant', zh: '消防栓损坏', en: 'Damaged hydrant', department: 'fire' },
      { code: 'road_damage', zh: '道路破损', en: 'Damaged road', department: 'transport', limits: SLOW },
      {
        code: 'water_leak',
        zh: '供水管道漏水',
        en: 'Water main leak',
        department: 'utilities',
        limits: URGENT,
      },
    ],
  },
  {
    code: 'street_order',
    zh: '街面秩序',
    en: 'Order on the street',
    department: 'enforcement',
    limits: STANDARD,
    children: [
      {
        code: 'street_vending',
        zh: '无照经营游商',
        en: 'Unlicensed street vending',
        limits: { ...STANDARD, handle: 4 },
      },
      { code: 'occupying_road', zh: '店外经营', en: 'Business spilling onto the pavement' },
      {
        code: 'illegal_parking',
        zh: '违章停车',
        en: 'Illegal parking',
        department: 'police',
        limits: { ...STANDARD, handle: 4 },
      },
      { code: 'illegal_building', zh: '违法建设', en: 'Illegal construction', limits: SLOW },
    ],
  },
  {
    code: 'disputes',
    zh: '矛盾纠纷',
    en: 'Disputes',
    department: 'justice',
    limits: SLOW,
    children: [
      { code: 'neighbour_dispute', zh: '邻里纠纷', en: 'Neighbour dispute' },
      { code: 'property_dispute', zh: '物业纠纷', en: 'Property management dispute', department: 'housing' },
      { code: 'wage_arrears', zh: '劳资纠纷', en: 'Unpaid wages', department: 'civil_affairs' },
      { code: 'family_dispute', zh: '婚姻家庭纠纷', en: 'Family dispute' },
    ],
  },
  {
    code: 'safety',
    zh: '安全隐患',
    en: 'Safety hazards',
    department: 'emergency',
    limits: URGENT,
    children: [
      { code: 'fire_hazard', zh: '消防隐患', en: 'Fire hazard', department: 'fire' },
      { code: 'blocked_exit', zh: '消防通道堵塞', en: 'Blocked fire lane', department: 'fire' },
      { code: 'gas_hazard', zh: '燃气隐患', en: 'Gas hazard', department: 'utilities' },
      {
        code: 'ebike_charging',
        zh: '电动车违规充电',
        en: 'E-bike charging indoors',
        department: 'fire',
        limits: STANDARD,
      },
      {
        code: 'building_danger',
        zh: '危房隐患',
        en: 'Unsafe building',
        department: 'housing',
        limits: STANDARD,
      },
    ],
  },
  {
    code: 'public_services',
    zh: '公共服务',
    en: 'Public services',
    department: 'civil_affairs',
    limits: SLOW,
    children: [
      { code: 'elderly_care', zh: '养老服务', en: 'Elderly care' },
      { code: 'medical_service', zh: '医疗卫生', en: 'Medical services', department: 'health' },
      { code: 'food_safety', zh: '食品安全', en: 'Food safety', department: 'market', limits: STANDARD },
      { code: 'noise', zh: '噪声扰民', en: 'Noise nuisance', department: 'environment', limits: STANDARD },
      {
        code: 'greenery',
        zh: '绿化损毁',
        en: 'Damaged greenery',
        department: 'landscaping',
        limits: STANDARD,
      },
    ],
  },
];

/** Every category, parents first, each with its effective department and limits. */
export function flattenCategories(): Array<{
  code: string;
  parentCode: string | null;
  zh: string;
  en: string;
  department: string | null;
  limits: TimeLimits;
  sort: number;
}> {
  const rows: ReturnType<typeof flattenCategories> = [];
  DEFAULT_CATEGORIES.forEach((parent, i) => {
    rows.push({
      code: parent.code,
      parentCode: null,
      zh: parent.zh,
      en: parent.en,
      department: parent.department ?? null,
      limits: parent.limits ?? STANDARD,
      sort: i * 100,
    });
    parent.children?.forEach((child, j) => {
      rows.push({
        code: child.code,
        parentCode: parent.code,
        zh: child.zh,
        en: child.en,
        department: child.department ?? parent.department ?? null,
        limits: { ...(parent.limits ?? STANDARD), ...child.limits },
        sort: i * 100 + j + 1,
      });
    });
  });
  return rows;
}

/** Loads the default departments and categories where none exist yet; returns what it added. */
export async function loadCaseCatalog(db: Db): Promise<{ departments: number; categories: number }> {
  return db.transaction().execute(async (trx) => {
    if (await repo.anyCategory(trx)) return { departments: 0, categories: 0 };
    const departments = await repo.insertMissingDepartments(
      trx,
      DEFAULT_DEPARTMENTS.map((d, i) => ({
        code: d.code,
        name_zh: d.zh,
        name_en: d.en,
        kind: d.kind,
        sort: i,
      })),
    );
    const categories = flattenCategories();
    await repo.insertCategories(
      trx,
      categories.map((c) => ({
        code: c.code,
        parent_code: c.parentCode,
        name_zh: c.zh,
        name_en: c.en,
        department_code: c.department,
        time_limits: c.limits,
        sort: c.sort,
      })),
    );
    return { departments, categories: categories.length };
  });
}
