/** What the ownership import answers: per row what was matched and what would change, and counts. */

export interface Problem {
  field: string;
  code: string;
  message: string;
}

export interface ReportOwner {
  role: 'owner' | 'co_owner';
  name: string;
  idNumber: string;
  found: boolean;
}

export interface ReportRow {
  row: number;
  sheet: string;
  building: string;
  unit: string;
  room: string;
  houseId: string | null;
  label: string | null;
  /** `invalid`: refused; `ignored`: an exact repeat of an earlier row. */
  status: 'new' | 'changed' | 'unchanged' | 'invalid' | 'ignored';
  areaFrom: string | null;
  areaTo: string | null;
  areaChanged: boolean;
  ownersChanged: boolean;
  owners: ReportOwner[];
  problems: Problem[];
  warnings: Problem[];
}

export interface OwnershipReport {
  estateId: string;
  dryRun: boolean;
  applied: boolean;
  valid: boolean;
  counts: {
    rows: number;
    matched: number;
    new: number;
    changed: number;
    unchanged: number;
    areaChanged: number;
    ownersChanged: number;
    invalid: number;
    ignored: number;
    unknownBuilding: number;
    unknownRoom: number;
    unknownPerson: number;
    badArea: number;
    duplicate: number;
  };
  rows: ReportRow[];
}

export function countsOf(rows: ReportRow[]): OwnershipReport['counts'] {
  const has = (r: ReportRow, code: string) => r.problems.some((p) => p.code === code);
  const n = (test: (r: ReportRow) => boolean) => rows.filter(test).length;
  return {
    rows: rows.length,
    matched: n((r) => r.houseId !== null),
    new: n((r) => r.status === 'new'),
    changed: n((r) => r.status === 'changed'),
    unchanged: n((r) => r.status === 'unchanged'),
    areaChanged: n((r) => r.status === 'changed' && r.areaChanged),
    ownersChanged: n((r) => r.status === 'changed' && r.ownersChanged),
    invalid: n((r) => r.status === 'invalid'),
    ignored: n((r) => r.status === 'ignored'),
    unknownBuilding: n((r) => has(r, 'unknown_building')),
    unknownRoom: n((r) => has(r, 'unknown_room') || has(r, 'ambiguous_room')),
    unknownPerson: n((r) => has(r, 'unknown_person') || has(r, 'bad_id_number')),
    badArea: n((r) => r.problems.some((p) => p.field === 'floorArea')),
    duplicate: n((r) => r.status === 'ignored' || has(r, 'duplicate_house')),
  };
}
