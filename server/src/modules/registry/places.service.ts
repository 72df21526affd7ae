import type { BuildingsTable, HousesTable } from '../../db/types.ts';
import { isWithin } from '../../geo/area-code.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { historyOf, insertHistory } from './history.repository.ts';
import type { Entity } from './history.ts';
import * as repo from './places.repository.ts';
import type {
  Building,
  BuildingsQuery,
  CreateBuildingBody,
  CreateHouseBody,
  House,
  HousesQuery,
  UpdateBuildingBody,
  UpdateHouseBody,
} from './places.schemas.ts';
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
import { fieldError } from './registry.messages.ts';
import { escapeLike } from './registry.text.ts';

type Meta = { id: string; version: number; created_at: Date; updated_at: Date };
type BuildingRow = BuildingsTable & Meta & { houses: number };
type HouseRow = HousesTable & Meta & { address: string; residents: number };

const toBuilding = (row: BuildingRow): Building =>
  recordOf(row, {
    name: row.name,
    address: row.address,
    lon: row.lon,
    lat: row.lat,
    floors: row.floors,
    houses: row.houses,
  });

const toHouse = (row: HouseRow): House =>
  recordOf(row, {
    buildingId: row.building_id,
    room: row.room,
    address: row.address,
    usage: row.usage,
    areaM2: row.area_m2,
    residents: row.residents,
  });

export const buildingKind: RecordKind<Building> = {
  entity: 'building',
  table: 'buildings',
  historyOf: (v) => ({
    gridCode: v.grid_code,
    name: v.name,
    address: v.address,
    lon: v.lon,
    lat: v.lat,
    floors: v.floors,
  }),
  load: async (ctx, caller, id) => {
    const row = await repo.findBuilding(ctx.db, id, caller.areaCode);
    return row && toBuilding(row as BuildingRow);
  },
};

export const houseKind: RecordKind<House> = {
  entity: 'house',
  table: 'houses',
  historyOf: (v) => ({
    gridCode: v.grid_code,
    buildingId: v.building_id,
    room: v.room,
    usage: v.usage,
    areaM2: v.area_m2,
  }),
  load: async (ctx, caller, id) => {
    const row = await repo.findHouse(ctx.db, id, caller.areaCode);
    return row && toHouse(row as HouseRow);
  },
};

export async function listBuildings(ctx: Context, auth: Auth | null, query: BuildingsQuery) {
  const caller = requirePermission(auth, 'registry.lookup');
  const scope = resolveScope(caller, query.areaCode);
  const text = query.q?.trim() ? escapeLike(query.q.trim()) : undefined;
  const { rows, total } = await repo.listBuildings(
    ctx.db,
    scope,
    { text, includeRetired: query.includeRetired },
    query,
    query.sort,
  );
  return { items: rows.map((r) => toBuilding(r as BuildingRow)), total };
}

export async function listHouses(ctx: Context, auth: Auth | null, query: HousesQuery) {
  const caller = requirePermission(auth, 'registry.lookup');
  const scope = resolveScope(caller, query.areaCode);
  const text = query.q?.trim() ? escapeLike(query.q.trim()) : undefined;
  const { rows, total } = await repo.listHouses(
    ctx.db,
    scope,
    { text, buildingId: query.buildingId, usage: query.usage, includeRetired: query.includeRetired },
    query,
    query.sort,
  );
  return { items: rows.map((r) => toHouse(r as HouseRow)), total };
}

export const getBuilding = (ctx: Context, auth: Auth | null, id: string) =>
  getRecord(ctx, requirePermission(auth, 'registry.lookup'), buildingKind, id);
export const getHouse = (ctx: Context, auth: Auth | null, id: string) =>
  getRecord(ctx, requirePermission(auth, 'registry.lookup'), houseKind, id);

export async function placeHistory(ctx: Context, auth: Auth | null, kind: 'building' | 'house', id: string) {
  requirePermission(auth, 'registry.read');
  await (kind === 'building' ? getBuilding : getHouse)(ctx, auth, id);
  return historyOf(ctx.db, id);
}

export async function createBuilding(ctx: Context, auth: Auth | null, input: CreateBuildingBody) {
  const caller = requirePermission(auth, 'registry.write');
  return createRecord(ctx, caller, buildingKind, {
    grid_code: await gridAt(ctx, caller, input.lon, input.lat),
    name: input.name.trim(),
    address: input.address.trim(),
    lon: input.lon,
    lat: input.lat,
    floors: input.floors ?? null,
  });
}

export async function updateBuilding(ctx: Context, auth: Auth | null, id: string, input: UpdateBuildingBody) {
  const caller = requirePermission(auth, 'registry.write');
  let from = '';
  return changeRecord(
    ctx,
    caller,
    buildingKind,
    id,
    input.version,
    async (current) => {
      from = current.grid_code;
      const lon = input.lon ?? (current.lon as number);
      const lat = input.lat ?? (current.lat as number);
      const moved = lon !== current.lon || lat !== current.lat;
      return {
        name: input.name?.trim(),
        address: input.address?.trim(),
        lon: input.lon,
        lat: input.lat,
        floors: input.floors,
        grid_code: moved ? await gridAt(ctx, caller, lon, lat) : undefined,
      };
    },
    {
      afterChange: async (trx, values) => {
        const to = values.grid_code as string | undefined;
        if (!to || to === from) return;
        const moved = await repo.replaceBuildingContents(trx, id, to);
        const entries = (['house', 'household', 'person'] as Entity[]).flatMap((entity, i) =>
          Object.values(moved)[i].map((r) => ({
            entity,
            recordId: r.id,
            version: r.version,
            changedBy: caller.userId,
            changes: { gridCode: [from, to] as [unknown, unknown] },
          })),
        );
        await insertHistory(trx, entries, { source: 'system', ref: `building:${id}` });
      },
    },
  );
}

export async function retireBuilding(
  ctx: Context,
  auth: Auth | null,
  id: string,
  input: { version: number; reason: string },
) {
  const caller = requirePermission(auth, 'registry.write');
  return retireRecord(ctx, caller, buildingKind, id, input.version, input.reason, async (trx) => {
    const houses = await repo.countActiveHouses(trx, id);
    if (houses > 0) throw new AppError('record_in_use', { count: houses });
  });
}

export async function createHouse(ctx: Context, auth: Auth | null, input: CreateHouseBody) {
  const caller = requirePermission(auth, 'registry.write');
  const building = await repo.activeBuilding(ctx.db, input.buildingId);
  if (!building || !isWithin(building.grid_code, caller.areaCode))
    throw fieldError('buildingId', 'not_found');
  return createRecord(ctx, caller, houseKind, {
    grid_code: building.grid_code,
    building_id: building.id,
    room: input.room.trim(),
    usage: input.usage,
    area_m2: input.areaM2 ?? null,
  });
}

export function updateHouse(ctx: Context, auth: Auth | null, id: string, input: UpdateHouseBody) {
  const caller = requirePermission(auth, 'registry.write');
  return changeRecord(ctx, caller, houseKind, id, input.version, async () => ({
    room: input.room?.trim(),
    usage: input.usage,
    area_m2: input.areaM2,
  }));
}

export async function retireHouse(
  ctx: Context,
  auth: Auth | null,
  id: string,
  input: { version: number; reason: string },
) {
  const caller = requirePermission(auth, 'registry.write');
  return retireRecord(ctx, caller, houseKind, id, input.version, input.reason, async (trx) => {
    const residents = await repo.countActiveResidents(trx, id);
    if (residents > 0) throw new AppError('record_in_use', { count: residents });
  });
}
