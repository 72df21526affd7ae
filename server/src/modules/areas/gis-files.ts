import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { strFromU8, unzipSync } from 'fflate';
import * as shapefile from 'shapefile';
import {
  crsFromCoordinates,
  crsFromWkt,
  crsName,
  type FileCrs,
  type PrjCrs,
  toWgs84From,
} from '../../geo/projections.ts';
import { AppError } from '../../platform/errors.ts';

/** The formats GIS departments deliver boundaries in, by the content type they are sent with. */
export const GIS_CONTENT_TYPES = {
  'application/zip': 'shapefile',
  'application/x-zip-compressed': 'shapefile',
  'application/vnd.google-earth.kmz': 'kmz',
  'application/vnd.google-earth.kml+xml': 'kml',
  'application/geo+json': 'geojson',
  'application/json': 'geojson',
} as const;
export type GisFormat = (typeof GIS_CONTENT_TYPES)[keyof typeof GIS_CONTENT_TYPES];

export interface GisFeature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: unknown;
}

/** A file read and reprojected to WGS84, with its attributes as they came. */
export interface GisFile {
  format: GisFormat;
  crs: { id: FileCrs | 'prj'; name: string; source: 'file' | 'user' | 'coordinates' };
  /** The .dbf text encoding (Shapefiles only). */
  encoding: string | null;
  attributes: string[];
  features: GisFeature[];
}

const invalid = (reason: string) => new AppError('gis_file_invalid', { reason });

/** The content type's format, or null for one we do not read. */
export function formatOf(contentType: string | undefined): GisFormat | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return (GIS_CONTENT_TYPES as Record<string, GisFormat>)[type] ?? null;
}

/**
 * Reads a GIS file. The coordinate system is, in order: what the user chose, what the file
 * says (.prj, GeoJSON `crs`), what the coordinates can only be (see crsFromCoordinates).
 */
export async function readGisFile(body: unknown, format: GisFormat, chosen?: FileCrs): Promise<GisFile> {
  const layers = await layersOf(body, format);
  const features: GisFeature[] = [];
  let file: GisFile['crs'] | null = null;
  for (const layer of layers) {
    let crs: PrjCrs | null = chosen ? { crs: chosen } : layer.crs;
    let source: GisFile['crs']['source'] = chosen ? 'user' : 'file';
    if (!crs) {
      const first = firstPosition(layer.features);
      const guessed = first ? crsFromCoordinates(first[0], first[1]) : 'wgs84';
      if (!guessed) throw new AppError('crs_unknown');
      crs = { crs: guessed };
      source = 'coordinates';
    }
    const project = toWgs84From(crs);
    for (const f of layer.features) {
      features.push({
        type: 'Feature',
        properties: f.properties ?? {},
        geometry: reproject(f.geometry, project),
      });
    }
    file ??= { id: crs.crs, name: crsName(crs.crs), source };
  }
  const attributes = [...new Set(features.flatMap((f) => Object.keys(f.properties)))];
  return {
    format,
    crs: file ?? {
      id: chosen ?? 'wgs84',
      name: crsName(chosen ?? 'wgs84'),
      source: chosen ? 'user' : 'file',
    },
    encoding: layers.find((l) => l.encoding)?.encoding ?? null,
    attributes,
    features,
  };
}

interface Layer {
  crs: PrjCrs | null;
  encoding: string | null;
  features: { properties: Record<string, unknown> | null; geometry: unknown }[];
}

async function layersOf(body: unknown, format: GisFormat): Promise<Layer[]> {
  if (format === 'geojson') return [geoJsonLayer(body)];
  const bytes = bytesOf(body);
  if (format === 'kml') return [kmlLayer(new TextDecoder().decode(bytes))];
  const files = unzip(bytes);
  if (format === 'kmz') {
    const name =
      Object.keys(files).find((n) => n.toLowerCase() === 'doc.kml') ??
      Object.keys(files).find((n) => n.toLowerCase().endsWith('.kml'));
    if (!name) throw invalid('the KMZ holds no .kml document');
    return [kmlLayer(strFromU8(files[name]))];
  }
  return shapefileLayers(files);
}

function bytesOf(body: unknown): Uint8Array {
  if (body instanceof Uint8Array && body.length > 0) return body;
  throw invalid('the file is empty');
}

function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  try {
    // Directories, and the resource forks macOS puts beside files, are no part of the data.
    return unzipSync(bytes, { filter: (f) => !f.name.endsWith('/') && !f.name.includes('__MACOSX/') });
  } catch {
    throw invalid('not a zip archive');
  }
}

function geoJsonLayer(body: unknown): Layer {
  let json = body;
  if (body instanceof Uint8Array) {
    try {
      json = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw invalid('not JSON');
    }
  }
  const collection = json as {
    type?: unknown;
    features?: unknown;
    crs?: { properties?: { name?: unknown } };
  };
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw invalid('not a GeoJSON FeatureCollection');
  }
  // The 2008 GeoJSON `crs` member, still written by QGIS and ArcGIS: "urn:ogc:def:crs:EPSG::4526".
  const named = String(collection.crs?.properties?.name ?? '');
  const epsg = /EPSG:{1,2}(\d+)/i.exec(named)?.[1];
  let crs: PrjCrs | null = null;
  if (epsg) crs = crsFromWkt(`PROJCS["named",AUTHORITY["EPSG","${epsg}"]]`);
  if (epsg === '4326' || /CRS84/i.test(named)) crs = { crs: 'wgs84' };
  if (epsg === '4490') crs = { crs: 'cgcs2000' };
  const features = (collection.features as { properties?: unknown; geometry?: unknown }[]).map((f) => ({
    properties: (f && typeof f.properties === 'object' ? f.properties : null) as Record<
      string,
      unknown
    > | null,
    geometry: f?.geometry,
  }));
  return { crs, encoding: null, features };
}

function kmlLayer(text: string): Layer {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') errors.push(message);
    },
  }).parseFromString(text, 'text/xml');
  if (errors.length > 0 || !doc.documentElement)
    throw invalid(`not a KML document (${errors[0] ?? 'empty'})`);
  const collection = kml(doc);
  // KML is WGS84 by definition; a file exported in GCJ-02 needs the user's word.
  return {
    crs: { crs: 'wgs84' },
    encoding: null,
    features: collection.features.map((f) => ({
      properties: withoutStyle(f.properties ?? {}),
      geometry: f.geometry,
    })),
  };
}

// togeojson's styling properties are of no use as attributes.
function withoutStyle(properties: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (
      /^(styleUrl|styleHash|styleMapHash|stroke|stroke-opacity|stroke-width|fill|fill-opacity|icon.*|label.*)$/.test(
        key,
      )
    )
      continue;
    result[key] = value;
  }
  return result;
}

async function shapefileLayers(files: Record<string, Uint8Array>): Promise<Layer[]> {
  const byBase = new Map<string, Record<string, Uint8Array>>();
  for (const [name, data] of Object.entries(files)) {
    const match = /^(.*)\.(shp|shx|dbf|prj|cpg)$/i.exec(name);
    if (!match) continue;
    const parts = byBase.get(match[1]) ?? {};
    parts[match[2].toLowerCase()] = data;
    byBase.set(match[1], parts);
  }
  const layers: Layer[] = [];
  for (const [base, parts] of byBase) {
    if (!parts.shp) continue;
    if (!parts.dbf) throw invalid(`${base}.dbf is missing beside ${base}.shp`);
    const encoding = encodingOf(parts.cpg);
    const prj = parts.prj ? new TextDecoder().decode(parts.prj) : '';
    const crs = prj ? crsFromWkt(prj) : null;
    if (prj && !crs) throw new AppError('crs_unknown');
    let collection: Awaited<ReturnType<typeof shapefile.read>>;
    try {
      collection = await shapefile.read(parts.shp, parts.dbf, { encoding });
    } catch (error) {
      throw invalid(`${base}.shp: ${(error as Error).message}`);
    }
    layers.push({
      crs,
      encoding,
      features: collection.features.map((f) => ({ properties: trimmed(f.properties), geometry: f.geometry })),
    });
  }
  if (layers.length === 0) throw invalid('the zip holds no .shp file');
  return layers;
}

/** The .cpg names the .dbf encoding (e.g. "UTF-8", "GBK", "936"); without one, GBK as Chinese GIS software writes. */
function encodingOf(cpg: Uint8Array | undefined): string {
  const name = cpg ? new TextDecoder().decode(cpg).trim().toLowerCase() : '';
  if (/^(utf-?8|65001)$/.test(name)) return 'utf-8';
  if (/^(gb18030|54936)$/.test(name)) return 'gb18030';
  return 'gbk';
}

function trimmed(properties: Record<string, unknown> | null): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties ?? {})) {
    result[key] = typeof value === 'string' ? value.trim() : value;
  }
  return result;
}

function firstPosition(features: Layer['features']): number[] | null {
  for (const f of features) {
    let c = (f.geometry as { coordinates?: unknown } | null)?.coordinates;
    while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') return c as number[];
  }
  return null;
}

/**
 * The geometry in WGS84, in two dimensions (KML and PolygonZ carry heights), rounded to 1e-9°
 * (0.1 mm). A collection of polygons (KML's MultiGeometry) becomes a MultiPolygon; anything
 * else that is no polygon is left for the boundary rules to report.
 */
function reproject(geometry: unknown, project: (x: number, y: number) => [number, number]): unknown {
  const g = geometry as { type?: unknown; coordinates?: unknown; geometries?: unknown[] } | null;
  if (!g || typeof g !== 'object') return geometry;
  if (g.type === 'GeometryCollection' && Array.isArray(g.geometries)) {
    const parts = g.geometries as { type?: unknown; coordinates?: unknown }[];
    if (parts.length > 0 && parts.every((p) => p?.type === 'Polygon' || p?.type === 'MultiPolygon')) {
      const polygons = parts.flatMap((p) =>
        p.type === 'Polygon' ? [p.coordinates as unknown[]] : (p.coordinates as unknown[][]),
      );
      return reproject({ type: 'MultiPolygon', coordinates: polygons }, project);
    }
    return geometry;
  }
  const round = (v: number) => Math.round(v * 1e9) / 1e9;
  const walk = (c: unknown): unknown => {
    if (!Array.isArray(c)) return c;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      const [lon, lat] = project(c[0], c[1]);
      return [round(lon), round(lat)];
    }
    return c.map(walk);
  };
  return { type: g.type, coordinates: walk(g.coordinates) };
}
