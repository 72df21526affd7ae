import type { BoundaryProblem } from '../../geo/boundary.ts';
import { format, type Lang } from '../../platform/i18n.ts';

/** A boundary problem, or one found against the area's neighbours in the tree. */
export type AreaProblem = {
  code: BoundaryProblem['code'] | 'child_outside' | FeatureProblemCode;
  polygon?: number | null;
  ring?: number | null;
  vertex?: number | null;
  params?: Record<string, string | number>;
};

/** Problems of an imported feature that are not about its shape. */
export type FeatureProblemCode =
  | 'not_a_feature'
  | 'missing_property'
  | 'invalid_property'
  | 'invalid_area_code'
  | 'invalid_parent'
  | 'parent_missing'
  | 'duplicate_in_file'
  | 'area_retired';

const messages: Record<AreaProblem['code'], [zh: string, en: string]> = {
  invalid_geometry: [
    '不是有效的 GeoJSON 面（Polygon/MultiPolygon）',
    'Not a valid GeoJSON Polygon or MultiPolygon',
  ],
  coordinate_out_of_range: ['坐标超出经纬度范围或不是数字', 'Coordinate is not a number or out of range'],
  too_few_positions: ['环至少需要 4 个坐标点', 'A ring needs at least 4 positions'],
  ring_not_closed: [
    '环未闭合：首尾坐标必须相同',
    'Ring is not closed: first and last positions must be equal',
  ],
  duplicate_vertex: ['存在连续重复的顶点', 'Repeated consecutive vertex'],
  self_intersection: ['边界在此处自相交', 'The boundary crosses itself here'],
  hole_outside_shell: ['内环（洞）不在外环之内', 'Hole lies outside its outer ring'],
  outside_parent: ['超出上级区域 {parent} 的边界', 'Lies outside the boundary of the parent area {parent}'],
  overlaps_sibling: ['与同级区域 {sibling} 重叠', 'Overlaps the sibling area {sibling}'],
  child_outside: ['下级区域 {child} 将超出新的边界', 'Sub-area {child} would lie outside the new boundary'],
  not_a_feature: ['不是 GeoJSON Feature 对象', 'Not a GeoJSON Feature'],
  missing_property: ['缺少属性 {property}', 'Missing property {property}'],
  invalid_property: ['属性 {property} 不正确：{reason}', 'Property {property} is not valid: {reason}'],
  invalid_area_code: ['区划代码不正确：{reason}', 'The area code is not valid: {reason}'],
  invalid_parent: ['上级区域不正确：{reason}', 'The parent area is not valid: {reason}'],
  parent_missing: [
    '上级区域 {parent} 不存在（数据库和文件中都没有）',
    'Parent area {parent} exists neither in the database nor in the file',
  ],
  duplicate_in_file: [
    '区划代码 {code} 在文件中重复（另见第 {other} 个要素）',
    'Area code {code} appears twice in the file (also feature {other})',
  ],
  area_retired: [
    '区域 {code} 已撤销，不能通过导入修改',
    'Area {code} is retired and cannot be changed by import',
  ],
};

const where: [zh: string, en: string] = [
  '第 {polygon} 个面第 {ring} 个环第 {vertex} 个顶点',
  'polygon {polygon}, ring {ring}, vertex {vertex}',
];
const whereRing: [zh: string, en: string] = [
  '第 {polygon} 个面第 {ring} 个环',
  'polygon {polygon}, ring {ring}',
];

export type LocalizedProblem = AreaProblem & { message: string };

/** "polygon 0, ring 1, vertex 7: Ring intersects itself…" in the caller's language (indexes 0-based). */
export function localize(problem: AreaProblem, lang: Lang): LocalizedProblem {
  const i = lang === 'zh' ? 0 : 1;
  const text = format(messages[problem.code][i], problem.params ?? {});
  if (problem.polygon === undefined || problem.polygon === null) return { ...problem, message: text };
  // Indexes in the JSON are 0-based like GeoJSON arrays; people count from 1.
  const place = format((problem.vertex === null || problem.vertex === undefined ? whereRing : where)[i], {
    polygon: problem.polygon + 1,
    ring: (problem.ring ?? 0) + 1,
    vertex: (problem.vertex ?? 0) + 1,
  });
  return { ...problem, message: `${place}${lang === 'zh' ? '：' : ': '}${text}` };
}
