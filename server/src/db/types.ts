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

export interface Database {
  areas: AreasTable;
  area_history: AreaHistoryTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
}
