/**
 * The coordinate systems GIS files from Chinese departments arrive in: geographic WGS84 or
 * CGCS2000 (the same to within centimetres), the GCJ-02 and BD-09 offsets of the map SDKs, and
 * the CGCS2000 3° Gauss–Krüger zones EPSG:4513–4554 that surveying offices use. Without imports,
 * so that schemas (which the web reads) can name it.
 */
export type FileCrs = 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09' | `EPSG:${number}`;
export const FILE_CRS_PATTERN = '^(wgs84|cgcs2000|gcj02|bd09|EPSG:45(1[3-9]|[2-4][0-9]|5[0-4]))$';
