import { type Kysely, sql } from 'kysely';

/**
 * The video network: cameras (GB/T 28181 device and channel IDs), the alarms they push (HTTP or
 * MQTT), the incidents alarms are folded into, and the rule per alarm type that decides whether an
 * incident becomes a case at once or waits on the alarm wall.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table cameras (
      id uuid primary key default gen_random_uuid(),
      device_id text not null check (device_id ~ '^[0-9]{20}$'),
      channel_id text check (channel_id ~ '^[0-9]{20}$'),
      name text not null,
      grid_code text not null references areas (code),
      lon double precision not null,
      lat double precision not null,
      -- Degrees from north the camera looks at; null for a dome camera that turns.
      direction smallint check (direction between 0 and 359),
      owner_department text,
      intelligent boolean not null default false,
      analysis_types text[] not null default '{}',
      status text not null default 'online' check (status in ('online', 'offline')),
      last_heartbeat_at timestamptz,
      -- The open component-fault case raised while the camera is offline.
      fault_case_id uuid references cases (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    -- A device has one row per channel (an NVR's channels share its device ID).
    create unique index cameras_device_uq on cameras (device_id, coalesce(channel_id, ''));
    create index cameras_channel_idx on cameras (channel_id);
    create index cameras_grid_idx on cameras (grid_code text_pattern_ops);

    create table camera_rules (
      alarm_type text primary key,
      name_zh text not null,
      name_en text not null,
      category_code text not null,
      min_score real not null default 0 check (min_score between 0 and 1),
      -- Empty: any zone; else the alarm must be in one of these.
      zones text[] not null default '{}',
      -- Hours of the day (district time) an alarm counts: from <= hour < to; from > to wraps midnight.
      hours_from smallint not null default 0 check (hours_from between 0 and 23),
      hours_to smallint not null default 24 check (hours_to between 1 and 24),
      mode text not null default 'confirm' check (mode in ('auto', 'confirm')),
      version integer not null default 1,
      updated_at timestamptz not null default now()
    );

    create table camera_incidents (
      id uuid primary key default gen_random_uuid(),
      camera_id uuid not null references cameras (id),
      alarm_type text not null,
      grid_code text not null,
      state text not null default 'open' check (state in ('open', 'ended')),
      -- pending: waits on the wall; case: made into a case; dismissed: a false alarm.
      decision text not null check (decision in ('pending', 'case', 'dismissed')),
      mode text not null check (mode in ('auto', 'confirm')),
      alarm_count integer not null default 1,
      throttled boolean not null default false,
      best_score real,
      snapshot_sha256 text,
      zones text[] not null default '{}',
      started_at timestamptz not null,
      last_alarm_at timestamptz not null,
      ended_at timestamptz,
      case_id uuid references cases (id),
      decided_by uuid references users (id),
      decided_at timestamptz,
      version integer not null default 1
    );
    -- Alarms of one camera and type arriving at once join one open incident, never two.
    create unique index camera_incidents_open_uq on camera_incidents (camera_id, alarm_type) where state = 'open';
    create index camera_incidents_camera_idx on camera_incidents (camera_id, started_at desc);
    create index camera_incidents_pending_idx on camera_incidents (grid_code text_pattern_ops) where decision = 'pending';
    create index camera_incidents_started_idx on camera_incidents (started_at desc);

    create table camera_alarms (
      id bigserial primary key,
      camera_id uuid not null references cameras (id),
      incident_id uuid references camera_incidents (id),
      alarm_type text not null,
      via text not null check (via in ('http', 'mqtt', 'demo')),
      -- What makes a delivery the same alarm: a redelivered MQTT message or a resent HTTP alarm.
      dedupe_key text not null,
      priority smallint,
      score real,
      zones text[] not null default '{}',
      phase text not null default 'new' check (phase in ('new', 'update', 'end')),
      description text,
      snapshot_sha256 text,
      -- Why the alarm made no incident (below the score, outside hours or zones).
      filtered text,
      occurred_at timestamptz not null,
      received_at timestamptz not null default now()
    );
    create unique index camera_alarms_dedupe_uq on camera_alarms (dedupe_key);
    create index camera_alarms_camera_idx on camera_alarms (camera_id, received_at desc);
    create index camera_alarms_incident_idx on camera_alarms (incident_id);

    insert into camera_rules (alarm_type, name_zh, name_en, category_code, min_score, hours_from, hours_to, mode) values
      ('street_vending', '占道经营游商', 'Street vending', 'street_vending', 0.6, 7, 22, 'confirm'),
      ('occupying_road', '店外经营', 'Business on the pavement', 'occupying_road', 0.6, 7, 22, 'confirm'),
      ('exposed_garbage', '垃圾暴露', 'Exposed garbage', 'exposed_garbage', 0.5, 0, 24, 'confirm'),
      ('overflowing_bin', '垃圾满溢', 'Overflowing bin', 'overflowing_bin', 0.5, 0, 24, 'auto'),
      ('illegal_parking', '违章停车', 'Illegal parking', 'illegal_parking', 0.7, 0, 24, 'confirm'),
      ('blocked_exit', '消防通道占用', 'Blocked fire lane', 'blocked_exit', 0.6, 0, 24, 'auto'),
      ('fire_smoke', '烟火', 'Smoke or fire', 'fire_hazard', 0.5, 0, 24, 'auto'),
      ('ebike_indoor', '电动车进楼', 'E-bike brought indoors', 'ebike_charging', 0.6, 0, 24, 'confirm'),
      ('construction_waste', '渣土撒漏', 'Spilled construction waste', 'construction_waste', 0.6, 0, 24, 'confirm');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table camera_alarms, camera_incidents, camera_rules, cameras`.execute(db);
}
