import { AREA_LEVELS, type AreaLevel, type Boundary } from '../../geo/geojson.ts';
import { buildMesh, type Mesh, type MeshLayout } from './mesh.ts';
import { createPlaceNamer } from './names.ts';
import { partitionCells } from './partition.ts';
import { unionBoundaries } from './polygons.ts';
import { createRandom, hashSeed, type Random, randomBetween, randomInt, shuffle } from './random.ts';

export { createRandom } from './random.ts';

export interface GeneratedArea {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  boundary: Boundary;
  households?: number;
  population?: number;
}

export interface GenerateAreasOptions {
  seed: number;
  scale: 'district' | 'city';
}

interface Scale {
  layout: Omit<MeshLayout, 'cells'>;
  cells: [number, number];
  districts: number;
  streetsPerDistrict: [number, number];
  communitiesPerDistrict: [number, number];
}

/**
 * `district` is the seed's "D district" (38 communities, ~300 grids, ~300,000 people), about
 * 10 km × 9 km; `city` is a Shenzhen-sized city of ~30,000 grids for the benchmarks.
 */
const SCALES: Record<GenerateAreasOptions['scale'], Scale> = {
  district: {
    layout: { centerLon: 113.975, centerLat: 22.56, semiAxes: [4.7, 4.2] },
    cells: [296, 304],
    districts: 1,
    streetsPerDistrict: [7, 7],
    communitiesPerDistrict: [38, 38],
  },
  city: {
    layout: { centerLon: 114.09, centerLat: 22.64, semiAxes: [36, 16] },
    cells: [29_800, 30_200],
    districts: 16,
    streetsPerDistrict: [10, 12],
    communitiesPerDistrict: [140, 160],
  },
};

/**
 * A believable district (or a whole city of districts) of streets, communities and grids:
 * organic, non-overlapping boundaries in southern China, statistical division codes, Chinese
 * names and household counts. The same seed always gives the same areas; parents come before
 * their children, level by level.
 */
export function generateAreas(opts: GenerateAreasOptions): GeneratedArea[] {
  const scale = SCALES[opts.scale];
  const random = createRandom(hashSeed(opts.seed, 0x61726561));
  const mesh = buildMesh(opts.seed, { ...scale.layout, cells: randomInt(random, ...scale.cells) });

  const districtName = createPlaceNamer(random);
  const districts = sortNorthToSouth(mesh, partitionCells(mesh, mesh.cells, scale.districts, random));
  const plans = districts.map((cells, i) => {
    // A single district takes the code and name the rest of the demo (and its tests) know it by.
    const code = scale.districts === 1 ? '440305' : `4403${String(i + 2).padStart(2, '0')}`;
    const name = scale.districts === 1 ? '南湖区' : `${districtName()}区`;
    return planDistrict(mesh, cells, { code, name, scale }, random);
  });
  assignHouseholds(plans, random);

  const levels: GeneratedArea[][] = [[], [], [], []];
  for (const plan of plans) levels[0].push(emit(plan, null, mesh, levels, random));
  return levels.flat();
}

interface AreaPlan {
  code: string;
  name: string;
  level: AreaLevel;
  children: AreaPlan[];
  /** For grids only: the mesh cell and the number of households living in it. */
  cell?: number;
  households?: number;
}

function planDistrict(
  mesh: Mesh,
  cells: number[],
  district: { code: string; name: string; scale: Scale },
  random: Random,
): AreaPlan {
  const name = createPlaceNamer(random);
  const streetCount = randomInt(random, ...district.scale.streetsPerDistrict);
  const communityCount = randomInt(random, ...district.scale.communitiesPerDistrict);
  const streets = sortNorthToSouth(mesh, partitionCells(mesh, cells, streetCount, random));
  const communitiesPerStreet = apportion(
    communityCount,
    streets.map((street) => street.length),
  );

  return {
    code: `${district.code}000000`,
    name: district.name,
    level: 'district',
    children: streets.map((streetCells, s) => {
      const streetCode = `${district.code}${serial(s)}`;
      const communities = partitionCells(mesh, streetCells, communitiesPerStreet[s], random);
      return {
        code: `${streetCode}000`,
        name: `${name()}街道`,
        level: 'street',
        children: sortNorthToSouth(mesh, communities).map((communityCells, c) => {
          const communityCode = `${streetCode}${serial(c)}`;
          const communityName = `${name()}社区`;
          return {
            code: communityCode,
            name: communityName,
            level: 'community',
            children: sortNorthToSouth(
              mesh,
              communityCells.map((cell) => [cell]),
            ).map(([cell], g) => ({
              code: `${communityCode}${serial(g)}`,
              name: `${communityName}第${g + 1}网格`,
              level: 'grid',
              children: [],
              cell,
            })),
          };
        }),
      };
    }),
  };
}

/**
 * Writes the area and its descendants into `levels`. Grids take their cell's ring; every parent's
 * boundary is the exact union of its children's, and its households and population their sum.
 */
function emit(
  plan: AreaPlan,
  parentCode: string | null,
  mesh: Mesh,
  levels: GeneratedArea[][],
  random: Random,
): GeneratedArea {
  if (plan.level === 'grid') {
    const households = plan.households!;
    return {
      code: plan.code,
      name: plan.name,
      level: 'grid',
      parentCode,
      boundary: { type: 'Polygon', coordinates: [mesh.ring(plan.cell!)] },
      households,
      population: Math.round(households * randomBetween(random, 2.65, 3.35)),
    };
  }
  const children = plan.children.map((child) => emit(child, plan.code, mesh, levels, random));
  levels[AREA_LEVELS.indexOf(plan.level) + 1].push(...children);
  return {
    code: plan.code,
    name: plan.name,
    level: plan.level,
    parentCode,
    boundary: unionBoundaries(children.map((child) => child.boundary)),
    households: children.reduce((sum, child) => sum + child.households!, 0),
    population: children.reduce((sum, child) => sum + child.population!, 0),
  };
}

/**
 * Mostly 250–380 households a grid, leaning towards the upper end so that a district of ~300
 * grids holds ~300,000 people. About 2% of grids (at least three) are far too big and as many
 * far too small: the map has to have grids breaking the ~300-household rule to show.
 */
function assignHouseholds(districts: AreaPlan[], random: Random): void {
  const grids: AreaPlan[] = [];
  const collect = (plan: AreaPlan) => {
    if (plan.level === 'grid') grids.push(plan);
    else plan.children.forEach(collect);
  };
  districts.forEach(collect);
  const misfits = Math.max(3, Math.round(grids.length * 0.02));
  shuffle(random, grids).forEach((grid, i) => {
    if (i < misfits) grid.households = randomInt(random, 450, 600);
    else if (i < 2 * misfits) grid.households = randomInt(random, 60, 149);
    else grid.households = Math.round(250 + 130 * random() ** 0.55);
  });
}

function serial(index: number): string {
  if (index >= 999) throw new Error('more than 999 areas under one parent');
  return String(index + 1).padStart(3, '0');
}

/** Numbers areas the way one reads a map: by the centre of their sites, north first. */
function sortNorthToSouth(mesh: Mesh, groups: number[][]): number[][] {
  const centre = (cells: number[]) => {
    let x = 0;
    let y = 0;
    for (const cell of cells) {
      x += mesh.siteX[cell];
      y += mesh.siteY[cell];
    }
    return [x / cells.length, y / cells.length];
  };
  return groups
    .map((cells) => ({ cells, centre: centre(cells) }))
    .sort((a, b) => b.centre[1] - a.centre[1] || a.centre[0] - b.centre[0])
    .map((group) => group.cells);
}

/** Splits `total` in proportion to `weights` (largest remainder), at least one each. */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => Math.max(1, (total * w) / sum));
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((e, i) => ({ i, r: e - Math.floor(e) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (let j = 0; left > 0; j = (j + 1) % byRemainder.length, left--) counts[byRemainder[j].i]++;
  return counts;
}
