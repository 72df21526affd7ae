/**
 * locate: place random points into their grids at city scale (BENCHMARKS.md).
 * Ours against, in the same run: Flatbush candidates + Turf booleanPointInPolygon,
 * Flatbush candidates + a plain ray-crossing test on flat arrays (the design
 * ARCHITECTURE.md started from), and PostGIS ST_Contains with a GiST index when
 * PostGIS is installed.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import { bboxOf, polygonsOf } from '../server/src/geo/geojson.ts';
import { Locator } from '../server/src/geo/locator.ts';
import { type GeneratedArea, generateAreas } from '../server/src/modules/demo/areas.generator.ts';
import { measurePostgis } from './postgis.ts';
import {
  type BenchOptions,
  formatRate,
  formatRatio,
  intOption,
  printTable,
  secondsSince,
  seededRandom,
  timeRuns,
  writeResults,
} from './report.ts';

const TARGET_PER_SECOND = 5_000_000;
const TARGET_VS_POSTGIS = 50;

export async function run(options: BenchOptions): Promise<void> {
  const seed = intOption(options, 'seed', 1);
  const pointCount = intOption(options, 'points', 1_000_000);
  const referenceCount = Math.min(pointCount, intOption(options, 'reference-points', 100_000));
  const postgisCount = Math.min(pointCount, intOption(options, 'postgis-points', 100_000));

  console.log(`locate: generating city-scale areas (seed ${seed})…`);
  let start = process.hrtime.bigint();
  const grids = generateAreas({ seed, scale: 'city' }).filter((a) => a.level === 'grid');
  const generateSeconds = secondsSince(start);
  const vertices = grids.reduce(
    (sum, g) =>
      sum +
      polygonsOf(g.boundary)
        .flat()
        .reduce((s, r) => s + r.length - 1, 0),
    0,
  );

  start = process.hrtime.bigint();
  const locator = Locator.build(grids);
  const buildSeconds = secondsSince(start);

  const [minX, minY, maxX, maxY] = grids
    .map((g) => bboxOf(g.boundary))
    .reduce((a, b) => [
      Math.min(a[0], b[0]),
      Math.min(a[1], b[1]),
      Math.max(a[2], b[2]),
      Math.max(a[3], b[3]),
    ]);
  const random = seededRandom(seed * 0x9e3779b1 + 1);
  const lons = new Float64Array(pointCount);
  const lats = new Float64Array(pointCount);
  for (let i = 0; i < pointCount; i++) {
    lons[i] = minX + random() * (maxX - minX);
    lats[i] = minY + random() * (maxY - minY);
  }

  console.log(`locate: ${grids.length} grids, ${pointCount} points; timing…`);
  const ours = new Int32Array(pointCount);
  const single = timeRuns(5, () => {
    for (let i = 0; i < pointCount; i++) ours[i] = locator.locateIndex(lons[i], lats[i]);
  });
  const inBulk = new Int32Array(pointCount);
  const bulk = timeRuns(5, () => locator.locateAll(lons, lats, inBulk));
  const bulkDiffers = inBulk.some((g, i) => g !== ours[i]);
  const placed = ours.reduce((n, g) => n + (g >= 0 ? 1 : 0), 0);

  const boxes = new Flatbush(grids.length);
  for (const g of grids) boxes.add(...bboxOf(g.boundary));
  boxes.finish();
  const turf = referenceTurf(grids, boxes, lons, lats, referenceCount);
  const ray = referenceRay(grids, boxes, lons, lats, referenceCount);
  const agreement = compare(ours, turf.answers, turf.claims, (i, g) =>
    booleanPointInPolygon([lons[i], lats[i]], grids[g].boundary),
  );

  // The same grids in reverse order must give the same grid for every point.
  const reversed = Locator.build([...grids].reverse());
  let orderDependent = 0;
  for (let i = 0; i < referenceCount; i++) {
    const g = reversed.locateIndex(lons[i], lats[i]);
    if ((g < 0 ? -1 : grids.length - 1 - g) !== ours[i]) orderDependent++;
  }

  const postgis = await measurePostgis(
    grids,
    lons.subarray(0, postgisCount),
    lats.subarray(0, postgisCount),
    ours.subarray(0, postgisCount),
  );
  console.log(
    'skipped' in postgis
      ? `PostGIS: skipped (${postgis.skipped})`
      : `PostGIS: ${formatRate(postgis.perSecond)}`,
  );

  const perSecond = pointCount / single.best;
  const bulkPerSecond = pointCount / bulk.best;
  const postgisRate = 'perSecond' in postgis ? postgis.perSecond : null;
  const vs = (rate: number) => [rate / turf.perSecond, postgisRate ? rate / postgisRate : null];
  const row = (what: string, figure: string, ratios: (number | null)[]) => [
    what,
    figure,
    ...ratios.map(formatRatio),
  ];
  printTable(
    `locate — city scale, seed ${seed}: ${grids.length} grids (${(vertices / grids.length).toFixed(1)} vertices on average), ${pointCount} random points in the city's bounding box (${((100 * placed) / pointCount).toFixed(0)}% inside a grid)`,
    [
      ['what', 'figure', 'vs Turf', 'vs PostGIS'],
      row(
        'Locator.locateIndex, points in random order (best of 5)',
        `${formatRate(perSecond)} (median ${formatRate(pointCount / single.median)})`,
        vs(perSecond),
      ),
      row(
        'Locator.locateAll, same points in bulk (best of 5)',
        `${formatRate(bulkPerSecond)} (median ${formatRate(pointCount / bulk.median)})`,
        vs(bulkPerSecond),
      ),
      row(
        `Flatbush + Turf booleanPointInPolygon (${referenceCount} points)`,
        formatRate(turf.perSecond),
        vs(turf.perSecond),
      ),
      row(
        `Flatbush + ray crossing on flat arrays (${referenceCount} points)`,
        formatRate(ray.perSecond),
        vs(ray.perSecond),
      ),
      postgisRate
        ? row(`PostGIS ST_Contains + GiST (${postgisCount} points)`, formatRate(postgisRate), vs(postgisRate))
        : ['PostGIS ST_Contains + GiST', `skipped (${'skipped' in postgis ? postgis.skipped : ''})`, '', ''],
      [
        'Locator build',
        `${buildSeconds.toFixed(2)} s (areas generated in ${generateSeconds.toFixed(1)} s)`,
        '',
        '',
      ],
      [
        'Locator tables',
        `${(locator.stats.bytes / 1e6).toFixed(0)} MB, ${locator.stats.columns}×${locator.stats.rows} cells, ${((100 * locator.stats.pureCells) / (locator.stats.pureCells + locator.stats.mixedCells)).toFixed(0)}% pure`,
        '',
        '',
      ],
      [
        `agreement with Turf (${referenceCount} points)`,
        `${agreement.mismatches} mismatches, ${agreement.onEdge} on a shared edge`,
        '',
        '',
      ],
      [
        'agreement with ray crossing / reversed input / bulk',
        `${compare(ours, ray.answers).mismatches} / ${orderDependent} / ${bulkDiffers ? 'differs' : 0} mismatches`,
        '',
        '',
      ],
      ...('disagreements' in postgis
        ? [['agreement with PostGIS', `${postgis.disagreements} mismatches`, '', '']]
        : []),
      [
        'target: ≥ 5,000,000 points/s one at a time',
        perSecond >= TARGET_PER_SECOND ? 'met' : `missed by ${formatRate(TARGET_PER_SECOND - perSecond)}`,
        '',
        '',
      ],
      [
        `target: ≥ ${TARGET_VS_POSTGIS}× PostGIS`,
        postgisRate ? (perSecond / postgisRate >= TARGET_VS_POSTGIS ? 'met' : 'missed') : 'not measured',
        '',
        '',
      ],
    ],
  );

  const file = writeResults('locate', {
    seed,
    scale: 'city',
    grids: grids.length,
    averageVertices: vertices / grids.length,
    points: pointCount,
    placedShare: placed / pointCount,
    generateSeconds,
    buildSeconds,
    tables: locator.stats,
    locateIndex: { perSecond, medianPerSecond: pointCount / single.median },
    locateAll: { perSecond: bulkPerSecond, medianPerSecond: pointCount / bulk.median, differs: bulkDiffers },
    references: {
      turf: { points: referenceCount, perSecond: turf.perSecond },
      rayCrossing: { points: referenceCount, perSecond: ray.perSecond },
      postgis: 'perSecond' in postgis ? postgis : { skipped: postgis.skipped },
    },
    ratios: {
      locateIndexVsTurf: perSecond / turf.perSecond,
      locateIndexVsRayCrossing: perSecond / ray.perSecond,
      locateIndexVsPostgis: postgisRate ? perSecond / postgisRate : null,
    },
    agreement: { ...agreement, rayCrossingMismatches: compare(ours, ray.answers).mismatches, orderDependent },
    targets: {
      perSecond: { target: TARGET_PER_SECOND, met: perSecond >= TARGET_PER_SECOND },
      vsPostgis: {
        target: TARGET_VS_POSTGIS,
        met: postgisRate ? perSecond / postgisRate >= TARGET_VS_POSTGIS : null,
      },
    },
  });
  console.log(`\nwritten to ${file}`);
}

interface Reference {
  perSecond: number;
  /** The first containing grid per point, or -1. */
  answers: Int32Array;
  /** How many grids claim each point (Turf counts a point on an edge as in both grids). */
  claims?: Uint8Array;
}

function referenceTurf(
  grids: GeneratedArea[],
  boxes: Flatbush,
  lons: Float64Array,
  lats: Float64Array,
  count: number,
): Reference {
  const answers = new Int32Array(count);
  const claims = new Uint8Array(count);
  const { best } = timeRuns(2, () => {
    for (let i = 0; i < count; i++) {
      answers[i] = -1;
      claims[i] = 0;
      for (const g of boxes.search(lons[i], lats[i], lons[i], lats[i])) {
        if (!booleanPointInPolygon([lons[i], lats[i]], grids[g].boundary)) continue;
        if (answers[i] < 0 || g < answers[i]) answers[i] = g;
        claims[i]++;
      }
    }
  });
  return { perSecond: count / best, answers, claims };
}

/** Flatbush candidates, then an even-odd ray-crossing test over each candidate's rings as flat arrays. */
function referenceRay(
  grids: GeneratedArea[],
  boxes: Flatbush,
  lons: Float64Array,
  lats: Float64Array,
  count: number,
): Reference {
  const rings = grids.map((g) =>
    polygonsOf(g.boundary).flatMap((polygon) => polygon.map((ring) => Float64Array.from(ring.flat()))),
  );
  const inside = (grid: Float64Array[], x: number, y: number) => {
    let odd = false;
    for (const xy of grid) {
      for (let k = 0; k + 3 < xy.length; k += 2) {
        const [ax, ay, bx, by] = [xy[k], xy[k + 1], xy[k + 2], xy[k + 3]];
        if (ay > y !== by > y && x < ax + ((y - ay) * (bx - ax)) / (by - ay)) odd = !odd;
      }
    }
    return odd;
  };
  const answers = new Int32Array(count);
  const { best } = timeRuns(2, () => {
    for (let i = 0; i < count; i++) {
      answers[i] = -1;
      for (const g of boxes.search(lons[i], lats[i], lons[i], lats[i])) {
        if (inside(rings[g], lons[i], lats[i]) && (answers[i] < 0 || g < answers[i])) answers[i] = g;
      }
    }
  });
  return { perSecond: count / best, answers };
}

/**
 * Mismatches between our answers and a reference's. Where the reference put a
 * point in several grids (Turf counts a point on a shared edge as in both), any
 * of them is right: `onEdge` counts those, when ours is one of them.
 */
function compare(
  ours: Int32Array,
  reference: Int32Array,
  claims?: Uint8Array,
  claimedBy?: (i: number, grid: number) => boolean,
) {
  let mismatches = 0;
  let onEdge = 0;
  for (let i = 0; i < reference.length; i++) {
    if (ours[i] === reference[i]) continue;
    if (claims && claims[i] > 1 && ours[i] >= 0 && claimedBy?.(i, ours[i])) onEdge++;
    else mismatches++;
  }
  return { mismatches, onEdge };
}
