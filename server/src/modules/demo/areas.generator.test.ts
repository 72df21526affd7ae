import { describe, expect, it } from 'vitest';
import { checkInsideParent, checkNoOverlap, validateBoundary } from '../../geo/boundary.ts';
import { bboxOf, type Position, polygonsOf, type Ring } from '../../geo/geojson.ts';
import { type GeneratedArea, generateAreas } from './areas.generator.ts';
import { boundaryArea, pointInRing, ringArea2, ringSelfIntersects } from './polygons.ts';

const district = generateAreas({ seed: 1, scale: 'district' });
const byCode = new Map(district.map((area) => [area.code, area]));
const ofLevel = (level: GeneratedArea['level']) => district.filter((area) => area.level === level);
const childrenOf = (parent: GeneratedArea) => district.filter((area) => area.parentCode === parent.code);
const rings = (area: GeneratedArea) => polygonsOf(area.boundary).flat();

function inOrOn(point: Position, boundary: GeneratedArea['boundary']): boolean {
  return polygonsOf(boundary).some(([outer, ...holes]) => {
    const where = pointInRing(point, outer);
    return (
      where === 'on' || (where === 'inside' && holes.every((hole) => pointInRing(point, hole) !== 'inside'))
    );
  });
}

describe('generateAreas, district scale', () => {
  it('makes one district of 7 streets, 38 communities and about 300 grids', () => {
    expect(ofLevel('district')).toHaveLength(1);
    expect(ofLevel('street')).toHaveLength(7);
    expect(ofLevel('community')).toHaveLength(38);
    const grids = ofLevel('grid').length;
    expect(grids).toBeGreaterThanOrEqual(290);
    expect(grids).toBeLessThanOrEqual(310);
    for (const street of ofLevel('street')) expect(childrenOf(street).length).toBeGreaterThan(0);
    for (const community of ofLevel('community')) expect(childrenOf(community).length).toBeGreaterThan(0);
  });

  it('gives unique statistical division codes, numbered from 001 under each parent', () => {
    expect(new Set(district.map((area) => area.code)).size).toBe(district.length);
    expect(ofLevel('district')[0]).toMatchObject({ code: '440305000000', parentCode: null });
    for (const area of district) {
      if (area.level === 'district') continue;
      const parent = byCode.get(area.parentCode!)!;
      const siblings = childrenOf(parent).map((child) => child.code);
      const serial = String(siblings.indexOf(area.code) + 1).padStart(3, '0');
      if (area.level === 'street') {
        expect(parent.level).toBe('district');
        expect(area.code).toBe(`${parent.code.slice(0, 6)}${serial}000`);
      } else if (area.level === 'community') {
        expect(parent.level).toBe('street');
        expect(area.code).toBe(`${parent.code.slice(0, 9)}${serial}`);
      } else {
        expect(parent.level).toBe('community');
        expect(area.code).toBe(`${parent.code}${serial}`);
      }
    }
    expect(ofLevel('grid').every((grid) => /^\d{15}$/.test(grid.code))).toBe(true);
  });

  it('lists parents before their children', () => {
    const position = new Map(district.map((area, i) => [area.code, i]));
    for (const area of district) {
      if (area.parentCode) expect(position.get(area.parentCode)!).toBeLessThan(position.get(area.code)!);
    }
  });

  it('names streets, communities and grids in Chinese, without repeating a place name', () => {
    expect(ofLevel('district')[0].name).toMatch(/^\p{Script=Han}{2}区$/u);
    for (const street of ofLevel('street')) expect(street.name).toMatch(/^\p{Script=Han}{2}街道$/u);
    for (const community of ofLevel('community')) {
      expect(community.name).toMatch(/^\p{Script=Han}{2}社区$/u);
      childrenOf(community).forEach((grid, i) => {
        expect(grid.name).toBe(`${community.name}第${i + 1}网格`);
      });
    }
    const places = [...ofLevel('street'), ...ofLevel('community')].map((area) => area.name.slice(0, 2));
    expect(new Set(places).size).toBe(places.length);
  });

  it('is deterministic: the same seed gives the same map, another seed another map', () => {
    const again = generateAreas({ seed: 1, scale: 'district' });
    expect(JSON.stringify(again)).toBe(JSON.stringify(district));
    const other = generateAreas({ seed: 2, scale: 'district' });
    expect(JSON.stringify(other.map((area) => area.boundary))).not.toBe(
      JSON.stringify(district.map((area) => area.boundary)),
    );
  });

  it('sits in southern China, about 10 km by 9 km', () => {
    const [minLon, minLat, maxLon, maxLat] = bboxOf(ofLevel('district')[0].boundary);
    expect(minLon).toBeGreaterThan(113.9);
    expect(maxLon).toBeLessThan(114.05);
    expect(minLat).toBeGreaterThan(22.5);
    expect(maxLat).toBeLessThan(22.62);
    expect((maxLon - minLon) * 102.8).toBeGreaterThan(8);
    expect((maxLon - minLon) * 102.8).toBeLessThan(12.5);
    expect((maxLat - minLat) * 110.6).toBeGreaterThan(7);
    expect((maxLat - minLat) * 110.6).toBeLessThan(11.5);
  });

  it('draws grids as organic polygons of 20–60 vertices', () => {
    for (const grid of ofLevel('grid')) {
      expect(grid.boundary.type).toBe('Polygon');
      const ring = grid.boundary.coordinates[0] as Ring;
      expect(ring.length - 1).toBeGreaterThanOrEqual(20);
      expect(ring.length - 1).toBeLessThanOrEqual(60);
    }
  });

  it('closes every ring, counter-clockwise outside and clockwise around holes, without self-crossings', () => {
    for (const area of district) {
      for (const [outer, ...holes] of polygonsOf(area.boundary)) {
        for (const ring of [outer, ...holes]) {
          expect(ring[0]).toEqual(ring[ring.length - 1]);
          const repeated = ring.filter((p, i) => i > 0 && p[0] === ring[i - 1][0] && p[1] === ring[i - 1][1]);
          expect(repeated, area.code).toEqual([]);
          expect(ringSelfIntersects(ring), area.code).toBe(false);
          // Rounded to 1e-7 degrees (about 1 cm), so that neighbours share vertices exactly.
          const unrounded = ring.filter(
            ([lon, lat]) => Math.round(lon * 1e7) / 1e7 !== lon || Math.round(lat * 1e7) / 1e7 !== lat,
          );
          expect(unrounded, area.code).toEqual([]);
        }
        expect(ringArea2(outer)).toBeGreaterThan(0);
        for (const hole of holes) expect(ringArea2(hole)).toBeLessThan(0);
      }
    }
  });

  it('keeps every area inside its parent, which its children tile exactly', () => {
    for (const parent of district.filter((area) => area.level !== 'grid')) {
      const children = childrenOf(parent);
      for (const child of children) {
        const outside = rings(child).flatMap((ring) =>
          ring.filter((point) => !inOrOn(point, parent.boundary)),
        );
        expect(outside, child.code).toEqual([]);
      }
      // Children that do not overlap and fill their parent add up to its area.
      const sum = children.reduce((total, child) => total + boundaryArea(child.boundary), 0);
      expect(Math.abs(sum - boundaryArea(parent.boundary)) / boundaryArea(parent.boundary)).toBeLessThan(
        1e-9,
      );
    }
  });

  it('passes the import validation: valid boundaries, inside the parent, no overlapping siblings', () => {
    for (const area of district) {
      expect(validateBoundary(area.boundary), area.code).toEqual([]);
      if (area.parentCode) {
        expect(checkInsideParent(area.boundary, byCode.get(area.parentCode)!.boundary), area.code).toEqual(
          [],
        );
      }
    }
    for (const parent of district.filter((area) => area.level !== 'grid')) {
      const children = childrenOf(parent);
      for (let i = 0; i < children.length; i++) {
        for (let j = i + 1; j < children.length; j++) {
          expect(checkNoOverlap(children[i].boundary, children[j].boundary), children[i].code).toEqual([]);
        }
      }
    }
  });

  it('houses about 300,000 people, with a few grids far off the 300-household rule', () => {
    const grids = ofLevel('grid');
    const population = ofLevel('district')[0].population!;
    expect(population).toBeGreaterThanOrEqual(270_000);
    expect(population).toBeLessThanOrEqual(330_000);
    expect(grids.reduce((sum, grid) => sum + grid.population!, 0)).toBe(population);
    for (const grid of grids) {
      expect(grid.population! / grid.households!).toBeGreaterThanOrEqual(2.6);
      expect(grid.population! / grid.households!).toBeLessThanOrEqual(3.4);
    }
    const regular = grids.filter((grid) => grid.households! >= 250 && grid.households! <= 380);
    expect(regular.length / grids.length).toBeGreaterThan(0.9);
    expect(grids.some((grid) => grid.households! > 450)).toBe(true);
    expect(grids.some((grid) => grid.households! < 150)).toBe(true);
  });
});

describe('generateAreas, city scale', () => {
  // How fast (target under 15 s on one core): `npm run bench -- units`.
  it('makes about 30,000 grids in 16 districts', () => {
    const city = generateAreas({ seed: 7, scale: 'city' });

    const count = (level: GeneratedArea['level']) => city.filter((area) => area.level === level).length;
    expect(count('district')).toBe(16);
    expect(count('grid')).toBeGreaterThanOrEqual(29_000);
    expect(count('grid')).toBeLessThanOrEqual(31_000);
    expect(new Set(city.map((area) => area.code)).size).toBe(city.length);
    for (const area of city.filter((a) => a.level === 'district')) {
      expect(area.code).toMatch(/^4403\d{2}000000$/);
      expect(validateBoundary(area.boundary)).toEqual([]);
    }
  }, 120_000);
});
