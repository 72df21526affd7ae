import proj4 from 'proj4';
import { type Crs, toWgs84 } from './coordinates.ts';
import type { FileCrs } from './file-crs.ts';

export type { FileCrs } from './file-crs.ts';

const GK_FIRST = 4513; // zone 25, with the zone number in the easting
const GK_LAST_ZONED = 4533; // zone 45
const GK_LAST = 4554; // CM 135°E, without the zone number

export function isGaussKruger(epsg: number): boolean {
  return Number.isInteger(epsg) && epsg >= GK_FIRST && epsg <= GK_LAST;
}

/** Central meridian and false easting of a CGCS2000 3° Gauss–Krüger EPSG code. */
function gaussKrugerParams(epsg: number): { lon0: number; x0: number; name: string } {
  if (epsg <= GK_LAST_ZONED) {
    const zone = epsg - GK_FIRST + 25;
    return {
      lon0: zone * 3,
      x0: zone * 1e6 + 500_000,
      name: `CGCS2000 / 3-degree Gauss-Kruger zone ${zone}`,
    };
  }
  const lon0 = 75 + (epsg - GK_LAST_ZONED - 1) * 3;
  return { lon0, x0: 500_000, name: `CGCS2000 / 3-degree Gauss-Kruger CM ${lon0}E` };
}

export function gaussKrugerDefinition(epsg: number): string {
  const { lon0, x0 } = gaussKrugerParams(epsg);
  return `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${x0} +y_0=0 +ellps=GRS80 +units=m +no_defs`;
}

export function crsName(crs: FileCrs | 'prj'): string {
  if (crs === 'prj') return 'from the .prj file';
  if (crs.startsWith('EPSG:')) return `${crs} ${gaussKrugerParams(Number(crs.slice(5))).name}`;
  const names: Record<string, string> = {
    wgs84: 'WGS84',
    cgcs2000: 'CGCS2000',
    gcj02: 'GCJ-02',
    bd09: 'BD-09',
  };
  return names[crs] ?? crs;
}

/** What a .prj (ESRI or OGC WKT) says: one of ours, or a projection only proj4 can read from it. */
export type PrjCrs = { crs: FileCrs } | { crs: 'prj'; wkt: string };

export function crsFromWkt(wkt: string): PrjCrs | null {
  const text = wkt.trim();
  if (!text) return null;
  const zone = /CGCS[_ ]?2000[_ ]3[_ ]Degree[_ ]GK[_ ]Zone[_ ](\d+)/i.exec(text);
  if (zone) {
    const epsg = GK_FIRST + Number(zone[1]) - 25;
    if (epsg >= GK_FIRST && epsg <= GK_LAST_ZONED) return { crs: `EPSG:${epsg}` };
  }
  const cm = /CGCS[_ ]?2000[_ ]3[_ ]Degree[_ ]GK[_ ]CM[_ ](\d+)E/i.exec(text);
  if (cm) {
    const epsg = GK_LAST_ZONED + 1 + (Number(cm[1]) - 75) / 3;
    if (Number.isInteger(epsg) && epsg <= GK_LAST) return { crs: `EPSG:${epsg}` };
  }
  const projected = /^PROJ(CS|CRS)\[/i.test(text);
  // The projected system's own EPSG code is its last AUTHORITY/ID (the datum's come first).
  const codes = [...text.matchAll(/(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)].map((m) =>
    Number(m[1]),
  );
  const own = codes.at(-1);
  if (projected && own !== undefined && isGaussKruger(own)) return { crs: `EPSG:${own}` };
  if (!projected) {
    if (/GEOG(CS|CRS)\[/i.test(text)) return { crs: /2000/.test(text) ? 'cgcs2000' : 'wgs84' };
    return null;
  }
  try {
    proj4(text, 'WGS84');
    return { crs: 'prj', wkt: text };
  } catch {
    return null;
  }
}

/**
 * With nothing said about the system: longitudes and latitudes are WGS84, and an easting of
 * eight digits starting with 25–45 is a zone-numbered Gauss–Krüger one. Anything else is
 * for the user to say.
 */
export function crsFromCoordinates(x: number, y: number): FileCrs | null {
  if (Math.abs(x) <= 180 && Math.abs(y) <= 90) return 'wgs84';
  const zone = Math.floor(x / 1e6);
  if (zone >= 25 && zone <= 45 && y > 0 && y < 10_000_000) return `EPSG:${GK_FIRST + zone - 25}`;
  return null;
}

/** A function from the file's coordinates to WGS84 [lon, lat]. */
export function toWgs84From(source: PrjCrs): (x: number, y: number) => [number, number] {
  if (source.crs === 'prj') {
    const converter = proj4(source.wkt, 'WGS84');
    return (x, y) => converter.forward([x, y]) as [number, number];
  }
  const crs = source.crs;
  if (crs.startsWith('EPSG:')) {
    const converter = proj4(gaussKrugerDefinition(Number(crs.slice(5))), 'WGS84');
    return (x, y) => converter.forward([x, y]) as [number, number];
  }
  // CGCS2000 and WGS84 differ by centimetres, below what a grid boundary means.
  const geographic: Crs = crs === 'cgcs2000' ? 'wgs84' : (crs as Crs);
  return (x, y) => toWgs84(x, y, geographic);
}
