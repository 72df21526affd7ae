import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { AreaLevel, Boundary } from '../geo/geojson.ts';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface AreasTable {
  code: string;
  name: string;
  level: AreaLevel;
  parent_code: string | null;
  boundary: JSONColumnType<Boundary>;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  head_id: string | null;
  households: number | null;
  population: number | null;
  retired_at: Date | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AreaHistoryTable {
  id: Generated<number>;
  area_code: string;
  version: number;
  changed_at: CreatedAt;
  changed_by: string | null;
  source: string;
  changes: JSONColumnType<Record<string, [unknown, unknown]>>;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  area_code: string;
  status: Generated<'active' | 'disabled'>;
  must_change_password: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a database leak does not hand out live sessions. */
  id: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
  last_seen_at: Date;
  expires_at: Date;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  username: string;
  ip: string;
  succeeded: boolean;
  attempted_at: CreatedAt;
}

/** Columns every registry table has: placed in a grid, versioned, retired rather than deleted. */
interface RegistryRow {
  id: Generated<string>;
  grid_code: string;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  retired_at: Date | null;
  retired_reason: string | null;
}

export interface TagsTable {
  code: string;
  name_zh: string;
  name_en: string;
  visible_to: string[] | null;
  sort: Generated<number>;
}

export interface BuildingsTable extends RegistryRow {
  name: string;
  address: string;
  lon: number;
  lat: number;
  floors: number | null;
}

export interface HousesTable extends RegistryRow {
  building_id: string;
  room: string;
  usage: 'own_occupied' | 'rented' | 'vacant' | 'commercial';
  area_m2: number | null;
}

export interface HouseholdsTable extends RegistryRow {
  house_id: string;
  head_id: string | null;
}

export interface PeopleTable extends RegistryRow {
  house_id: string | null;
  household_id: string | null;
  relation: string | null;
  name: string;
  id_number_enc: string;
  id_number_hash: string;
  id_number_mask: string;
  birth_date: string;
  sex: 'male' | 'female';
  phone_enc: string | null;
  phone_hash: string | null;
  phone_mask: string | null;
  residency: 'registered' | 'non_registered';
  move_in_date: string | null;
  move_out_date: string | null;
}

export interface PersonTagsTable {
  person_id: string;
  tag_code: string;
  created_at: CreatedAt;
}

export interface ThingsTable extends RegistryRow {
  category: string;
  name: string;
  lon: number;
  lat: number;
  owner_department: string | null;
  state: 'normal' | 'damaged' | 'missing' | 'under_repair';
}

export interface OrgsTable extends RegistryRow {
  kind: string;
  name: string;
  credit_code: string | null;
  address: string | null;
  lon: number | null;
  lat: number | null;
  contact_phone: string | null;
  responsible_person: string | null;
}

export interface RegistryHistoryTable {
  id: Generated<number>;
  entity: string;
  record_id: string;
  version: number;
  changed_at: CreatedAt;
  changed_by: string | null;
  source: string;
  source_ref: string | null;
  changes: JSONColumnType<Record<string, [unknown, unknown]>>;
}

export interface SettingsTable {
  key: string;
  value: JSONColumnType<object>;
  updated_at: UpdatedAt;
  updated_by: string | null;
}

export interface Database {
  areas: AreasTable;
  area_history: AreaHistoryTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  tags: TagsTable;
  buildings: BuildingsTable;
  houses: HousesTable;
  households: HouseholdsTable;
  people: PeopleTable;
  person_tags: PersonTagsTable;
  things: ThingsTable;
  orgs: OrgsTable;
  registry_history: RegistryHistoryTable;
  settings: SettingsTable;
}
