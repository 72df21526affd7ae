import type { Db } from '../../db/database.ts';
import type { Pii } from '../../platform/pii.ts';
import { maskIdNumber, maskPhone } from '../registry/index.ts';
import * as registry from './adapters.repository.ts';
import {
  type Adapter,
  areaNames,
  COLUMN_TYPES,
  type ExistingRow,
  plain,
  stripAreaNames,
} from './adapters.ts';
import { addressKey } from './transforms.ts';

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
