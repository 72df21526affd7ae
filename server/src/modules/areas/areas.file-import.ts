import type { Db } from '../../db/database.ts';
import { ancestorCodesOf } from '../../geo/area-code.ts';
import type { AreaLevel } from '../../geo/geojson.ts';
import type { FileCrs } from '../../geo/projections.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { importAreas } from './areas.import.ts';
import { type GisFeature, type GisFile, type GisFormat, readGisFile } from './gis-files.ts';
import type { GridIndex } from './grid-index.ts';

/** Which attribute of the file holds each of an area's properties. */
export interface AttributeMapping {
  code: string;
  name: string;
  /** Without it, the level follows from the code. */
  level?: string;
  households?: string;
  population?: string;
}

// Names departments give these attributes (ArcGIS pinyin initials, Chinese, English).
const USUAL_NAMES: Record<keyof AttributeMapping, string[]> = {
  code: [
    'code',
    'areacode',
    'xzqdm',
    'qhdm',
    'wgbm',
    'wgdm',
    'sqdm',
    'dm',
    'bm',
    '区划代码',
    '网格编码',
    '编码',
    '代码',
  ],
  name: ['name', 'xzqmc', 'qhmc', 'wgmc', 'sqmc', 'mc', '名称', '网格名称', '区划名称'],
  level: ['level', 'jb', 'cj', '层级', '级别'],
  households: ['households', 'hs', '户数'],
  population: ['population', 'rk', 'rks', '人口', '人口数'],
};

function suggestMapping(attributes: string[]): Partial<AttributeMapping> {
  const result: Partial<AttributeMapping> = {};
  for (const [key, names] of Object.entries(USUAL_NAMES) as [keyof AttributeMapping, string[]][]) {
    const found = names
      .map((n) => attributes.find((a) => a.toLowerCase() === n))
      .find((a) => a !== undefined);
    if (found) result[key] = found;
  }
  return result;
}

/** The file as the page draws it before anyone commits: nothing is written. */
export async function previewFile(auth: Auth | null, body: unknown, format: GisFormat, crs?: FileCrs) {
  requirePermission(auth, 'areas.write');
  const file = await readGisFile(body, format, crs);
  return {
    format: file.format,
    crs: file.crs,
    encoding: file.encoding,
    attributes: file.attributes.map((name) => ({
      name,
      samples: [...new Set(file.features.slice(0, 50).map((f) => f.properties[name]))]
        .filter((v) => v !== undefined && v !== null && v !== '')
        .slice(0, 3)
        .map(String),
    })),
    mapping: suggestMapping(file.attributes),
    features: { type: 'FeatureCollection' as const, features: file.features },
  };
}

const LEVEL_WORDS: Record<string, AreaLevel> = {
  district: 'district',
  street: 'street',
  community: 'community',
  grid: 'grid',
  区: 'district',
  县: 'district',
  街道: 'street',
  镇: 'street',
  乡: 'street',
  乡镇: 'street',
  社区: 'community',
  村: 'community',
  居委会: 'community',
  村委会: 'community',
  网格: 'grid',
};

// Division codes in a numeric .dbf field come as numbers; written back without an exponent.
function codeText(value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value)) return value.toFixed(0);
  return value === undefined || value === null ? '' : String(value).trim();
}

/** The file's features with our property names; the parent of each follows from its code. */
export function mapFeatures(file: GisFile, mapping: AttributeMapping): GisFeature[] {
  return file.features.map((f) => {
    const p = f.properties;
    const code = codeText(p[mapping.code]);
    const rawLevel = mapping.level ? String(p[mapping.level] ?? '').trim() : '';
    const properties: Record<string, unknown> = {
      code,
      name: p[mapping.name] === undefined || p[mapping.name] === null ? '' : String(p[mapping.name]).trim(),
      parentCode: ancestorCodesOf(code).at(-1) ?? null,
      households: mapping.households ? p[mapping.households] : undefined,
      population: mapping.population ? p[mapping.population] : undefined,
    };
    // An unknown word is passed on as it is, for the report to name it.
    if (rawLevel) properties.level = LEVEL_WORDS[rawLevel.toLowerCase()] ?? rawLevel;
    return { type: 'Feature', properties, geometry: f.geometry };
  });
}

/** Reads the file again, maps its attributes and imports it: all or nothing, as GeoJSON imports. */
export async function importFile(
  db: Db,
  index: GridIndex,
  auth: Auth | null,
  body: unknown,
  format: GisFormat,
  mapping: AttributeMapping,
  crs?: FileCrs,
) {
  requirePermission(auth, 'areas.write');
  const file = await readGisFile(body, format, crs);
  return importAreas(db, index, auth, mapFeatures(file, mapping));
}
