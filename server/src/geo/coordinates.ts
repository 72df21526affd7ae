import gcoordImport from 'gcoord';

// gcoord's types describe an ES module but it ships CommonJS: Node hands us
// module.exports itself, while its typings (and some bundlers) put it under `default`.
type Gcoord = typeof gcoordImport.default;
const gcoord: Gcoord = (gcoordImport as { default?: Gcoord }).default ?? (gcoordImport as unknown as Gcoord);

/**
 * Coordinate reference systems our input arrives in: WGS84 (GPS, CGCS2000 is
 * the same to within centimetres), GCJ-02 (Amap, Tencent, the law's offset
 * system) and BD-09 (Baidu, GCJ-02 offset again).
 */
export const CRS_LIST = ['wgs84', 'gcj02', 'bd09'] as const;
export type Crs = (typeof CRS_LIST)[number];

const FROM = { gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/**
 * A [lon, lat] in `crs` converted to WGS84. Points outside China come back
 * unchanged from GCJ-02 and BD-09, because those offsets are only applied in
 * China. The inverse of GCJ-02 is iterative; it is good to about 0.1 m.
 */
export function toWgs84(lon: number, lat: number, crs: Crs): [number, number] {
  if (crs === 'wgs84') return [lon, lat];
  const [x, y] = gcoord.transform([lon, lat], FROM[crs], gcoord.WGS84);
  return [x, y];
}

/** WGS84 to `crs`, for handing points back to a map SDK. */
export function fromWgs84(lon: number, lat: number, crs: Crs): [number, number] {
  if (crs === 'wgs84') return [lon, lat];
  const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, FROM[crs]);
  return [x, y];
}
