import type { Db } from '../../db/database.ts';
import type { FieldSources, LedgerEntity } from '../../db/types.ts';
import { isWithin } from '../../geo/area-code.ts';
import type { Locator } from '../../geo/locator.ts';
import type { Pii } from '../../platform/pii.ts';
import { maskIdNumber, maskPhone, THING_CATEGORIES } from '../registry/index.ts';
import * as registry from './adapters.repository.ts';
import { addressKey } from './transforms.ts';

/**
 * What differs between people, organizations and components when a ledger row meets the registry:
 * how a row is placed (house, building or point), the key it is matched on, and how each field is
 * compared, stored and shown. The pipeline (import.pipeline.ts) does the rest the same way for all.
 */

/** The registry table of each entity and the type of every column an import writes there. */
export const TABLES = { person: 'people', org: 'orgs', thing: 'things' } as const;

export const COLUMN_TYPES: Record<LedgerEntity, Record<string, string>> = {
  person: {
    id: 'uuid',
    grid_code: 'text',
    house_id: 'uuid',
    household_id: 'uuid',
    relation: 'text',
    name: 'text',
    id_number_enc: 'text',
    id_number_hash: 'text',
    id_number_mask: 'text',
    birth_date: 'date',
    sex: 'text',
    phone_enc: 'text',
    phone_hash: 'text',
    phone_mask: 'text',
    residency: 'text',
    move_in_date: 'date',
    field_sources: 'jsonb',
  },
  org: {
    id: 'uuid',
    grid_code: 'text',
    kind: 'text',
    name: 'text',
    credit_code: 'text',
    address: 'text',
    lon: 'float8',
    lat: 'float8',
    contact_phone: 'text',
    responsible_person: 'text',
    field_sources: 'jsonb',
  },
  thing: {
    id: 'uuid',
    grid_code: 'text',
    category: 'text',
    name: 'text',
    lon: 'float8',
    lat: 'float8',
    owner_department: 'text',
    state: 'text',
    field_sources: 'jsonb',
  },
};

/** A field's value as compared (`cmp`), as history shows it (`shown`) and as stored (`columns`). */
export interface FieldValue {
  cmp: string | null;
  shown: unknown;
  columns: Record<string, unknown>;
}

export interface Prepared {
  key: string;
  values: Record<string, unknown>;
}

export type ExistingRow = Record<string, unknown> & {
  id: string;
  version: number;
  field_sources: FieldSources;
  grid_code: string;
};

export interface Adapter {
  entity: LedgerEntity;
  table: 'people' | 'orgs' | 'things';
  /** Column → PostgreSQL type, for every column the adapter writes. */
  columnTypes: Record<string, string>;
  /** The fields a ledger may update on an existing record, in display order. */
  fields: string[];
  /** Placement and key, or the problem (a field-level code) that rejects the row. */
  prepare(
    values: Record<string, unknown>,
  ): { ok: true; row: Prepared } | { ok: false; column: string; code: string };
  /** The existing, active records the rows match, by key (locked when `lock`). */
  findExisting(db: Db, rows: Prepared[], lock: boolean): Promise<Map<string, ExistingRow>>;
  current(row: ExistingRow, field: string): FieldValue;
  /** undefined when the row says nothing about the field. */
  incoming(row: Prepared, field: string): FieldValue | undefined;
  /** The columns of a new record (field_sources and id are added by the pipeline). */
  insertColumns(row: Prepared): Record<string, unknown>;
}

const same = (value: unknown): FieldValue => ({
  cmp: value === null || value === undefined ? null : String(value),
  shown: value ?? null,
  columns: {},
});

function plain(column: string, value: unknown): FieldValue {
  return { ...same(value), columns: { [column]: value ?? null } };
}

// ---------------------------------------------------------------------------------------------
// People: matched by ID number (keyed hash), placed in the house their address names.

export interface HouseRef {
  houseId: string;
  gridCode: string;
}

/**
 * The houses of an area by normalised address, with and without the area names that prefix a
 * building's address in the registry ("南湖区 东湖街道 …"): ledgers write either.
 */
export async function loadHouses(db: Db, areaCode: string): Promise<Map<string, HouseRef>> {
  const rows = await registry.housesInArea(db, areaCode);
  const names = await areaNames(db);
  const houses = new Map<string, HouseRef>();
  // A building's key is worked out once for all its rooms.
  const buildings = new Map<string, [full: string, short: string]>();
  for (const row of rows) {
    let building = buildings.get(row.address);
    if (!building) {
      const full = addressKey(row.address);
      building = [full, stripAreaNames(full, names)];
      buildings.set(row.address, building);
    }
    const ref = { houseId: row.id, gridCode: row.grid_code };
    const room = addressKey(row.room);
    houses.set(building[0] + room, ref);
    if (building[1] !== building[0] && !houses.has(building[1] + room)) houses.set(building[1] + room, ref);
  }
  return houses;
}

async function areaNames(db: Db): Promise<string[]> {
  const rows = await registry.areaNameRows(db);
  return [...new Set(rows.map((r) => addressKey(r.name)))]
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
}

function stripAreaNames(key: string, names: string[]): string {
  let rest = key;
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of names) {
      if (rest.startsWith(name) && rest.length > name.length) {
        rest = rest.slice(name.length);
        changed = true;
        break;
      }
    }
  }
  return rest;
}

export function personAdapter(pii: Pii, houses: Map<string, HouseRef>, names: string[]): Adapter {
  return {
    entity: 'person',
    table: 'people',
    columnTypes: COLUMN_TYPES.person,
    fields: ['name', 'phone', 'residency', 'address', 'moveInDate', 'tags'],
    prepare(values) {
      const key = addressKey(String(values.address));
      const house = houses.get(key) ?? houses.get(stripAreaNames(key, names));
      if (!house) return { ok: false, column: 'address', code: 'unknown_address' };
      const idNumber = String(values.idNumber);
      return {
        ok: true,
        row: {
          key: idNumber,
          values: { ...values, idHash: pii.hash(idNumber), houseId: house.houseId, gridCode: house.gridCode },
        },
      };
    },
    async findExisting(db, rows, lock) {
      const byHash = new Map(rows.map((r) => [r.values.idHash as string, r.key]));
      if (byHash.size === 0) return new Map();
      const found = await registry.peopleByIdHash(db, [...byHash.keys()], lock);
      return new Map(found.map((r) => [byHash.get(r.id_number_hash) as string, r as unknown as ExistingRow]));
    },
    current(row, field) {
      switch (field) {
        case 'name':
          return plain('name', row.name);
        case 'phone':
          return {
            cmp: (row.phone_hash as string | null) ?? null,
            shown: row.phone_mask ?? null,
            columns: { phone_enc: row.phone_enc, phone_hash: row.phone_hash, phone_mask: row.phone_mask },
          };
        case 'residency':
          return plain('residency', row.residency);
        case 'address':
          return {
            cmp: (row.house_id as string | null) ?? null,
            shown: row.house_id ?? null,
            columns: {
              house_id: row.house_id,
              grid_code: row.grid_code,
              household_id: row.household_id,
              relation: row.relation,
            },
          };
        case 'moveInDate':
          return plain('move_in_date', row.move_in_date);
        case 'tags': {
          const tags = [...((row.tags as string[]) ?? [])].sort();
          return { cmp: tags.join(','), shown: tags, columns: {} };
        }
        default:
          throw new Error(`person has no field ${field}`);
      }
    },
    incoming(row, field) {
      const v = row.values;
      switch (field) {
        case 'name':
          return v.name === undefined ? undefined : plain('name', v.name);
        case 'phone': {
          if (v.phone === undefined) return undefined;
          const phone = String(v.phone);
          const hash = pii.hash(phone);
          return {
            cmp: hash,
            shown: maskPhone(phone),
            // Encrypted only when written: most rows of a re-imported ledger change nothing.
            columns: {
              get phone_enc() {
                return pii.encrypt(phone);
              },
              phone_hash: hash,
              phone_mask: maskPhone(phone),
            },
          };
        }
        case 'residency':
          return v.residency === undefined ? undefined : plain('residency', v.residency);
        case 'address':
          return {
            cmp: String(v.houseId),
            shown: v.houseId,
            columns: { house_id: v.houseId, grid_code: v.gridCode, household_id: null, relation: null },
          };
        case 'moveInDate':
          return v.moveInDate === undefined ? undefined : plain('move_in_date', v.moveInDate);
        case 'tags':
          return v.tags === undefined ? undefined : { cmp: null, shown: v.tags, columns: {} };
        default:
          throw new Error(`person has no field ${field}`);
      }
    },
    insertColumns(row) {
      const v = row.values;
      const phone = v.phone === undefined ? null : String(v.phone);
      return {
        grid_code: v.gridCode,
        house_id: v.houseId,
        household_id: null,
        relation: null,
        name: v.name,
        id_number_enc: pii.encrypt(row.key),
        id_number_hash: v.idHash,
        id_number_mask: maskIdNumber(row.key),
        birth_date: v.birthDate,
        sex: v.sex,
        phone_enc: phone && pii.encrypt(phone),
        phone_hash: phone && pii.hash(phone),
        phone_mask: phone && maskPhone(phone),
        residency: v.residency ?? 'registered',
        move_in_date: v.moveInDate ?? null,
      };
    },
  };
}

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

function placeByPoint(
  locator: Locator,
  areaCode: string,
  values: Record<string, unknown>,
): { ok: true; gridCode: string } | { ok: false; column: string; code: string } {
  const grid = locator.locate(Number(values.lon), Number(values.lat));
  if (!grid || !isWithin(grid, areaCode)) return { ok: false, column: 'lon', code: 'outside_district' };
  return { ok: true, gridCode: grid };
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

export { areaNames };
