import type { Selectable } from 'kysely';
import type { OrgsTable } from '../../db/types.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { historyOf } from './history.repository.ts';
import { checkCreditCode, checkPhone } from './identity.ts';
import * as repo from './orgs.repository.ts';
import type { CreateOrgBody, Org, OrgsQuery, UpdateOrgBody } from './orgs.schemas.ts';
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
import { fieldError } from './registry.messages.ts';

type Row = Selectable<OrgsTable>;

function toOrg(row: Row): Org {
  return recordOf(row, {
    kind: row.kind,
    name: row.name,
    creditCode: row.credit_code,
    address: row.address,
    lon: row.lon,
    lat: row.lat,
    contactPhone: row.contact_phone,
    responsiblePerson: row.responsible_person,
  });
}

export const orgKind: RecordKind<Org> = {
  entity: 'org',
  table: 'orgs',
  historyOf: (v) => ({
    gridCode: v.grid_code,
    kind: v.kind,
    name: v.name,
    creditCode: v.credit_code,
    address: v.address,
    lon: v.lon,
    lat: v.lat,
    contactPhone: v.contact_phone,
    responsiblePerson: v.responsible_person,
  }),
  load: async (ctx, caller, id) => {
    const row = await findRecord(ctx.db, 'orgs', id, caller.areaCode);
    return row && toOrg(row as unknown as Row);
  },
};

/** `q` is a credit code when it is one, else a part of the name. */
export async function listOrgs(ctx: Context, auth: Auth | null, query: OrgsQuery) {
  const caller = requirePermission(auth, 'registry.lookup');
  const scope = resolveScope(caller, query.areaCode);
  const text = query.q?.trim();
  const code = text ? checkCreditCode(text) : null;
  const search = !text ? {} : code?.ok ? { creditCode: code.creditCode } : { name: text };
  const { rows, total } = await repo.listOrgs(
    ctx.db,
    scope,
    { ...search, kind: query.kind, includeRetired: query.includeRetired },
    query,
    query.sort,
  );
  return { items: rows.map((r) => toOrg(r as Row)), total };
}

export function getOrg(ctx: Context, auth: Auth | null, id: string) {
  return getRecord(ctx, requirePermission(auth, 'registry.lookup'), orgKind, id);
}

export async function orgHistory(ctx: Context, auth: Auth | null, id: string) {
  requirePermission(auth, 'registry.read');
  await getOrg(ctx, auth, id);
  return historyOf(ctx.db, id);
}

async function checkedCreditCode(ctx: Context, raw: string | null | undefined, exceptId?: string) {
  if (raw === undefined) return undefined;
  if (raw === null || raw.trim() === '') return null;
  const checked = checkCreditCode(raw);
  if (!checked.ok) throw fieldError('creditCode', checked.problem);
  const other = await repo.findActiveByCreditCode(ctx.db, checked.creditCode);
  if (other && other.id !== exceptId) throw new AppError('org_exists');
  return checked.creditCode;
}

function checkedPhone(raw: string | null | undefined) {
  if (raw === undefined || raw === null || raw.trim() === '') return raw === undefined ? undefined : null;
  const checked = checkPhone(raw);
  if (!checked.ok) throw fieldError('phone', checked.problem);
  return checked.phone;
}

export async function createOrg(ctx: Context, auth: Auth | null, input: CreateOrgBody) {
  const caller = requirePermission(auth, 'registry.write');
  return createRecord(ctx, caller, orgKind, {
    grid_code: await gridAt(ctx, caller, input.lon, input.lat),
    kind: input.kind.trim(),
    name: input.name.trim(),
    credit_code: (await checkedCreditCode(ctx, input.creditCode)) ?? null,
    address: input.address?.trim() || null,
    lon: input.lon,
    lat: input.lat,
    contact_phone: checkedPhone(input.contactPhone) ?? null,
    responsible_person: input.responsiblePerson?.trim() || null,
  });
}

export async function updateOrg(ctx: Context, auth: Auth | null, id: string, input: UpdateOrgBody) {
  const caller = requirePermission(auth, 'registry.write');
  return changeRecord(ctx, caller, orgKind, id, input.version, async (current) => {
    const lon = input.lon ?? (current.lon as number);
    const lat = input.lat ?? (current.lat as number);
    const moved = lon !== current.lon || lat !== current.lat;
    return {
      kind: input.kind?.trim(),
      name: input.name?.trim(),
      credit_code: await checkedCreditCode(ctx, input.creditCode, id),
      address: input.address === undefined ? undefined : input.address?.trim() || null,
      lon: input.lon,
      lat: input.lat,
      contact_phone: checkedPhone(input.contactPhone),
      responsible_person:
        input.responsiblePerson === undefined ? undefined : input.responsiblePerson?.trim() || null,
      grid_code: moved ? await gridAt(ctx, caller, lon, lat) : undefined,
    };
  });
}

export function retireOrg(
  ctx: Context,
  auth: Auth | null,
  id: string,
  input: { version: number; reason: string },
) {
  return retireRecord(
    ctx,
    requirePermission(auth, 'registry.write'),
    orgKind,
    id,
    input.version,
    input.reason,
  );
}
