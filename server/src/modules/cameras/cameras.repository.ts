import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import type { CameraIncidentsTable, CamerasTable } from '../../db/types.ts';

type Insertable<T> = { [K in keyof T]?: unknown } & Record<string, unknown>;

// ---- cameras ----

export const cameraColumns = [
  'c.id',
  'c.device_id',
  'c.channel_id',
  'c.name',
  'c.grid_code',
  'c.lon',
  'c.lat',
  'c.direction',
  'c.owner_department',
  'c.intelligent',
  'c.analysis_types',
  'c.status',
  'c.last_heartbeat_at',
  'c.fault_case_id',
  'c.version',
] as const;

export type CameraRow = NonNullable<Awaited<ReturnType<typeof findCamera>>>;

export function findCamera(db: Db, id: string) {
  return db.selectFrom('cameras as c').select(cameraColumns).where('c.id', '=', id).executeTakeFirst();
}

/** The camera an alarm names: its channel ID, device ID (a device of one channel) or name. */
export function cameraByKey(db: Db, key: string) {
  return db
    .selectFrom('cameras as c')
    .select(cameraColumns)
    .where((eb) => eb.or([eb('c.channel_id', '=', key), eb('c.device_id', '=', key), eb('c.name', '=', key)]))
    .orderBy(sql`c.channel_id = ${key}`, 'desc')
    .orderBy('c.channel_id')
    .limit(1)
    .executeTakeFirst();
}

export function listCameras(
  db: Db,
  f: { areaCode: string; status?: string; intelligent?: boolean; q?: string; offset: number; limit: number },
) {
  const base = db
    .selectFrom('cameras as c')
    .where(inScope('c.grid_code', f.areaCode))
    .$if(f.status !== undefined, (q) => q.where('c.status', '=', f.status as 'online'))
    .$if(f.intelligent !== undefined, (q) => q.where('c.intelligent', '=', f.intelligent!))
    .$if(!!f.q, (q) =>
      q.where((eb) =>
        eb.or([
          eb('c.name', 'like', `%${f.q}%`),
          eb('c.device_id', 'like', `${f.q}%`),
          eb('c.channel_id', 'like', `${f.q}%`),
        ]),
      ),
    );
  return Promise.all([
    base
      .select(cameraColumns)
      .orderBy('c.grid_code')
      .orderBy('c.device_id')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
}

export function cameraPoints(db: Db, areaCode: string) {
  return db
    .selectFrom('cameras as c')
    .select(['c.id', 'c.name', 'c.lon', 'c.lat', 'c.status', 'c.intelligent'])
    .where(inScope('c.grid_code', areaCode))
    .orderBy('c.id')
    .execute();
}

/**
 * The cameras of an area for the command centre's map: where, online or not, and how many of their
 * incidents wait for a decision (the wall's "camera incidents to confirm", per camera).
 */
export async function camerasOnWall(db: Db, areaCode: string) {
  const rows = await db
    .selectFrom('cameras as c')
    .leftJoin(
      db
        .selectFrom('camera_incidents as i')
        .select(['i.camera_id', (eb) => eb.fn.countAll<string>().as('n')])
        .where('i.decision', '=', 'pending')
        .where(inScope('i.grid_code', areaCode))
        .groupBy('i.camera_id')
        .as('p'),
      'p.camera_id',
      'c.id',
    )
    .select(['c.id', 'c.name', 'c.grid_code', 'c.lon', 'c.lat', 'c.status', 'c.intelligent', 'p.n'])
    .where(inScope('c.grid_code', areaCode))
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    gridCode: r.grid_code,
    lon: r.lon,
    lat: r.lat,
    status: r.status,
    intelligent: r.intelligent,
    waiting: Number(r.n ?? 0),
  }));
}

/** Inserts cameras, or updates those whose device and channel IDs are known; returns how many were new. */
export async function upsertCameras(db: Db, rows: Insertable<CamerasTable>[]) {
  if (rows.length === 0) return { created: 0, updated: 0 };
  const result = await db
    .insertInto('cameras')
    .values(rows as never)
    .onConflict((oc) =>
      oc.expression(sql`device_id, coalesce(channel_id, '')`).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        grid_code: eb.ref('excluded.grid_code'),
        lon: eb.ref('excluded.lon'),
        lat: eb.ref('excluded.lat'),
        direction: eb.ref('excluded.direction'),
        owner_department: eb.ref('excluded.owner_department'),
        intelligent: eb.ref('excluded.intelligent'),
        analysis_types: eb.ref('excluded.analysis_types'),
        version: sql`cameras.version + 1`,
        updated_at: new Date(),
      })),
    )
    .returning(sql<boolean>`xmax = 0`.as('created'))
    .execute();
  const created = result.filter((r) => r.created).length;
  return { created, updated: result.length - created };
}

export function insertCamera(db: Db, row: Insertable<CamerasTable>) {
  return db
    .insertInto('cameras')
    .values(row as never)
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Alarms and heartbeats show a camera alive; a write at most every 30 s per camera. */
export function touchCameras(db: Db, ids: string[], at: Date) {
  return db
    .updateTable('cameras')
    .set({ last_heartbeat_at: at, status: 'online', fault_case_id: null })
    .where('id', 'in', ids)
    .where((eb) =>
      eb.or([
        eb('last_heartbeat_at', 'is', null),
        eb('last_heartbeat_at', '<', new Date(at.getTime() - 30_000)),
        eb('status', '=', 'offline'),
      ]),
    )
    .execute();
}

/** Cameras that report heartbeats and have been silent since `before`: now offline. */
export function markOffline(db: Db, before: Date) {
  return db
    .updateTable('cameras')
    .set({ status: 'offline', version: sql`version + 1`, updated_at: new Date() })
    .where('status', '=', 'online')
    .where('last_heartbeat_at', '<', before)
    .returning(['id', 'device_id', 'name', 'lon', 'lat', 'grid_code', 'owner_department'])
    .execute();
}

export function setFaultCase(db: Db, id: string, caseId: string) {
  return db.updateTable('cameras').set({ fault_case_id: caseId }).where('id', '=', id).execute();
}

// ---- rules ----

export function listRules(db: Db) {
  return db.selectFrom('camera_rules').selectAll().orderBy('alarm_type').execute();
}

export function upsertRule(db: Db, row: Insertable<CameraRulesRow>, version: number | undefined) {
  return db
    .insertInto('camera_rules')
    .values(row as never)
    .onConflict((oc) =>
      oc
        .column('alarm_type')
        .doUpdateSet({ ...(row as object), version: sql`camera_rules.version + 1`, updated_at: new Date() })
        .where(sql<boolean>`${version === undefined} or camera_rules.version = ${version ?? 0}`),
    )
    .returningAll()
    .executeTakeFirst();
}
type CameraRulesRow = Awaited<ReturnType<typeof listRules>>[number];

// ---- alarms and incidents ----

export interface AlarmRow {
  camera_id: string;
  alarm_type: string;
  via: 'http' | 'mqtt' | 'demo';
  dedupe_key: string;
  priority: number | null;
  score: number | null;
  zones: string[];
  phase: 'new' | 'update' | 'end';
  description: string | null;
  snapshot_sha256: string | null;
  filtered: string | null;
  occurred_at: Date;
}

/** Stores an alarm unless one with its dedupe key was stored before; its id, or undefined. */
export async function insertAlarm(db: Db, row: AlarmRow) {
  const saved = await db
    .insertInto('camera_alarms')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return saved?.id;
}

export function linkAlarm(db: Db, id: number, incidentId: string) {
  return db.updateTable('camera_alarms').set({ incident_id: incidentId }).where('id', '=', id).execute();
}

export async function alarmsInLastMinute(db: Db, cameraId: string, at: Date) {
  const row = await db
    .selectFrom('camera_alarms')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('camera_id', '=', cameraId)
    .where('received_at', '>', new Date(at.getTime() - 60_000))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Ends the camera's open incident of this type whose last alarm is older than the window. */
export function endStale(db: Db, cameraId: string, alarmType: string, before: Date) {
  return db
    .updateTable('camera_incidents')
    .set({ state: 'ended', ended_at: sql`last_alarm_at`, version: sql`version + 1` })
    .where('camera_id', '=', cameraId)
    .where('alarm_type', '=', alarmType)
    .where('state', '=', 'open')
    .where('last_alarm_at', '<', before)
    .execute();
}

export function openIncidentOfCamera(db: Db, cameraId: string) {
  return (
    db
      .selectFrom('camera_incidents')
      .select(['id', 'alarm_type'])
      .where('camera_id', '=', cameraId)
      .where('state', '=', 'open')
      // Once one incident takes the flood, it takes all of it.
      .orderBy('throttled', 'desc')
      .orderBy('last_alarm_at', 'desc')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst()
  );
}

const incidentReturning = ['id', 'decision', 'mode', 'case_id', 'alarm_type', 'state'] as const;

/**
 * The open incident of this camera and type, with this alarm counted in; a new one when none is
 * open. Two alarms at once meet on the partial unique index, so exactly one creates it.
 */
export function joinOrOpen(
  db: Db,
  row: Insertable<CameraIncidentsTable> & { snapshot_sha256: string | null },
) {
  return db
    .insertInto('camera_incidents')
    .values(row as never)
    .onConflict((oc) =>
      oc
        .columns(['camera_id', 'alarm_type'])
        // Written in, not a parameter: the index's predicate must be seen to match.
        .where(sql<boolean>`state = 'open'`)
        .doUpdateSet({
          alarm_count: sql`camera_incidents.alarm_count + 1`,
          last_alarm_at: sql`greatest(camera_incidents.last_alarm_at, excluded.last_alarm_at)`,
          best_score: sql`greatest(camera_incidents.best_score, excluded.best_score)`,
          snapshot_sha256: sql`case when excluded.snapshot_sha256 is not null and (camera_incidents.snapshot_sha256 is null
            or coalesce(excluded.best_score, 0) > coalesce(camera_incidents.best_score, 0))
            then excluded.snapshot_sha256 else camera_incidents.snapshot_sha256 end`,
          zones: sql`array(select distinct unnest(camera_incidents.zones || excluded.zones))`,
          throttled: sql`camera_incidents.throttled or excluded.throttled`,
          version: sql`camera_incidents.version + 1`,
        }),
    )
    .returning([...incidentReturning, sql<boolean>`xmax = 0`.as('created')])
    .executeTakeFirstOrThrow();
}

/** Counts a flood alarm into the camera's open incident (whatever its type). */
export function countInto(db: Db, id: string, at: Date) {
  return db
    .updateTable('camera_incidents')
    .set({
      alarm_count: sql`alarm_count + 1`,
      throttled: true,
      last_alarm_at: sql`greatest(last_alarm_at, ${at})`,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .returning(incidentReturning)
    .executeTakeFirst();
}

export function endIncident(db: Db, cameraId: string, alarmType: string, at: Date) {
  return db
    .updateTable('camera_incidents')
    .set({
      state: 'ended',
      ended_at: at,
      alarm_count: sql`alarm_count + 1`,
      last_alarm_at: sql`greatest(last_alarm_at, ${at})`,
      version: sql`version + 1`,
    })
    .where('camera_id', '=', cameraId)
    .where('alarm_type', '=', alarmType)
    .where('state', '=', 'open')
    .returning(incidentReturning)
    .executeTakeFirst();
}

/**
 * Takes the decision on a pending incident; undefined when it was taken already. The one caller
 * that gets the row makes the case. Alarms joining the incident meanwhile do not stand in the way.
 */
export function decide(db: Db, id: string, decision: 'case' | 'dismissed', by: string | null) {
  return db
    .updateTable('camera_incidents')
    .set({ decision, decided_by: by, decided_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('decision', '=', 'pending')
    .returning(['id', 'version'])
    .executeTakeFirst();
}

/** Gives a claimed incident back (the case could not be made). */
export function undecide(db: Db, id: string) {
  return db
    .updateTable('camera_incidents')
    .set({ decision: 'pending', decided_by: null, decided_at: null, version: sql`version + 1` })
    .where('id', '=', id)
    .where('case_id', 'is', null)
    .execute();
}

export function setIncidentCase(db: Db, id: string, caseId: string) {
  return db.updateTable('camera_incidents').set({ case_id: caseId }).where('id', '=', id).execute();
}

function selectIncidents(db: Db) {
  return db
    .selectFrom('camera_incidents as i')
    .innerJoin('cameras as c', 'c.id', 'i.camera_id')
    .leftJoin('camera_rules as r', 'r.alarm_type', 'i.alarm_type')
    .leftJoin('cases as k', 'k.id', 'i.case_id')
    .select([
      'i.id',
      'i.camera_id',
      'c.name as camera_name',
      'c.device_id',
      'c.lon',
      'c.lat',
      'i.grid_code',
      'i.alarm_type',
      'r.name_zh',
      'r.name_en',
      'i.state',
      'i.decision',
      'i.mode',
      'i.alarm_count',
      'i.throttled',
      'i.best_score',
      'i.snapshot_sha256',
      'i.zones',
      'i.started_at',
      'i.last_alarm_at',
      'i.ended_at',
      'i.case_id',
      'k.number as case_number',
      'i.decided_at',
      'i.version',
    ]);
}
export type IncidentRow = NonNullable<Awaited<ReturnType<typeof findIncident>>>;

export function findIncident(db: Db, id: string) {
  return selectIncidents(db).where('i.id', '=', id).executeTakeFirst();
}

export function listIncidents(
  db: Db,
  f: {
    areaCode: string;
    cameraId?: string;
    alarmType?: string;
    decision?: string;
    offset: number;
    limit: number;
  },
) {
  const base = (q: ReturnType<typeof selectIncidents>) =>
    q
      .where(inScope('i.grid_code', f.areaCode))
      .$if(!!f.cameraId, (q) => q.where('i.camera_id', '=', f.cameraId!))
      .$if(!!f.alarmType, (q) => q.where('i.alarm_type', '=', f.alarmType!))
      .$if(!!f.decision, (q) => q.where('i.decision', '=', f.decision as 'pending'));
  return Promise.all([
    base(selectIncidents(db)).orderBy('i.started_at', 'desc').offset(f.offset).limit(f.limit).execute(),
    base(selectIncidents(db))
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
}

export function alarmsOfCamera(db: Db, cameraId: string, limit: number) {
  return db
    .selectFrom('camera_alarms')
    .selectAll()
    .where('camera_id', '=', cameraId)
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
}

/** Incidents and dismissals per alarm type of one camera: the false-alarm rate rules are tuned by. */
export function statsOfCamera(db: Db, cameraId: string) {
  return db
    .selectFrom('camera_incidents')
    .select([
      'alarm_type',
      (eb) => eb.fn.countAll<string>().as('incidents'),
      sql<string>`count(*) filter (where decision = 'dismissed')`.as('dismissed'),
      sql<string>`count(*) filter (where decision <> 'pending')`.as('decided'),
    ])
    .where('camera_id', '=', cameraId)
    .groupBy('alarm_type')
    .orderBy('alarm_type')
    .execute();
}

export async function wallCounts(db: Db, areaCode: string, since: Date, weekAgo: Date) {
  const row = await db
    .selectFrom('camera_incidents as i')
    .select([
      sql<string>`count(*) filter (where decision = 'pending')`.as('pending'),
      sql<string>`count(*) filter (where started_at >= ${since})`.as('today'),
      sql<string>`count(*) filter (where started_at >= ${weekAgo} and started_at < ${new Date(weekAgo.getTime() + 86_400_000)})`.as(
        'lastWeek',
      ),
    ])
    .where(inScope('i.grid_code', areaCode))
    .executeTakeFirstOrThrow();
  const offline = await db
    .selectFrom('cameras as c')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(inScope('c.grid_code', areaCode))
    .where('c.status', '=', 'offline')
    .executeTakeFirstOrThrow();
  return {
    pending: Number(row.pending),
    today: Number(row.today),
    lastWeek: Number(row.lastWeek),
    offline: Number(offline.n),
  };
}
