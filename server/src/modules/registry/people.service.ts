import { inBatches } from '../../db/cursor.ts';
import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import type { Pii } from '../../platform/pii.ts';
import { historyOf, insertHistory, stampSources } from './history.repository.ts';
import { type ChangeSource, type Changes, createdChanges, diff } from './history.ts';
import { clearHead } from './households.repository.ts';
import { checkIdNumber, checkPhone, maskIdNumber, maskPhone } from './identity.ts';
import * as repo from './people.repository.ts';
import type {
  CreatePersonBody,
  PeopleQuery,
  Person,
  RetirePersonBody,
  RevealBody,
  UpdatePersonBody,
} from './people.schemas.ts';
import { recordOf } from './records.service.ts';
import { fieldError } from './registry.messages.ts';
import { maySeeTag, visibleAddress } from './registry.policy.ts';
import { normalisePersonName } from './registry.text.ts';

export interface Context {
  db: Db;
  pii: Pii;
}

const MANUAL: ChangeSource = { source: 'manual' };

function ageOn(birthDate: string, today = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  const age = today.getFullYear() - y;
  return today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d) ? age - 1 : age;
}

type Tag = Awaited<ReturnType<typeof repo.tagsOf>>[number];
function toPerson(
  row: NonNullable<Awaited<ReturnType<typeof repo.findPerson>>>,
  tags: Tag[],
  auth: Auth,
  lang: Lang,
): Person {
  const own = tags.filter((t) => t.person_id === row.id);
  return recordOf(row, {
    name: row.name,
    idNumber: row.id_number_mask,
    birthDate: row.birth_date,
    age: ageOn(row.birth_date),
    sex: row.sex,
    phone: row.phone_mask,
    residency: row.residency,
    houseId: row.house_id,
    householdId: row.household_id,
    relation: row.relation as Person['relation'],
    address: visibleAddress(row.address, own, auth),
    moveInDate: row.move_in_date,
    moveOutDate: row.move_out_date,
    tags: own
      .filter((t) => maySeeTag(auth, t))
      .map((t) => ({ code: t.code, name: lang === 'zh' ? t.name_zh : t.name_en })),
  });
}

export async function getPerson(ctx: Context, auth: Auth | null, id: string, lang: Lang): Promise<Person> {
  const caller = requirePermission(auth, 'registry.read');
  const row = await repo.findPerson(ctx.db, id, caller.areaCode);
  if (!row) throw new AppError('record_not_found');
  return toPerson(row, await repo.tagsOf(ctx.db, [id]), caller, lang);
}

/**
 * The full ID and phone number of one person in the caller's scope, for a stated purpose. Audited
 * before the numbers are answered: a reveal that cannot be recorded does not happen.
 */
export async function revealPerson(ctx: Context, auth: Auth | null, id: string, input: RevealBody) {
  const caller = requirePermission(auth, 'pii.reveal');
  const row = await repo.findSealedNumbers(ctx.db, id, caller.areaCode);
  const entry = {
    action: 'pii.reveal',
    targetType: 'person',
    targetId: id,
    detail: { purpose: input.purpose.trim() },
  };
  if (!row) {
    await audit(ctx.db, caller, { ...entry, result: 'denied' });
    throw new AppError('record_not_found');
  }
  await audit(ctx.db, caller, entry);
  return {
    idNumber: ctx.pii.decrypt(row.id_number_enc),
    phone: row.phone_enc ? ctx.pii.decrypt(row.phone_enc) : null,
  };
}

/** `q` is a name part, an exact ID number or an exact phone number, whichever it looks like. */
function searchFilter(ctx: Context, q: string | undefined): repo.PeopleFilter {
  const text = q?.trim();
  if (!text) return {};
  const id = checkIdNumber(text);
  if (id.ok) return { idNumberHash: ctx.pii.hash(id.idNumber) };
  const phone = checkPhone(text);
  if (phone.ok) return { phoneHash: ctx.pii.hash(phone.phone) };
  return { name: normalisePersonName(text) };
}

export async function listPeople(ctx: Context, auth: Auth | null, query: PeopleQuery, lang: Lang) {
  const caller = requirePermission(auth, 'registry.read');
  const scope = resolveScope(caller, query.areaCode);
  if (query.tag) {
    const tag = (await repo.allTags(ctx.db)).find((t) => t.code === query.tag);
    if (!tag || !maySeeTag(caller, tag)) return { items: [], total: 0 };
  }
  const { rows, total } = await repo.listPeople(
    ctx.db,
    scope,
    {
      ...searchFilter(ctx, query.q),
      tag: query.tag,
      residency: query.residency,
      houseId: query.houseId,
      buildingId: query.buildingId,
      householdId: query.householdId,
      includeRetired: query.includeRetired,
    },
    query,
    query.sort,
  );
  const tags = await repo.tagsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => toPerson(r, tags, caller, lang)), total };
}

/** People per batch of an export: a few megabytes of rows at a time, whatever the list's size. */
const EXPORT_BATCH = 2_000;

/**
 * The whole filtered list for an export, in batches, from one snapshot (REPEATABLE READ), so that
 * the rows counted are the rows sent while others keep writing. `begin` is told the count before
 * the first row is read (the export's audit entry): if it fails, nothing is sent. Stopping the
 * iteration (a client that went away) ends the transaction.
 */
export async function* exportPeople(
  ctx: Context,
  auth: Auth | null,
  query: PeopleQuery,
  lang: Lang,
  begin: (total: number) => Promise<void>,
): AsyncGenerator<Person[]> {
  const caller = requirePermission(auth, 'registry.read');
  const scope = resolveScope(caller, query.areaCode);
  const visibleTag =
    !query.tag || (await repo.allTags(ctx.db)).some((t) => t.code === query.tag && maySeeTag(caller, t));
  if (!visibleTag) {
    await begin(0);
    return;
  }
  const filter: repo.PeopleFilter = {
    ...searchFilter(ctx, query.q),
    tag: query.tag,
    residency: query.residency,
    houseId: query.houseId,
    buildingId: query.buildingId,
    householdId: query.householdId,
    includeRetired: query.includeRetired,
  };
  const withTags = async (db: Db, rows: repo.PersonRow[]) => {
    const tags = await repo.tagsOf(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => toPerson(r, tags, caller, lang));
  };
  const trx = await ctx.db
    .startTransaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute();
  try {
    await begin(await repo.countPeople(trx, scope, filter));
    const sort = query.sort ?? 'name';
    // The first batch from the index, at once (a few milliseconds); the rest through a cursor that
    // PostgreSQL plans for all of it (one sort over a scan, about a second, while the client
    // takes the first batch). Batch after batch from the index would fetch each person from a
    // random place on disk: a fifth of the rate.
    const first = await repo.peopleAfter(trx, scope, filter, sort, null, EXPORT_BATCH).execute();
    if (first.length > 0) yield await withTags(trx, first);
    if (first.length === EXPORT_BATCH) {
      const last = first[first.length - 1];
      const rest = repo.peopleAfter(trx, scope, filter, sort, { key: last.sort_key, id: last.id });
      for await (const rows of inBatches(trx, rest, EXPORT_BATCH)) yield await withTags(trx, rows);
    }
    await trx.commit().execute();
  } finally {
    if (!trx.isCommitted) await trx.rollback().execute();
  }
}

export async function personHistory(ctx: Context, auth: Auth | null, id: string) {
  const caller = requirePermission(auth, 'registry.read');
  if (!(await repo.findPerson(ctx.db, id, caller.areaCode))) throw new AppError('record_not_found');
  return historyOf(ctx.db, id);
}

/** Where the person lives decides their grid: the house's, or the grid given for someone without one. */
async function placement(
  db: Db,
  caller: Auth,
  input: { houseId?: string | null; householdId?: string | null; gridCode?: string },
): Promise<string> {
  if (input.householdId) {
    const household = await repo.findHousehold(db, input.householdId);
    if (!household || household.retired_at || !isWithin(household.grid_code, caller.areaCode)) {
      throw fieldError('householdId', 'not_found');
    }
    if (input.houseId && household.house_id !== input.houseId)
      throw fieldError('householdId', 'not_in_house');
  }
  if (input.houseId) {
    const house = await repo.findHouseForPerson(db, input.houseId);
    if (!house || house.retired_at || !isWithin(house.grid_code, caller.areaCode))
      throw fieldError('houseId', 'not_found');
    return house.grid_code;
  }
  if (!input.gridCode) throw fieldError('gridCode', 'required');
  if (!isWithin(input.gridCode, caller.areaCode) || !(await repo.activeGridExists(db, input.gridCode))) {
    throw fieldError('gridCode', 'not_found');
  }
  return input.gridCode;
}

async function checkTags(db: Db, caller: Auth, tags: string[]) {
  const known = new Map((await repo.allTags(db)).map((t) => [t.code, t]));
  for (const code of tags) {
    const tag = known.get(code);
    if (!tag) throw fieldError('tags', 'unknown_tag', { tag: code });
    if (!maySeeTag(caller, tag)) throw fieldError('tags', 'tag_not_allowed', { tag: code });
  }
}

function sealIdNumber(ctx: Context, raw: string) {
  const checked = checkIdNumber(raw);
  if (!checked.ok) throw fieldError('idNumber', checked.problem);
  return {
    values: {
      id_number_enc: ctx.pii.encrypt(checked.idNumber),
      id_number_hash: ctx.pii.hash(checked.idNumber),
      id_number_mask: maskIdNumber(checked.idNumber),
      birth_date: checked.birthDate,
      sex: checked.sex,
    },
  };
}

function sealPhone(ctx: Context, raw: string | null) {
  if (raw === null || raw.trim() === '') return { phone_enc: null, phone_hash: null, phone_mask: null };
  const checked = checkPhone(raw);
  if (!checked.ok) throw fieldError('phone', checked.problem);
  return {
    phone_enc: ctx.pii.encrypt(checked.phone),
    phone_hash: ctx.pii.hash(checked.phone),
    phone_mask: maskPhone(checked.phone),
  };
}

export async function createPerson(
  ctx: Context,
  auth: Auth | null,
  input: CreatePersonBody,
  lang: Lang,
  source: ChangeSource = MANUAL,
): Promise<Person> {
  const caller = requirePermission(auth, 'registry.write');
  const id = sealIdNumber(ctx, input.idNumber);
  const phone = sealPhone(ctx, input.phone ?? null);
  const tags = input.tags ?? [];
  const personId = await ctx.db.transaction().execute(async (trx) => {
    const gridCode = await placement(trx, caller, input);
    await checkTags(trx, caller, tags);
    if (await repo.findByIdNumberHash(trx, id.values.id_number_hash)) throw new AppError('person_exists');
    const values = {
      grid_code: gridCode,
      house_id: input.houseId ?? null,
      household_id: input.householdId ?? null,
      relation: input.relation ?? null,
      name: normalisePersonName(input.name),
      residency: input.residency,
      move_in_date: input.moveInDate ?? null,
      ...id.values,
      ...phone,
    };
    const [created] = await repo.insertPeople(trx, [values]);
    await repo.replaceTags(trx, created.id, tags);
    await insertHistory(
      trx,
      [
        {
          entity: 'person',
          recordId: created.id,
          version: 1,
          changedBy: caller.userId,
          changes: createdChanges({ ...publicValues(values), tags: tags.length ? tags : undefined }),
        },
      ],
      source,
    );
    await audit(trx, caller, {
      action: 'registry.create',
      targetType: 'person',
      targetId: created.id,
      detail: {
        fields: Object.keys(createdChanges(publicValues(values))).concat(tags.length ? ['tags'] : []),
        source: source.source,
      },
    });
    return created.id;
  });
  return getPerson(ctx, caller, personId, lang);
}

/** The fields as history keeps them: masks, never the plain or encrypted numbers. */
function publicValues(v: Partial<repo.NewPerson>) {
  return {
    gridCode: v.grid_code,
    houseId: v.house_id,
    householdId: v.household_id,
    relation: v.relation,
    name: v.name,
    idNumber: v.id_number_mask,
    phone: v.phone_mask,
    residency: v.residency,
    moveInDate: v.move_in_date,
  };
}

export async function updatePerson(
  ctx: Context,
  auth: Auth | null,
  id: string,
  input: UpdatePersonBody,
  lang: Lang,
  source: ChangeSource = MANUAL,
): Promise<Person> {
  const caller = requirePermission(auth, 'registry.write');
  await ctx.db.transaction().execute(async (trx) => {
    const current = await repo.lockPerson(trx, id);
    if (!current || !isWithin(current.grid_code, caller.areaCode)) throw new AppError('record_not_found');
    if (current.version !== input.version) throw await conflict(ctx, caller, id, lang);
    if (current.retired_at) throw new AppError('record_retired');

    const next: Partial<repo.NewPerson> = {
      name: input.name === undefined ? undefined : normalisePersonName(input.name),
      residency: input.residency,
      relation: input.relation,
      move_in_date: input.moveInDate,
      household_id: input.householdId,
      house_id: input.houseId,
      ...(input.idNumber !== undefined && sealIdNumber(ctx, input.idNumber).values),
      ...(input.phone !== undefined && sealPhone(ctx, input.phone)),
    };
    if (input.houseId !== undefined || input.householdId !== undefined) {
      const houseId = input.houseId !== undefined ? input.houseId : current.house_id;
      next.grid_code = await placement(trx, caller, {
        houseId,
        householdId: input.householdId !== undefined ? input.householdId : current.household_id,
        gridCode: houseId ? undefined : current.grid_code,
      });
    }
    if (next.id_number_hash && next.id_number_hash !== current.id_number_hash) {
      if (await repo.findByIdNumberHash(trx, next.id_number_hash)) throw new AppError('person_exists');
    }
    const changes: Changes = diff(publicValues(current), publicValues(next));
    if (input.tags !== undefined) {
      await checkTags(trx, caller, input.tags);
      const before = (await repo.tagsOf(trx, [id])).map((t) => t.code).sort();
      const after = [...input.tags].sort();
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        changes.tags = [before, after];
        await repo.replaceTags(trx, id, input.tags);
      }
    }
    if (Object.keys(changes).length === 0) return;
    const changed = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined));
    const updated = await repo.updatePerson(
      trx,
      id,
      input.version,
      changed,
      stampSources(changes, source, caller.userId),
    );
    if (!updated) throw await conflict(ctx, caller, id, lang);
    if (next.household_id !== undefined && next.household_id !== current.household_id)
      await releaseHead(trx, id, caller.userId);
    await insertHistory(
      trx,
      [{ entity: 'person', recordId: id, version: updated.version, changedBy: caller.userId, changes }],
      source,
    );
    await audit(trx, caller, {
      action: 'registry.update',
      targetType: 'person',
      targetId: id,
      detail: { fields: Object.keys(changes), source: source.source },
    });
  });
  return getPerson(ctx, caller, id, lang);
}

async function conflict(ctx: Context, caller: Auth, id: string, lang: Lang): Promise<AppError> {
  const current = await getPerson(ctx, caller, id, lang);
  return new AppError('version_conflict', { currentVersion: current.version }, { current });
}

/**
 * A head who leaves their household (moves out, dies, joins another household) heads it no more:
 * the household is left without a head, in its history, for the grid worker to name a new one.
 */
export async function releaseHead(trx: Db, personId: string, userId: string | null) {
  const released = await clearHead(trx, personId);
  await insertHistory(
    trx,
    released.map((h) => ({
      entity: 'household' as const,
      recordId: h.id,
      version: h.version,
      changedBy: userId,
      changes: { headId: [personId, null] as [unknown, unknown] },
    })),
    { source: 'system', ref: `head_left:${personId}` },
  );
}

export async function retirePerson(
  ctx: Context,
  auth: Auth | null,
  id: string,
  input: RetirePersonBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'registry.write');
  await ctx.db.transaction().execute(async (trx) => {
    const current = await repo.lockPerson(trx, id);
    if (!current || !isWithin(current.grid_code, caller.areaCode)) throw new AppError('record_not_found');
    if (current.version !== input.version) throw await conflict(ctx, caller, id, lang);
    if (current.retired_at) throw new AppError('record_retired');
    const date = input.date ?? new Date().toISOString().slice(0, 10);
    const updated = await repo.retirePerson(trx, id, input.version, input.reason, date);
    if (!updated) throw await conflict(ctx, caller, id, lang);
    await releaseHead(trx, id, caller.userId);
    await insertHistory(
      trx,
      [
        {
          entity: 'person',
          recordId: id,
          version: updated.version,
          changedBy: caller.userId,
          changes: {
            retired: [null, input.reason],
            ...(input.reason === 'moved_out' && { moveOutDate: [null, date] }),
          },
        },
      ],
      MANUAL,
    );
    await audit(trx, caller, {
      action: 'registry.retire',
      targetType: 'person',
      targetId: id,
      detail: { reason: input.reason },
    });
  });
  return getPerson(ctx, caller, id, lang);
}
