import type { Db } from '../../db/database.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import type { Pii } from '../../platform/pii.ts';
import { cleanText, LedgerReadError, withUploadedLedger } from '../ledgers/index.ts';
import {
  activePeopleByIdNumberHash,
  checkIdNumber,
  houseBriefs,
  housesOfBuildings,
  maskIdNumber,
  maskName,
  normalisePersonName,
} from '../registry/index.ts';
import { fieldName, reasonText } from './estates.messages.ts';
import * as repo from './estates.repository.ts';
import { formatHundredths, readable } from './estates.service.ts';
import { buildingKey, coOwnersOf, ledgerArea, readRows, roomKey } from './ownership.ledger.ts';
import {
  countsOf,
  type OwnershipReport,
  type Problem,
  type ReportOwner,
  type ReportRow,
} from './ownership.report.ts';
import { ownershipTemplate } from './ownership.template.ts';

/**
 * Importing the housing department's ownership ledger (房屋产权台账) into one estate: each row's
 * building and room are matched to a house of the estate, its owner and co-owners to current people
 * of the registry by the keyed hash of their ID numbers (never by name), and the house's exclusive
 * floor area and owners are replaced by the ledger's.
 *
 * A dry run reports, row by row, what would change. A real run is all or nothing: one row with a
 * problem (unknown building or room, a person not in the registry, a bad area, a house listed twice
 * with different contents) refuses the whole file with the same report; otherwise every changed
 * house is written in one transaction (its version bumped) and the import is audited. ID numbers
 * are only ever shown masked and never logged.
 */

/** The largest ledger taken (an estate's ledger is a few hundred KB). */
export const MAX_OWNERSHIP_BYTES = 20 * 1024 * 1024;

/** A house a real run writes: its new area and owners, and the version seen (null: not recorded yet). */
interface Write {
  houseId: string;
  area: number;
  personIds: string[];
  version: number | null;
}

/** Houses of the estate by building key, each with its room key. */
async function housesToMatch(db: Db, estateId: string, estateName: string) {
  const recorded = await repo.housesOfEstate(db, estateId);
  const own = new Set((await repo.buildingsOfEstate(db, estateId)).map((b) => b.building_id));
  // A house recorded in the estate whose building is not one of the estate's still counts.
  const briefs = await houseBriefs(
    db,
    recorded.map((h) => h.house_id),
  );
  const buildings = new Set([...own, ...[...briefs.values()].map((b) => b.buildingId)]);
  let houses = await housesOfBuildings(db, [...buildings]);
  // The estate's houses: those recorded in it, and those of its buildings recorded in no estate yet.
  const recordedIn = await repo.estatesOfHouses(
    db,
    houses.map((h) => h.id),
  );
  houses = houses.filter((h) => {
    const estate = recordedIn.get(h.id);
    return estate === undefined ? own.has(h.buildingId) : estate === estateId;
  });
  const byBuilding = new Map<string, { buildingIds: Set<string> }>();
  for (const h of houses) {
    const key = buildingKey(h.buildingName, estateName);
    const entry = byBuilding.get(key) ?? { buildingIds: new Set<string>() };
    entry.buildingIds.add(h.buildingId);
    byBuilding.set(key, entry);
  }
  return {
    houses: houses.map((h) => ({ ...h, ...roomKey(h.room) })),
    byBuilding,
    current: new Map(recorded.map((h) => [h.house_id, h])),
  };
}

/** Reads, matches and compares; writes nothing. */
async function plan(db: Db, pii: Pii, estate: { id: string; name: string }, file: string, lang: Lang) {
  const rows = await readRows(file);
  const { houses, byBuilding, current } = await housesToMatch(db, estate.id, estate.name);
  const problem = (field: string, code: string): Problem => ({
    field,
    code,
    message: `${fieldName(field, lang)}: ${reasonText(code, lang)}`,
  });

  // Every ID number of the file, checked and hashed once.
  const checked = new Map<string, string | null>();
  const idOf = (raw: string) => {
    if (!checked.has(raw)) {
      const c = checkIdNumber(raw);
      checked.set(raw, c.ok ? c.idNumber : null);
    }
    return checked.get(raw) ?? null;
  };
  const parsed = rows.map((r) => {
    const v = r.values;
    const co = coOwnersOf(v.coOwnerNames ?? '', v.coOwnerIdNumbers ?? '');
    const people = [
      { role: 'owner' as const, name: v.ownerName ?? '', raw: v.ownerIdNumber ?? '' },
      ...(co ?? []).map((c) => ({ role: 'co_owner' as const, name: c.name, raw: c.idNumber })),
    ].map((p) => ({ ...p, idNumber: idOf(p.raw) }));
    return { ...r, co, people };
  });
  const hashes = new Map<string, string>();
  for (const p of parsed)
    for (const o of p.people) if (o.idNumber) hashes.set(o.idNumber, pii.hash(o.idNumber));
  const found = await activePeopleByIdNumberHash(db, [...hashes.values()]);
  const personOf = (idNumber: string | null) => (idNumber ? found.get(hashes.get(idNumber)!) : undefined);
  const owners = await repo.ownersOfHouses(db, [...current.keys()]);
  const ownersOf = new Map<string, string[]>();
  for (const o of owners) ownersOf.set(o.house_id, [...(ownersOf.get(o.house_id) ?? []), o.person_id]);

  const seen = new Map<string, { signature: string; row: number }>();
  const report: ReportRow[] = [];
  const writes: Write[] = [];
  for (const p of parsed) {
    const v = p.values;
    const problems: Problem[] = [];
    const warnings: Problem[] = [];
    // The house.
    let houseId: string | null = null;
    let label: string | null = null;
    const bKey = buildingKey(v.building ?? '', estate.name);
    const building = v.building ? byBuilding.get(bKey) : undefined;
    if (!v.building) problems.push(problem('building', 'required'));
    else if (!building) problems.push(problem('building', 'unknown_building'));
    if (!v.room) problems.push(problem('room', 'required'));
    else if (building) {
      const want = roomKey(v.room, v.unit ?? '');
      let candidates = houses.filter((h) => building.buildingIds.has(h.buildingId) && h.room === want.room);
      if (want.unit !== null && candidates.some((h) => h.unit !== null))
        candidates = candidates.filter((h) => h.unit === want.unit);
      if (candidates.length === 0) problems.push(problem('room', 'unknown_room'));
      else if (candidates.length > 1) problems.push(problem('room', 'ambiguous_room'));
      else {
        houseId = candidates[0].id;
        label = `${candidates[0].buildingName} ${candidates[0].room}`;
      }
    }
    // The area.
    const area = v.area ? ledgerArea(v.area) : null;
    if (!v.area) problems.push(problem('floorArea', 'required'));
    else if (area === null) problems.push(problem('floorArea', 'bad_area'));
    // The owners.
    if (!v.ownerName) problems.push(problem('ownerName', 'required'));
    if (!v.ownerIdNumber) problems.push(problem('ownerIdNumber', 'required'));
    if (p.co === null) problems.push(problem('coOwners', 'co_owner_mismatch'));
    const reportOwners: ReportOwner[] = [];
    const personIds: string[] = [];
    for (const o of p.people) {
      if (o.role === 'owner' && !o.raw) continue;
      const field = o.role === 'owner' ? 'ownerIdNumber' : 'coOwners';
      const person = personOf(o.idNumber);
      if (!o.idNumber) problems.push(problem(field, 'bad_id_number'));
      else if (!person) problems.push(problem(field, 'unknown_person'));
      else {
        if (!personIds.includes(person.id)) personIds.push(person.id);
        if (o.name && normalisePersonName(o.name) !== normalisePersonName(person.name))
          warnings.push(problem(o.role === 'owner' ? 'ownerName' : 'coOwners', 'name_differs'));
      }
      reportOwners.push({
        role: o.role,
        name: maskName(o.name),
        idNumber: maskIdNumber(o.idNumber ?? cleanText(o.raw).replace(/\s+/g, '')),
        found: person !== undefined,
      });
    }
    if (personIds.length > 20) problems.push(problem('coOwners', 'too_many_owners'));
    // The same house again: an exact repeat is ignored, a different one refused.
    let ignored = false;
    if (houseId) {
      const signature = JSON.stringify([area, [...personIds].sort()]);
      const before = seen.get(houseId);
      if (!before) seen.set(houseId, { signature, row: p.row });
      else if (before.signature === signature) {
        ignored = true;
        warnings.push(problem('row', 'duplicate'));
      } else problems.push(problem('room', 'duplicate_house'));
    }
    const was = houseId ? current.get(houseId) : undefined;
    const before = houseId ? (ownersOf.get(houseId) ?? []) : [];
    const areaChanged = area !== null && area !== was?.floor_area;
    const ownersChanged =
      problems.length === 0 &&
      (before.length !== personIds.length || before.some((id) => !personIds.includes(id)));
    const status: ReportRow['status'] =
      problems.length > 0
        ? 'invalid'
        : ignored
          ? 'ignored'
          : !was
            ? 'new'
            : areaChanged || ownersChanged
              ? 'changed'
              : 'unchanged';
    report.push({
      row: p.row,
      sheet: p.sheet,
      building: v.building ?? '',
      unit: v.unit ?? '',
      room: v.room ?? '',
      houseId,
      label,
      status,
      areaFrom: was ? formatHundredths(was.floor_area) : null,
      areaTo: area === null ? null : formatHundredths(area),
      areaChanged: status !== 'invalid' && status !== 'ignored' && areaChanged,
      ownersChanged: status !== 'invalid' && status !== 'ignored' && ownersChanged,
      owners: reportOwners,
      problems,
      warnings,
    });
    // What a real run writes, kept beside the report.
    if (status === 'new' || status === 'changed')
      writes.push({ houseId: houseId!, area: area!, personIds, version: was?.version ?? null });
  }
  return { report, writes };
}

/**
 * The ledger (the request body, a CSV or XLSX file) read into the estate `estateId`: with `dryRun`
 * the report only; otherwise, when no row has a problem, every new or changed house written in one
 * transaction. A file with a problem row is refused whole (422 `ownership_import_invalid`, the
 * report in `report`, each problem in `errors`).
 */
export async function importOwnership(
  db: Db,
  pii: Pii,
  auth: Auth | null,
  estateId: string,
  body: unknown,
  options: { dryRun: boolean; fileName?: string; lang: Lang },
): Promise<OwnershipReport> {
  // Scope first: nothing is read from the body for a caller who may not write this estate.
  const { caller, estate } = await readable(db, auth, estateId, 'estates.write');
  let planned: Awaited<ReturnType<typeof plan>>;
  try {
    planned = await withUploadedLedger(body, MAX_OWNERSHIP_BYTES, (file) =>
      plan(db, pii, estate, file, options.lang),
    );
  } catch (error) {
    if (error instanceof LedgerReadError)
      throw new AppError('ownership_import_unreadable', { reason: error.message });
    throw error;
  }
  const { report: rows, writes } = planned;
  if (rows.length === 0)
    throw new AppError('ownership_import_unreadable', (lang) => ({
      reason: lang === 'zh' ? '表头下没有数据行' : 'no rows under the header',
    }));
  const counts = countsOf(rows);
  const report: OwnershipReport = {
    estateId,
    dryRun: options.dryRun,
    applied: false,
    valid: counts.invalid === 0,
    counts,
    rows,
  };
  if (options.dryRun) return report;
  if (!report.valid)
    throw new AppError(
      'ownership_import_invalid',
      { count: counts.invalid },
      {
        errors: rows.flatMap((r) => r.problems.map((p) => ({ row: r.row, ...p }))),
        report,
      },
    );
  await db.transaction().execute(async (trx) => {
    for (const w of writes) {
      if (w.version === null) {
        if (!(await repo.insertEstateHouse(trx, estateId, w.houseId, w.area, w.personIds)))
          throw new AppError('version_conflict', { currentVersion: 1 });
        continue;
      }
      const done = await repo.updateEstateHouse(trx, w.houseId, w.version, w.area, w.personIds);
      if (!done) throw new AppError('version_conflict', { currentVersion: w.version + 1 });
    }
    await audit(trx, caller, {
      action: 'estate.ownership_import',
      targetType: 'estate',
      targetId: estateId,
      // Counts only: no names, no ID numbers.
      detail: {
        file: options.fileName ?? null,
        rows: counts.rows,
        new: counts.new,
        changed: counts.changed,
        areaChanged: counts.areaChanged,
        ownersChanged: counts.ownersChanged,
        unchanged: counts.unchanged,
        houses: writes.map((w) => w.houseId),
      },
    });
  });
  return { ...report, applied: true };
}

/** The template, for those who may import it. */
export function templateFor(auth: Auth | null): Promise<Buffer> {
  requirePermission(auth, 'estates.write');
  return ownershipTemplate();
}
