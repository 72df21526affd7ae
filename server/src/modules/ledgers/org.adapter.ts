import type { Db } from '../../db/database.ts';
import type { Locator } from '../../geo/locator.ts';
import * as registry from './adapters.repository.ts';
import {
  type Adapter,
  areaNames,
  COLUMN_TYPES,
  type ExistingRow,
  placeByPoint,
  plain,
  stripAreaNames,
} from './adapters.ts';
import { addressKey } from './transforms.ts';

// ---------------------------------------------------------------------------------------------
// Organizations: matched by credit code, else by exact name; placed by point, else by building.

export interface BuildingRef {
  gridCode: string;
  lon: number;
  lat: number;
}

export async function loadBuildings(db: Db, areaCode: string): Promise<Map<string, BuildingRef>> {
  const rows = await registry.buildingsInArea(db, areaCode);
  const names = await areaNames(db);
  const map = new Map<string, BuildingRef>();
  for (const r of rows) {
    const ref = { gridCode: r.grid_code, lon: r.lon, lat: r.lat };
    const key = addressKey(r.address);
    map.set(key, ref);
    map.set(stripAreaNames(key, names), ref);
  }
  return map;
}

/** Where the area's organizations are, by credit code (`c:`) and by name (`n:`), with their address key. */
export async function loadOrgPlaces(
  db: Db,
  areaCode: string,
): Promise<Map<string, BuildingRef & { address: string }>> {
  const rows = await registry.orgPlacesInArea(db, areaCode);
  const places = new Map<string, BuildingRef & { address: string }>();
  for (const r of rows) {
    if (r.lon === null || r.lat === null || !r.address) continue;
    const place = { gridCode: r.grid_code, lon: r.lon, lat: r.lat, address: addressKey(r.address) };
    if (r.credit_code) places.set(`c:${r.credit_code}`, place);
    places.set(`n:${r.name}`, place);
  }
  return places;
}

export function orgAdapter(
  locator: Locator,
  areaCode: string,
  buildings: Map<string, BuildingRef>,
  known: Map<string, BuildingRef & { address: string }>,
  names: string[],
): Adapter {
  return {
    entity: 'org',
    table: 'orgs',
    columnTypes: COLUMN_TYPES.org,
    fields: ['name', 'kind', 'address', 'contactPhone', 'responsiblePerson', 'location'],
    prepare(values) {
      const v = { ...values };
      if (v.lon !== undefined && v.lat !== undefined) {
        const placed = placeByPoint(locator, areaCode, v);
        if (!placed.ok) return placed;
        v.gridCode = placed.gridCode;
      } else if (v.address !== undefined) {
        const key = addressKey(String(v.address));
        // An organization already registered at this address stays where it is (a shop on a
        // street has no building); otherwise the building places it — a registered address often
        // names the room too.
        const same = [
          v.creditCode ? known.get(`c:${v.creditCode}`) : undefined,
          known.get(`n:${v.name}`),
        ].find(
          (place) =>
            place &&
            (place.address === key || stripAreaNames(place.address, names) === stripAreaNames(key, names)),
        );
        const place =
          same ??
          [key, key.replace(/栋[0-9A-Z]+$/, '栋')]
            .flatMap((k) => [buildings.get(k), buildings.get(stripAreaNames(k, names))])
            .find(Boolean);
        if (!place) return { ok: false, column: 'address', code: 'unknown_address' };
        Object.assign(v, { gridCode: place.gridCode, lon: place.lon, lat: place.lat });
      } else {
        return { ok: false, column: 'address', code: 'missing_required' };
      }
      const key = v.creditCode ? `c:${v.creditCode}` : `n:${v.name}`;
      return { ok: true, row: { key, values: v } };
    },
    async findExisting(db, rows, lock) {
      const codes = rows.filter((r) => r.key.startsWith('c:')).map((r) => r.key.slice(2));
      const names = rows.filter((r) => r.key.startsWith('n:')).map((r) => r.key.slice(2));
      if (codes.length + names.length === 0) return new Map();
      const found = await registry.orgsByCodeOrName(db, codes, names, areaCode, lock);
      const map = new Map<string, ExistingRow>();
      for (const r of found) {
        if (r.credit_code) map.set(`c:${r.credit_code}`, r as unknown as ExistingRow);
        if (!map.has(`n:${r.name}`)) map.set(`n:${r.name}`, r as unknown as ExistingRow);
      }
      return map;
    },
    current(row, field) {
      switch (field) {
        case 'name':
          return plain('name', row.name);
        case 'kind':
          return plain('kind', row.kind);
        case 'address':
          return plain('address', row.address);
        case 'contactPhone':
          return plain('contact_phone', row.contact_phone);
        case 'responsiblePerson':
          return plain('responsible_person', row.responsible_person);
        case 'location':
          return {
            cmp: row.lon === null ? null : `${row.lon},${row.lat}`,
            shown: row.lon === null ? null : [row.lon, row.lat],
            columns: { lon: row.lon, lat: row.lat, grid_code: row.grid_code },
          };
        default:
          throw new Error(`org has no field ${field}`);
      }
    },
    incoming(row, field) {
      const v = row.values;
      const column = {
        name: 'name',
        kind: 'kind',
        address: 'address',
        contactPhone: 'contact_phone',
        responsiblePerson: 'responsible_person',
      }[field];
      if (column) return v[field] === undefined ? undefined : plain(column, v[field]);
      if (field === 'location')
        return {
          cmp: `${v.lon},${v.lat}`,
          shown: [v.lon, v.lat],
          columns: { lon: v.lon, lat: v.lat, grid_code: v.gridCode },
        };
      throw new Error(`org has no field ${field}`);
    },
    insertColumns(row) {
      const v = row.values;
      return {
        grid_code: v.gridCode,
        kind: v.kind,
        name: v.name,
        credit_code: v.creditCode ?? null,
        address: v.address ?? null,
        lon: v.lon ?? null,
        lat: v.lat ?? null,
        contact_phone: v.contactPhone ?? null,
        responsible_person: v.responsiblePerson ?? null,
      };
    },
  };
}
