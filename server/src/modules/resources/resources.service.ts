import type { Db } from '../../db/database.ts';
import { isWithin, levelOfCode } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { communitiesIn } from '../areas/index.ts';
import { fieldError } from './resources.messages.ts';
import * as repo from './resources.repository.ts';
import type { FundInput, PersonInput, RoomInput, Summary } from './resources.schemas.ts';

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) / 100 : null);

function readScope(auth: Auth | null, areaCode: string | undefined) {
  if (!auth) throw new AppError('unauthenticated');
  if (!auth.permissions.includes('command.read') && !auth.permissions.includes('resources.write'))
    throw new AppError('forbidden');
  const area = resolveScope(auth, areaCode);
  // Resources belong to communities: a grid's are its community's.
  return levelOfCode(area) === 'grid' ? area.slice(0, 12) : area;
}

/** The writer's community must be a current community in their area (422 naming the field). */
async function writableCommunity(db: Db, auth: Auth | null, communityCode: string) {
  if (!auth) throw new AppError('unauthenticated');
  if (!auth.permissions.includes('resources.write')) throw new AppError('forbidden');
  if (!isWithin(communityCode, auth.areaCode)) throw fieldError('communityCode', 'outside_scope');
  const found = await communitiesIn(db, communityCode);
  if (found.length !== 1) throw fieldError('communityCode', 'outside_scope');
}

/**
 * Per community of an area and a year: funds allocated and spent (and the share spent), per
 * household and per grid, people sunk and m² of rooms; and the area's totals and categories.
 * Communities with nothing entered are listed with zeros, so the comparison shows the gaps.
 */
export async function summary(
  db: Db,
  auth: Auth | null,
  input: { areaCode?: string; year: number },
  now = new Date(),
) {
  const area = readScope(auth, input.areaCode);
  return computeSummary(db, area, input.year, now);
}

export async function computeSummary(db: Db, area: string, year: number, now = new Date()): Promise<Summary> {
  const [communities, totals, byCategory] = await Promise.all([
    communitiesIn(db, area),
    repo.totalsByCommunity(db, area, year),
    repo.totalsByCategory(db, area, year),
  ]);
  const byCode = new Map(totals.map((t) => [t.community_code, t]));
  const facts = (
    t: { allocated: number; spent: number; people: number; roomsM2: number },
    households: number,
    grids: number,
  ) => ({
    allocated: t.allocated,
    spent: t.spent,
    spentShare: ratio(t.spent, t.allocated),
    households,
    grids,
    allocatedPerHousehold: ratio(t.allocated, households),
    spentPerHousehold: ratio(t.spent, households),
    allocatedPerGrid: ratio(t.allocated, grids),
    spentPerGrid: ratio(t.spent, grids),
    people: t.people,
    roomsM2: t.roomsM2,
  });
  const rows = communities.map((c) => {
    const t = byCode.get(c.code);
    return {
      code: c.code,
      name: c.name,
      ...facts(
        {
          allocated: t?.allocated ?? 0,
          spent: t?.spent ?? 0,
          people: t?.people ?? 0,
          roomsM2: t?.rooms_m2 ?? 0,
        },
        c.households,
        c.grids,
      ),
    };
  });
  const sum = (key: 'allocated' | 'spent' | 'people' | 'roomsM2' | 'households' | 'grids') =>
    rows.reduce((s, r) => s + r[key], 0);
  return {
    year,
    areaCode: area,
    computedAt: now.toISOString(),
    refreshSeconds: 3600,
    communities: rows,
    byCategory,
    total: facts(
      { allocated: sum('allocated'), spent: sum('spent'), people: sum('people'), roomsM2: sum('roomsM2') },
      sum('households'),
      sum('grids'),
    ),
  };
}

const fundView = (r: Awaited<ReturnType<typeof repo.entries>>['funds'][number]) => ({
  id: r.id,
  version: r.version,
  communityCode: r.community_code,
  year: r.year,
  category: r.category,
  allocated: r.allocated,
  spent: r.spent,
  ...(r.note ? { note: r.note } : {}),
});
const personView = (r: Awaited<ReturnType<typeof repo.entries>>['people'][number]) => ({
  id: r.id,
  version: r.version,
  communityCode: r.community_code,
  year: r.year,
  name: r.name,
  fromUnit: r.from_unit,
  since: r.since,
  ...(r.role ? { role: r.role } : {}),
});
const roomView = (r: Awaited<ReturnType<typeof repo.entries>>['rooms'][number]) => ({
  id: r.id,
  version: r.version,
  communityCode: r.community_code,
  year: r.year,
  purpose: r.purpose,
  areaM2: r.area_m2,
  ...(r.address ? { address: r.address } : {}),
});

export async function entries(db: Db, auth: Auth | null, input: { communityCode: string; year: number }) {
  readScope(auth, input.communityCode);
  const e = await repo.entries(db, input.communityCode, input.year);
  return { funds: e.funds.map(fundView), people: e.people.map(personView), rooms: e.rooms.map(roomView) };
}

export const fundRow = (i: FundInput): repo.FundRow => ({
  community_code: i.communityCode,
  year: i.year,
  category: i.category.trim(),
  allocated: i.allocated,
  spent: i.spent ?? 0,
  note: i.note ?? null,
});
export const personRow = (i: PersonInput): repo.PersonRow => ({
  community_code: i.communityCode,
  year: i.year,
  name: i.name.trim(),
  from_unit: i.fromUnit.trim(),
  since: i.since,
  role: i.role ?? null,
});
export const roomRow = (i: RoomInput): repo.RoomRow => ({
  community_code: i.communityCode,
  year: i.year,
  purpose: i.purpose.trim(),
  area_m2: i.areaM2,
  address: i.address ?? null,
});

/** A fund line (one per community, year and category: entering it again replaces it). */
export async function addFund(db: Db, auth: Auth | null, input: FundInput) {
  await writableCommunity(db, auth, input.communityCode);
  const [row] = await repo.insertFunds(db, [fundRow(input)]);
  await audit(db, auth!, { action: 'resources.fund', targetType: 'resource_fund', targetId: row!.id });
  return fundView(row!);
}

export async function addPerson(db: Db, auth: Auth | null, input: PersonInput) {
  await writableCommunity(db, auth, input.communityCode);
  const [row] = await repo.insertPeople(db, [personRow(input)]);
  await audit(db, auth!, { action: 'resources.person', targetType: 'resource_person', targetId: row!.id });
  return personView(row!);
}

export async function addRoom(db: Db, auth: Auth | null, input: RoomInput) {
  await writableCommunity(db, auth, input.communityCode);
  const [row] = await repo.insertRooms(db, [roomRow(input)]);
  await audit(db, auth!, { action: 'resources.room', targetType: 'resource_room', targetId: row!.id });
  return roomView(row!);
}

/** Changes an entry the caller saw at `version` (409 when someone changed it since). */
export async function updateEntry(
  db: Db,
  auth: Auth | null,
  kind: repo.Kind,
  id: string,
  input: (FundInput | PersonInput | RoomInput) & { version: number },
) {
  if (!auth) throw new AppError('unauthenticated');
  if (!auth.permissions.includes('resources.write')) throw new AppError('forbidden');
  const current = await repo.findEntry(db, kind, id);
  if (!current || !isWithin(current.community_code, auth.areaCode)) throw new AppError('not_found');
  await writableCommunity(db, auth, input.communityCode);
  const values =
    kind === 'funds'
      ? fundRow(input as FundInput)
      : kind === 'people'
        ? personRow(input as PersonInput)
        : roomRow(input as RoomInput);
  const row = await repo.updateEntry(db, kind, id, input.version, values);
  if (!row) throw new AppError('version_conflict', { currentVersion: current.version });
  await audit(db, auth, { action: `resources.${kind}.update`, targetType: `resource_${kind}`, targetId: id });
  const e = await repo.entries(db, input.communityCode, input.year);
  const all = [...e.funds.map(fundView), ...e.people.map(personView), ...e.rooms.map(roomView)];
  return all.find((x) => x.id === id)!;
}

export async function deleteEntry(db: Db, auth: Auth | null, kind: repo.Kind, id: string, version: number) {
  if (!auth) throw new AppError('unauthenticated');
  if (!auth.permissions.includes('resources.write')) throw new AppError('forbidden');
  const current = await repo.findEntry(db, kind, id);
  if (!current || !isWithin(current.community_code, auth.areaCode)) throw new AppError('not_found');
  await writableCommunity(db, auth, current.community_code);
  if (current.version !== version)
    throw new AppError('version_conflict', { currentVersion: current.version });
  await repo.deleteEntry(db, kind, id);
  await audit(db, auth, { action: `resources.${kind}.delete`, targetType: `resource_${kind}`, targetId: id });
}
