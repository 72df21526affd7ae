/**
 * Urban components (部件). Codes are six digits — major class (01 public utilities, 02 roads and
 * traffic, 03 city appearance, 04 greenery, 06 other, as in GB/T 30428.2), minor class, item. A
 * real deployment may load its city's own table; the owner department is the usual one.
 */
// biome-ignore format: one table, one row per category
export const THING_CATEGORIES: {
  code: string;
  slug: string;
  zh: string;
  en: string;
  ownerDepartment: string;
}[] = [
  { code: '010101', slug: 'water_cover', zh: '上水井盖', en: 'water supply manhole cover', ownerDepartment: '水务集团' },
  { code: '010102', slug: 'sewage_cover', zh: '污水井盖', en: 'sewer manhole cover', ownerDepartment: '水务局' },
  { code: '010103', slug: 'storm_cover', zh: '雨水井盖', en: 'storm drain manhole cover', ownerDepartment: '水务局' },
  { code: '010104', slug: 'storm_grate', zh: '雨水箅子', en: 'storm drain grate', ownerDepartment: '水务局' },
  { code: '010105', slug: 'power_cover', zh: '电力井盖', en: 'power manhole cover', ownerDepartment: '供电局' },
  { code: '010106', slug: 'telecom_cover', zh: '通信井盖', en: 'telecom manhole cover', ownerDepartment: '通信管线公司' },
  { code: '010107', slug: 'gas_cover', zh: '燃气井盖', en: 'gas manhole cover', ownerDepartment: '燃气集团' },
  { code: '010201', slug: 'hydrant', zh: '消防栓', en: 'fire hydrant', ownerDepartment: '消防救援大队' },
  { code: '010301', slug: 'street_light', zh: '路灯', en: 'street light', ownerDepartment: '城市管理和综合执法局' },
  { code: '010401', slug: 'camera', zh: '监控摄像头', en: 'surveillance camera', ownerDepartment: '公安分局' },
  { code: '020101', slug: 'bus_stop', zh: '公交站亭', en: 'bus shelter', ownerDepartment: '交通运输局' },
  { code: '020102', slug: 'traffic_light', zh: '交通信号灯', en: 'traffic light', ownerDepartment: '交警大队' },
  { code: '020103', slug: 'sign', zh: '路名牌', en: 'street name sign', ownerDepartment: '民政局' },
  { code: '020104', slug: 'traffic_sign', zh: '交通标志牌', en: 'traffic sign', ownerDepartment: '交警大队' },
  { code: '020105', slug: 'bike_parking', zh: '非机动车停放点', en: 'bicycle parking', ownerDepartment: '交通运输局' },
  { code: '030101', slug: 'public_toilet', zh: '公共厕所', en: 'public toilet', ownerDepartment: '城市管理和综合执法局' },
  { code: '030102', slug: 'trash_bin', zh: '垃圾桶', en: 'litter bin', ownerDepartment: '城市管理和综合执法局' },
  { code: '030103', slug: 'waste_station', zh: '垃圾收集点', en: 'waste collection point', ownerDepartment: '城市管理和综合执法局' },
  { code: '030104', slug: 'billboard', zh: '户外广告牌', en: 'billboard', ownerDepartment: '城市管理和综合执法局' },
  { code: '040101', slug: 'bench', zh: '街头座椅', en: 'street bench', ownerDepartment: '城市管理和综合执法局' },
  { code: '040102', slug: 'fitness', zh: '健身设施', en: 'outdoor fitness equipment', ownerDepartment: '文化广电旅游体育局' },
  { code: '060101', slug: 'police_booth', zh: '治安岗亭', en: 'police booth', ownerDepartment: '公安分局' },
  { code: '060102', slug: 'ev_charger', zh: '电动自行车充电桩', en: 'e-bike charging point', ownerDepartment: '供电局' },
];

/** Kinds of organization (`org.kind`), as GLOSSARY.md names them. */
export const ORG_KINDS: { code: string; zh: string; en: string }[] = [
  { code: 'party_branch', zh: '党支部', en: 'party branch' },
  { code: 'social_org', zh: '社会组织', en: 'social organization' },
  { code: 'enterprise', zh: '企业', en: 'enterprise' },
  { code: 'shop', zh: '商铺', en: 'shop' },
  { code: 'property_company', zh: '物业公司', en: 'property company' },
  { code: 'owners_committee', zh: '业委会', en: "homeowners' committee" },
  { code: 'school', zh: '学校', en: 'school' },
  { code: 'hospital', zh: '医疗机构', en: 'medical institution' },
  { code: 'nursing_home', zh: '养老机构', en: 'elderly care institution' },
];
