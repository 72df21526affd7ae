import type { Selectable } from 'kysely';
import type { ThingsTable } from '../../db/types.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { historyOf } from './history.repository.ts';
import { findRecord } from './records.repository.ts';
import {
  type Context,
  changeRecord,
  createRecord,
  getRecord,
  gridAt,
  type RecordKind,
  recordOf,
  retireRecord,
} from './records.service.ts';
import { escapeLike } from './registry.text.ts';
import * as repo from './things.repository.ts';
import type { CreateThingBody, Thing, ThingsQuery, UpdateThingBody } from './things.schemas.ts';

type Row = Selectable<ThingsTable>;

function toThing(row: Row): Thing {
  return recordOf(row, {
    category: row.category,
    name: row.name,
    lon: row.lon,
    lat: row.lat,
    ownerDepartment: row.owner_department,
    state: row.state,
  });
}

export const thingKind: RecordKind<Thing> = {
  entity: 'thing',
  table: 'things',
  historyOf: (v) => ({
    gridCode: v.grid_code,
    category: v.category,
    name: v.name,
    lon: v.lon,
    lat: v.lat,
    ownerDepartment: v.owner_department,
    state: v.state,
  }),
  load: async (ctx, caller, id) => {
    const row = await findRecord(ctx.db, 'things', id, caller.areaCode);
    return row && toThing(row as unknown as Row);
  },
};

export async function listThings(ctx: Context, auth: Auth | null, query: ThingsQuery) {
  const caller = requirePermission(auth, 'registry.lookup');
  const scope = resolveScope(caller, query.areaCode);
  const { rows, total } = await repo.listThings(
    ctx.db,
    scope,
    {
      name: query.q?.trim() ? escapeLike(query.q.trim()) : undefined,
      category: query.category,
      state: query.state,
      includeRetired: query.includeRetired,
    },
    query,
    query.sort,
  );
  return { items: rows.map((r) => toThing(r as Row)), total };
}

export function getThing(ctx: Context, auth: Auth | null, id: string) {
  return getRecord(ctx, requirePermission(auth, 'registry.lookup'), thingKind, id);
}

export async function thingHistory(ctx: Context, auth: Auth | null, id: string) {
  requirePermission(auth, 'registry.read');
  await getThing(ctx, auth, id);
  return historyOf(ctx.db, id);
}

export async function createThing(ctx: Context, auth: Auth | null, input: CreateThingBody) {
  const caller = requirePermission(auth, 'registry.write');
  return createRecord(ctx, caller, thingKind, {
    grid_code: await gridAt(ctx, caller, input.lon, input.lat),
    category: input.category.trim(),
    name: input.name.trim(),
    lon: input.lon,
    lat: input.lat,
    owner_department: input.ownerDepartment ?? null,
    state: input.state ?? 'normal',
  });
}

export async function updateThing(ctx: Context, auth: Auth | null, id: string, input: UpdateThingBody) {
  const caller = requirePermission(auth, 'registry.write');
  return changeRecord(ctx, caller, thingKind, id, input.version, async (current) => {
    const lon = input.lon ?? (current.lon as number);
    const lat = input.lat ?? (current.lat as number);
    const moved = lon !== current.lon || lat !== current.lat;
    return {
      category: input.category?.trim(),
      name: input.name?.trim(),
      lon: input.lon,
      lat: input.lat,
      owner_department: input.ownerDepartment,
      state: input.state,
      // Moving a component re-places it in the grid under its new position.
      grid_code: moved ? await gridAt(ctx, caller, lon, lat) : undefined,
    };
  });
}

export function retireThing(
  ctx: Context,
  auth: Auth | null,
  id: string,
  input: { version: number; reason: string },
) {
  return retireRecord(
    ctx,
    requirePermission(auth, 'registry.write'),
    thingKind,
    id,
    input.version,
    input.reason,
  );
}
