import type { Db } from '../../db/database.ts';
import type { FieldSources, LedgerEntity } from '../../db/types.ts';
import { isWithin } from '../../geo/area-code.ts';
import type { Locator } from '../../geo/locator.ts';
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

export const same = (value: unknown): FieldValue => ({
  cmp: value === null || value === undefined ? null : String(value),
  shown: value ?? null,
  columns: {},
});

export function plain(column: string, value: unknown): FieldValue {
  return { ...same(value), columns: { [column]: value ?? null } };
}

// ---------------------------------------------------------------------------------------------
// Placing a row: the area names that prefix addresses, and points in the area

export async function areaNames(db: Db): Promise<string[]> {
  const rows = await registry.areaNameRows(db);
  return [...new Set(rows.map((r) => addressKey(r.name)))]
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
}

export function stripAreaNames(key: string, names: string[]): string {
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

export function placeByPoint(
  locator: Locator,
  areaCode: string,
  values: Record<string, unknown>,
): { ok: true; gridCode: string } | { ok: false; column: string; code: string } {
  const grid = locator.locate(Number(values.lon), Number(values.lat));
  if (!grid || !isWithin(grid, areaCode)) return { ok: false, column: 'lon', code: 'outside_district' };
  return { ok: true, gridCode: grid };
}
