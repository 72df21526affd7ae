import { strToU8, zipSync } from 'fflate';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toWgs84 } from '../../geo/coordinates.ts';
import { gaussKrugerDefinition } from '../../geo/projections.ts';
import { buildDistrict, buildUser, square } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { writeShapefile } from '../../test/shapefile-writer.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const ZONE_38_PRJ =
  'PROJCS["CGCS2000_3_Degree_GK_Zone_38",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",38500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const CM_114_PRJ = ZONE_38_PRJ.replace('Zone_38', 'CM_114E').replace('38500000.0', '500000.0');

type Ring = number[][];
const ringOf = (lon: number, lat: number, size: number): Ring => square(lon, lat, size).coordinates[0];

/** The ring in EPSG:4513–4554, as the surveying office's software would have written it. */
const project = (ring: Ring, epsg: number) =>
  ring.map((p) => proj4('WGS84', gaussKrugerDefinition(epsg), p as [number, number]));

function shapefileZip(
  grids: { code: string; name: string; ring: Ring }[],
  options: { prj?: string; cpg?: string; encoding: 'gbk' | 'utf-8' },
) {
  const { shp, shx, dbf } = writeShapefile(
    grids.map((g) => ({ rings: [g.ring], attributes: { WGBM: g.code, WGMC: g.name } })),
    options.encoding,
  );
  const files: Record<string, Uint8Array> = {
    'grids/网格.shp': shp,
    'grids/网格.shx': shx,
    'grids/网格.dbf': dbf,
  };
  if (options.prj) files['grids/网格.prj'] = strToU8(options.prj);
  if (options.cpg) files['grids/网格.cpg'] = strToU8(options.cpg);
  return Buffer.from(zipSync(files));
}

const post = (session: Session, url: string, type: string, payload: Buffer | string) =>
  t.as(session, { method: 'POST', url, headers: { 'content-type': type }, payload });

function maxDifference(a: number[][], b: number[][]) {
  return Math.max(...a.map((p, i) => Math.max(Math.abs(p[0] - b[i][0]), Math.abs(p[1] - b[i][1]))));
}

describe('importing Shapefiles', () => {
  it('reads GBK names and CGCS2000 zone 38 coordinates, previews without writing, then imports', async () => {
    const d = await buildDistrict(t.db, '450201', 113, 30);
    const session = await t.login((await buildUser(t.db, 'district_admin', d.district)).username);
    const wgs = [ringOf(113.1, 30.1, 0.2), ringOf(113.3, 30.1, 0.2)];
    const zip = shapefileZip(
      [
        { code: `${d.community}001`, name: '东门社区第一网格', ring: project(wgs[0], 4526) },
        { code: `${d.community}002`, name: '东门社区第二网格', ring: project(wgs[1], 4526) },
      ],
      { prj: ZONE_38_PRJ, encoding: 'gbk' },
    );

    const preview = await post(session, '/api/areas/import/preview', 'application/zip', zip);
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect(body).toMatchObject({
      format: 'shapefile',
      crs: { id: 'EPSG:4526', source: 'file' },
      encoding: 'gbk',
      mapping: { code: 'WGBM', name: 'WGMC' },
    });
    expect(body.attributes).toContainEqual({
      name: 'WGMC',
      samples: ['东门社区第一网格', '东门社区第二网格'],
    });
    const features = body.features.features;
    expect(features.map((f: { properties: { WGMC: string } }) => f.properties.WGMC)).toEqual([
      '东门社区第一网格',
      '东门社区第二网格',
    ]);
    // The shapefile turns rings clockwise; compare as sets of corners, in the order they come.
    for (const [i, f] of features.entries()) {
      const ring: number[][] = f.geometry.coordinates[0];
      const expected = wgs[i].slice(0, 4);
      for (const corner of expected) {
        const nearest = Math.min(...ring.map((p) => maxDifference([p], [corner])));
        expect(nearest).toBeLessThan(1e-6);
      }
    }
    // A preview commits nothing.
    expect((await t.as(session, { method: 'GET', url: `/api/areas/${d.community}001` })).statusCode).toBe(
      404,
    );

    const imported = await post(
      session,
      `/api/areas/import/file?code=WGBM&name=WGMC`,
      'application/zip',
      zip,
    );
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const grid = (await t.as(session, { method: 'GET', url: `/api/areas/${d.community}002` })).json();
    expect(grid).toMatchObject({ name: '东门社区第二网格', level: 'grid', parentCode: d.community });
  });

  it('reads UTF-8 named by the .cpg and the zone-less CM 114E projection', async () => {
    const wgs = ringOf(113.5, 22.7, 0.01);
    const zip = shapefileZip([{ code: '440305001001001', name: '南山网格', ring: project(wgs, 4547) }], {
      prj: CM_114_PRJ,
      cpg: 'UTF-8\n',
      encoding: 'utf-8',
    });
    const body = (await post(admin, '/api/areas/import/preview', 'application/zip', zip)).json();
    expect(body).toMatchObject({ crs: { id: 'EPSG:4547' }, encoding: 'utf-8' });
    const f = body.features.features[0];
    expect(f.properties.WGMC).toBe('南山网格');
    const corners = f.geometry.coordinates[0] as number[][];
    expect(Math.min(...corners.map((p) => maxDifference([p], [wgs[0]])))).toBeLessThan(1e-6);
  });

  it('takes the coordinate system the user chose when the file says none', async () => {
    const wgs = ringOf(114.2, 22.6, 0.01);
    const zip = shapefileZip([{ code: '440305001001001', name: '甲', ring: project(wgs, 4547) }], {
      encoding: 'gbk',
    });
    const unknown = await post(admin, '/api/areas/import/preview', 'application/zip', zip);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('crs_unknown');
    const chosen = await post(admin, '/api/areas/import/preview?crs=EPSG:4547', 'application/zip', zip);
    expect(chosen.json().crs).toMatchObject({ id: 'EPSG:4547', source: 'user' });
    const corners = chosen.json().features.features[0].geometry.coordinates[0] as number[][];
    expect(Math.min(...corners.map((p) => maxDifference([p], [wgs[0]])))).toBeLessThan(1e-6);
  });

  it('answers a file that is not a zip with a problem', async () => {
    const r = await post(admin, '/api/areas/import/preview', 'application/zip', Buffer.from('not a zip'));
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('gis_file_invalid');
  });

  it('refuses previews to roles that cannot write areas', async () => {
    const worker = await t.login((await buildUser(t.db, 'grid_worker', '440305000000')).username);
    const r = await post(
      worker,
      '/api/areas/import/preview',
      'application/vnd.google-earth.kml+xml',
      '<kml/>',
    );
    expect(r.statusCode).toBe(403);
  });
});

const kmlOf = (
  placemarks: { code: string; name: string; ring: Ring }[],
) => `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
${placemarks
  .map(
    (p) => `<Placemark><name>${p.name}</name>
  <ExtendedData><Data name="编码"><value>${p.code}</value></Data></ExtendedData>
  <Polygon><outerBoundaryIs><LinearRing><coordinates>${p.ring.map(([x, y]) => `${x},${y},0`).join(' ')}</coordinates></LinearRing></outerBoundaryIs></Polygon>
</Placemark>`,
  )
  .join('\n')}
</Document></kml>`;

describe('importing KML and KMZ', () => {
  it('previews KML with its ExtendedData as attributes', async () => {
    const kml = kmlOf([{ code: '440305001001001', name: '一格', ring: ringOf(113.9, 22.5, 0.01) }]);
    const r = await post(admin, '/api/areas/import/preview', 'application/vnd.google-earth.kml+xml', kml);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      format: 'kml',
      crs: { id: 'wgs84' },
      mapping: { code: '编码', name: 'name' },
    });
    const f = r.json().features.features[0];
    expect(f.properties).toEqual({ name: '一格', 编码: '440305001001001' });
    expect(f.geometry.coordinates[0][1]).toEqual([113.91, 22.5]);
  });

  it('imports a KMZ all or nothing: one bad placemark fails the whole file with the report', async () => {
    const d = await buildDistrict(t.db, '450202', 112, 31);
    const session = await t.login((await buildUser(t.db, 'district_admin', d.district)).username);
    const good = { code: `${d.community}001`, name: '一格', ring: ringOf(112.1, 31.1, 0.3) };
    const overlapping = { code: `${d.community}002`, name: '二格', ring: ringOf(112.2, 31.1, 0.3) };
    const kmz = (placemarks: (typeof good)[]) =>
      Buffer.from(zipSync({ 'doc.kml': strToU8(kmlOf(placemarks)) }));
    const url = '/api/areas/import/file?code=%E7%BC%96%E7%A0%81&name=name';

    const refused = await post(session, url, 'application/vnd.google-earth.kmz', kmz([good, overlapping]));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('import_invalid');
    const errors = refused.json().errors;
    expect(errors.map((e: { code: string }) => e.code)).toEqual([good.code, overlapping.code]);
    expect(errors[1].problems[0]).toMatchObject({ code: 'overlaps_sibling' });
    expect((await t.as(session, { method: 'GET', url: `/api/areas/${good.code}` })).statusCode).toBe(404);

    const fixed = { ...overlapping, ring: ringOf(112.4, 31.1, 0.3) };
    const accepted = await post(session, url, 'application/vnd.google-earth.kmz', kmz([good, fixed]));
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ created: 2, updated: 0, unchanged: 0 });
  });

  it('reads GCJ-02 coordinates when the user says so', async () => {
    const kml = kmlOf([{ code: '440305001001001', name: '一格', ring: ringOf(113.9, 22.5, 0.01) }]);
    const r = await post(
      admin,
      '/api/areas/import/preview?crs=gcj02',
      'application/vnd.google-earth.kml+xml',
      kml,
    );
    const [lon, lat] = r.json().features.features[0].geometry.coordinates[0][0];
    const [expectedLon, expectedLat] = toWgs84(113.9, 22.5, 'gcj02');
    expect(Math.abs(lon - expectedLon)).toBeLessThan(1e-8);
    expect(Math.abs(lat - expectedLat)).toBeLessThan(1e-8);
    // Hundreds of metres off the numbers in the file: shifted, not left as they were.
    expect(Math.abs(lon - 113.9)).toBeGreaterThan(0.003);
  });
});

describe('the base map setting', () => {
  const tianditu = {
    url: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=vec&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=key',
    subdomains: '01234567',
    attribution: '天地图',
    maxZoom: 18,
    crs: 'wgs84',
  };
  const put = (session: Session, baseMap: unknown) =>
    t.as(session, { method: 'PUT', url: '/api/settings/base-map', payload: { baseMap } });

  it('is none at first, and any user who is logged in reads it with the bounds of their area', async () => {
    const worker = await t.login((await buildUser(t.db, 'grid_worker', '440305000000')).username);
    const r = await t.as(worker, { method: 'GET', url: '/api/settings/base-map' });
    expect(r.statusCode).toBe(200);
    expect(r.json().baseMap).toBeNull();
    const [minLon, minLat, maxLon, maxLat] = r.json().bounds;
    expect(minLon).toBeLessThan(maxLon);
    expect(minLat).toBeLessThan(maxLat);
    expect((await t.as(null, { method: 'GET', url: '/api/settings/base-map' })).statusCode).toBe(401);
  });

  it('is changed by the district admin only, checked and audited', async () => {
    const worker = await t.login((await buildUser(t.db, 'grid_worker', '440305000000')).username);
    expect((await put(worker, tianditu)).statusCode).toBe(403);

    const noZoom = await put(admin, { ...tianditu, url: 'https://tiles.example.com/{x}/{y}.png' });
    expect(noZoom.statusCode).toBe(422);
    expect(noZoom.json()).toMatchObject({ code: 'invalid_field', detail: 'url不正确：{z} is missing' });
    const ftp = await put(admin, { ...tianditu, url: 'ftp://tiles.example.com/{z}/{x}/{y}.png' });
    expect(ftp.statusCode).toBe(422);
    const noSubdomains = await put(admin, { ...tianditu, subdomains: '' });
    expect(noSubdomains.json().detail).toContain('{s} needs subdomains');
    expect((await put(admin, { ...tianditu, crs: 'bd09' })).statusCode).toBe(400);

    const saved = await put(admin, tianditu);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().baseMap).toEqual({ ...tianditu, labelsUrl: undefined });
    const read = await t.as(worker, { method: 'GET', url: '/api/settings/base-map' });
    expect(read.json().baseMap).toMatchObject(tianditu);
    const audited = await t.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', '=', 'settings.base_map')
      .execute();
    expect(audited).toEqual([{ action: 'settings.base_map', target_id: 'base_map' }]);

    expect((await put(admin, null)).json().baseMap).toBeNull();
  });
});
