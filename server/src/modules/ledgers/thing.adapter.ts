import type { Locator } from '../../geo/locator.ts';
import { THING_CATEGORIES } from '../registry/index.ts';
import * as registry from './adapters.repository.ts';
import { type Adapter, COLUMN_TYPES, placeByPoint, plain } from './adapters.ts';

// ---------------------------------------------------------------------------------------------
// Components: matched by category and position (within about 5 m).

/** About 5 m in degrees of latitude; the longitude cell is widened by the latitude's cosine. */
const NEAR_DEG = 0.000045;

export function thingAdapter(locator: Locator, areaCode: string): Adapter {
  const categoryName = new Map(THING_CATEGORIES.map((c) => [c.code, c.zh]));
  return {
    entity: 'thing',
    table: 'things',
    columnTypes: COLUMN_TYPES.thing,
    fields: ['name', 'ownerDepartment', 'state'],
    prepare(values) {
      const placed = placeByPoint(locator, areaCode, values);
      if (!placed.ok) return placed;
      const lon = Number(values.lon);
      const lat = Number(values.lat);
      const cell = `${Math.round(lat / NEAR_DEG)}:${Math.round((lon * Math.cos((lat * Math.PI) / 180)) / NEAR_DEG)}`;
      return {
        ok: true,
        row: { key: `${values.category}@${cell}`, values: { ...values, gridCode: placed.gridCode } },
      };
    },
    async findExisting(db, rows, lock) {
      if (rows.length === 0) return new Map();
      const wanted = rows.map((r, i) => ({
        i,
        grid: r.values.gridCode,
        category: r.values.category,
        lon: r.values.lon,
        lat: r.values.lat,
      }));
      const found = await registry.nearestThings(db, wanted, NEAR_DEG, lock);
      return new Map(found.map((r) => [rows[r.i].key, r]));
    },
    current(row, field) {
      if (field === 'name') return plain('name', row.name);
      if (field === 'ownerDepartment') return plain('owner_department', row.owner_department);
      if (field === 'state') return plain('state', row.state);
      throw new Error(`thing has no field ${field}`);
    },
    incoming(row, field) {
      const v = row.values;
      if (field === 'name') return v.name === undefined ? undefined : plain('name', v.name);
      if (field === 'ownerDepartment')
        return v.ownerDepartment === undefined ? undefined : plain('owner_department', v.ownerDepartment);
      if (field === 'state') return v.state === undefined ? undefined : plain('state', v.state);
      throw new Error(`thing has no field ${field}`);
    },
    insertColumns(row) {
      const v = row.values;
      return {
        grid_code: v.gridCode,
        category: v.category,
        name: v.name ?? categoryName.get(String(v.category)) ?? String(v.category),
        lon: v.lon,
        lat: v.lat,
        owner_department: v.ownerDepartment ?? null,
        state: v.state ?? 'normal',
      };
    },
  };
}
