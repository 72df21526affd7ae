import type { HouseholdsTable } from '../../db/types.ts';
import { isWithin } from '../../geo/area-code.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { historyOf, insertHistory } from './history.repository.ts';
import * as repo from './households.repository.ts';
import type {
  CreateHouseholdBody,
  Household,
  HouseholdsQuery,
  UpdateHouseholdBody,
} from './households.schemas.ts';
import {
  type Context,
  changeRecord,
  createRecord,
  getRecord,
  type RecordKind,
  recordOf,
  retireRecord,
} from './records.service.ts';
import { fieldError } from './registry.messages.ts';
import { escapeLike } from './registry.text.ts';

type Row = HouseholdsTable & { id: string; version: number; created_at: Date; updated_at: Date } & {
  address: string;
  head_name: string | null;
  members: number;
};

const toHousehold = (row: Row): Household =>
  recordOf(row, {
    houseId: row.house_id,
    address: row.address,
    headId: row.head_id,
    headName: row.head_name,
    members: row.members,
  });

export const householdKind: RecordKind<Household> = {
  entity: 'household',
  table: 'households',
  historyOf: (v) => ({ gridCode: v.grid_code, houseId: v.house_id, headId: v.head_id }),
  load: async (ctx, caller, id) => {
    const row = await repo.findHousehold(ctx.db, id, caller.areaCode);
    return row && toHousehold(row as Row);
  },
};

export async function listHouseholds(ctx: Context, auth: Auth | null, query: HouseholdsQuery) {
  const caller = requirePermission(auth, 'registry.read');
  const scope = resolveScope(caller, query.areaCode);
  const text = query.q?.trim() ? escapeLike(query.q.trim()) : undefined;
  const { rows, total } = await repo.listHouseholds(
    ctx.db,
    scope,
    { text, houseId: query.houseId, includeRetired: query.includeRetired },
    query,
    query.sort,
  );
  return { items: rows.map((r) => toHousehold(r as Row)), total };
}

export const getHousehold = (ctx: Context, auth: Auth | null, id: string) =>
  getRecord(ctx, requirePermission(auth, 'registry.read'), householdKind, id);

export async function householdHistory(ctx: Context, auth: Auth | null, id: string) {
  await getHousehold(ctx, auth, id);
  return historyOf(ctx.db, id);
}

async function houseFor(ctx: Context, caller: Auth, houseId: string) {
  const house = await repo.activeHouse(ctx.db, houseId);
  if (!house || !isWithin(house.grid_code, caller.areaCode)) throw fieldError('houseId', 'not_found');
  return house;
}

export async function createHousehold(ctx: Context, auth: Auth | null, input: CreateHouseholdBody) {
  const caller = requirePermission(auth, 'registry.write');
  const house = await houseFor(ctx, caller, input.houseId);
  return createRecord(ctx, caller, householdKind, {
    grid_code: house.grid_code,
    house_id: house.id,
    head_id: null,
  });
}

export async function updateHousehold(
  ctx: Context,
  auth: Auth | null,
  id: string,
  input: UpdateHouseholdBody,
) {
  const caller = requirePermission(auth, 'registry.write');
  let from: string | null = null;
  return changeRecord(
    ctx,
    caller,
    householdKind,
    id,
    input.version,
    async (current, trx) => {
      from = current.house_id as string;
      if (input.headId && !(await repo.isMember(trx, id, input.headId)))
        throw fieldError('headId', 'not_a_member');
      const house =
        input.houseId && input.houseId !== current.house_id
          ? await houseFor(ctx, caller, input.houseId)
          : null;
      return { head_id: input.headId, house_id: house?.id, grid_code: house?.grid_code };
    },
    {
      // The members move with their household.
      afterChange: async (trx, values) => {
        if (!values.house_id) return;
        const moved = await repo.moveMembers(trx, id, values.house_id as string, values.grid_code as string);
        await insertHistory(
          trx,
          moved.map((m) => ({
            entity: 'person' as const,
            recordId: m.id,
            version: m.version,
            changedBy: caller.userId,
            changes: { houseId: [from, m.house_id] as [unknown, unknown] },
          })),
          { source: 'system', ref: `household:${id}` },
        );
      },
    },
  );
}

export async function retireHousehold(
  ctx: Context,
  auth: Auth | null,
  id: string,
  input: { version: number; reason: string },
) {
  const caller = requirePermission(auth, 'registry.write');
  return retireRecord(ctx, caller, householdKind, id, input.version, input.reason, async (trx) => {
    const members = await repo.countMembers(trx, id);
    if (members > 0) throw new AppError('record_in_use', { count: members });
  });
}
