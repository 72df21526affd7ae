import type { Static } from 'typebox';
import type * as households from '../../../server/src/modules/registry/households.schemas.ts';
import type * as orgs from '../../../server/src/modules/registry/orgs.schemas.ts';
import type * as people from '../../../server/src/modules/registry/people.schemas.ts';
import type * as places from '../../../server/src/modules/registry/places.schemas.ts';
import type * as registry from '../../../server/src/modules/registry/registry.schemas.ts';
import type * as tags from '../../../server/src/modules/registry/tags.schemas.ts';
import type * as things from '../../../server/src/modules/registry/things.schemas.ts';
import type * as permissions from '../../../server/src/platform/auth/permissions.ts';

// Types come from the server's schemas (docs/api-registry.md), so the two cannot drift apart.
export type Person = people.Person;
export type Household = households.Household;
export type Building = places.Building;
export type House = places.House;
export type Thing = things.Thing;
export type Org = orgs.Org;
export type TagList = Static<typeof tags.TagList>;
export type TagSetting = Static<typeof tags.TagSettings>['items'][number];
export type HistoryEntry = Static<typeof registry.HistoryResponse>['items'][number];

/** The six registry resources, as named in their routes (`/api/<resource>`). */
export interface RecordTypes {
  people: Person;
  households: Household;
  buildings: Building;
  houses: House;
  things: Thing;
  orgs: Org;
}
export type Resource = keyof RecordTypes;
export type AnyRecord = RecordTypes[Resource];

// The value lists are copied (the server's modules are not bundled); typed against the server's
// tuples, so a value added there fails the web's type check until it is added here too.
export const RESIDENCIES: typeof people.RESIDENCIES = ['registered', 'non_registered'];
export const RELATIONS: typeof people.RELATIONS = [
  'head',
  'spouse',
  'child',
  'parent',
  'grandchild',
  'other',
  'tenant',
];
export const PERSON_RETIRE_REASONS: typeof people.RETIRE_REASONS = ['moved_out', 'deceased', 'duplicate'];
export const HOUSE_USAGES: typeof places.HOUSE_USAGES = ['own_occupied', 'rented', 'vacant', 'commercial'];
/** Every staff role, in the order the server lists them (who may see a focus-group tag). */
export const ROLES: typeof permissions.ROLES = [
  'district_admin',
  'command_operator',
  'dept_handler',
  'area_leader',
  'grid_worker',
  'deputy',
  'resident',
  'audit_admin',
  'enforcement_officer',
  'legal_reviewer',
  'mediator',
  'party_admin',
  'partner',
];
export const THING_STATES: typeof things.THING_STATES = ['normal', 'damaged', 'missing', 'under_repair'];
export const AGE_BANDS = ['0-14', '15-59', '60-79', '80+'] as const;

/**
 * Component categories and organization kinds of the demo district
 * (server/src/modules/registry/catalogs.ts `THING_CATEGORIES`, `ORG_KINDS`); their names
 * are in the translations (`thing.category.*`, `org.kind.*`). Codes not listed show as they come.
 */
export const THING_CATEGORIES = [
  '010101',
  '010102',
  '010103',
  '010104',
  '010105',
  '010106',
  '010107',
  '010201',
  '010301',
  '010401',
  '020101',
  '020102',
  '020103',
  '020104',
  '020105',
  '030101',
  '030102',
  '030103',
  '030104',
  '040101',
  '040102',
  '060101',
  '060102',
] as const;
export const ORG_KINDS = [
  'party_branch',
  'social_org',
  'enterprise',
  'shop',
  'property_company',
  'owners_committee',
  'school',
  'hospital',
  'nursing_home',
] as const;

export type ListQuery = Record<string, string | number | undefined>;

/** The list's filters as the export link sends them: everything but the paging. */
export function exportUrl(resource: Resource, format: 'csv' | 'xlsx', query: ListQuery): string {
  const params = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(query)) {
    if (key === 'page' || key === 'pageSize' || value === undefined || value === '') continue;
    params.set(key, String(value));
  }
  return `/api/${resource}/export?${params}`;
}

/**
 * The fields of `next` that differ from `initial`, for a PATCH that carries only what the user
 * changed. Empty text counts as null (the server's "no value").
 */
export function changedFields(
  initial: Record<string, unknown>,
  next: Record<string, unknown>,
): Record<string, unknown> {
  const normal = (value: unknown) => {
    if (value === undefined || value === null || value === '') return null;
    if (Array.isArray(value)) return JSON.stringify([...value].sort());
    return JSON.stringify(value);
  };
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    if (normal(value) !== normal(initial[key])) changes[key] = value === '' ? null : value;
  }
  return changes;
}

/** Which fields two versions of a record disagree on (for "someone else changed …"). */
export function differingFields(a: object, b: object, ignore: readonly string[] = []): string[] {
  const skip = new Set(['version', 'updatedAt', 'createdAt', ...ignore]);
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  return Object.keys(right).filter(
    (key) => !skip.has(key) && JSON.stringify(left[key] ?? null) !== JSON.stringify(right[key] ?? null),
  );
}

/** A grid's code is 15 digits; district, street and community codes 12. */
export const isGridCode = (code: string) => /^\d{15}$/.test(code);
