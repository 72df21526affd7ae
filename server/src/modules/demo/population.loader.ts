import { randomUUID } from 'node:crypto';
import { type Copier, withCopy } from '../../db/bulk.ts';
import type { Db } from '../../db/database.ts';
import type { Pii } from '../../platform/pii.ts';
import { checkIdNumber, maskIdNumber, maskPhone } from '../registry/index.ts';
import type { GeneratedArea } from './areas.generator.ts';
import * as repo from './demo.repository.ts';
import { type GridPopulation, generatePopulation, TAGS } from './population.generator.ts';

// Roles that may see a restricted focus-group tag (community corrections, drug rehabilitation, …).
const RESTRICTED_TO = ['district_admin', 'area_leader'];
// Rows are gathered over this many grids and written table by table, parents first.
const GRIDS_PER_WRITE = 40;

const TABLES = [
  'buildings',
  'houses',
  'households',
  'people',
  'person_tags',
  'things',
  'orgs',
  'registry_history',
] as const;
type Rows = Record<(typeof TABLES)[number], Record<string, unknown>[]> & {
  heads: [household: string, person: string][];
};

const emptyRows = (): Rows => ({
  buildings: [],
  houses: [],
  households: [],
  people: [],
  person_tags: [],
  things: [],
  orgs: [],
  registry_history: [],
  heads: [],
});

/** Every record starts its history with where it came from, as an import's records would. */
function created(rows: Rows, entity: string, id: string, values: Record<string, unknown>) {
  const changes = Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, [null, v]]),
  );
  rows.registry_history.push({
    entity,
    record_id: id,
    version: 1,
    source: 'demo',
    changes: JSON.stringify(changes),
  });
}

function collect(rows: Rows, pii: Pii, grid: GridPopulation) {
  const ids = new Map<string, string>();
  const idOf = (key: string) => {
    let id = ids.get(key);
    if (!id) {
      id = randomUUID();
      ids.set(key, id);
    }
    return id;
  };
  const gridCode = grid.gridCode;
  for (const b of grid.buildings) {
    const row = {
      id: idOf(b.key),
      grid_code: b.gridCode,
      name: b.name,
      address: b.address,
      lon: b.lon,
      lat: b.lat,
      floors: b.floors,
    };
    rows.buildings.push(row);
    created(rows, 'building', row.id, {
      gridCode,
      name: b.name,
      address: b.address,
      lon: b.lon,
      lat: b.lat,
      floors: b.floors,
    });
  }
  for (const h of grid.houses) {
    const row = {
      id: idOf(h.key),
      grid_code: gridCode,
      building_id: idOf(h.buildingKey),
      room: h.room,
      usage: h.usage,
      area_m2: h.areaM2,
    };
    rows.houses.push(row);
    created(rows, 'house', row.id, {
      gridCode,
      buildingId: row.building_id,
      room: h.room,
      usage: h.usage,
      areaM2: h.areaM2,
    });
  }
  for (const h of grid.households) {
    const row = { id: idOf(h.key), grid_code: gridCode, house_id: idOf(h.houseKey) };
    rows.households.push(row);
    created(rows, 'household', row.id, { gridCode, houseId: row.house_id });
  }
  for (const p of grid.people) {
    const checked = checkIdNumber(p.idNumber);
    if (!checked.ok) throw new Error(`The demo generated an invalid ID number: ${p.idNumber}`);
    const id = idOf(p.key);
    const row = {
      id,
      grid_code: gridCode,
      house_id: idOf(p.houseKey),
      household_id: p.householdKey ? idOf(p.householdKey) : null,
      relation: p.relation,
      name: p.name,
      id_number_enc: pii.encrypt(p.idNumber),
      id_number_hash: pii.hash(p.idNumber),
      id_number_mask: maskIdNumber(p.idNumber),
      birth_date: checked.birthDate,
      sex: checked.sex,
      phone_enc: p.phone ? pii.encrypt(p.phone) : null,
      phone_hash: p.phone ? pii.hash(p.phone) : null,
      phone_mask: p.phone ? maskPhone(p.phone) : null,
      residency: p.residency,
      move_in_date: p.moveInDate,
    };
    rows.people.push(row);
    for (const tag of p.tags) rows.person_tags.push({ person_id: id, tag_code: tag });
    if (p.relation === 'head' && row.household_id) rows.heads.push([row.household_id, id]);
    created(rows, 'person', id, {
      gridCode,
      houseId: row.house_id,
      householdId: row.household_id,
      relation: p.relation,
      name: p.name,
      idNumber: row.id_number_mask,
      phone: row.phone_mask,
      residency: p.residency,
      moveInDate: p.moveInDate,
      tags: p.tags.length > 0 ? p.tags : null,
    });
  }
  for (const t of grid.things) {
    const row = {
      id: idOf(t.key),
      grid_code: t.gridCode,
      category: t.category,
      name: t.name,
      lon: t.lon,
      lat: t.lat,
      owner_department: t.ownerDepartment,
      state: t.state,
    };
    rows.things.push(row);
    created(rows, 'thing', row.id, {
      gridCode,
      category: t.category,
      name: t.name,
      lon: t.lon,
      lat: t.lat,
      state: t.state,
    });
  }
  for (const o of grid.orgs) {
    const row = {
      id: idOf(o.key),
      grid_code: o.gridCode,
      kind: o.kind,
      name: o.name,
      credit_code: o.creditCode,
      address: o.address,
      lon: o.lon,
      lat: o.lat,
      contact_phone: o.contactPhone,
      responsible_person: o.responsiblePerson,
    };
    rows.orgs.push(row);
    created(rows, 'org', row.id, {
      gridCode,
      kind: o.kind,
      name: o.name,
      creditCode: o.creditCode,
      address: o.address,
    });
  }
}

async function write(copier: Copier, rows: Rows) {
  // Parents before children: the foreign keys are checked row by row.
  for (const table of TABLES) {
    const list = rows[table];
    if (list.length > 0) await copier.copy(table, Object.keys(list[0]), list);
  }
  await copier.query(
    `update households set head_id = v.person from unnest($1::uuid[], $2::uuid[]) as v(household, person)
     where households.id = v.household`,
    [rows.heads.map((h) => h[0]), rows.heads.map((h) => h[1])],
  );
}

/** The demo district's people, places, things and organizations, in one transaction. */
export async function loadPopulation(
  db: Db,
  pii: Pii,
  areas: GeneratedArea[],
  seed: number,
  progress: (done: number, total: number) => void,
  limit: { grids?: number } = {},
) {
  await repo.insertTags(
    db,
    TAGS.map((t, i) => ({
      code: t.code,
      name_zh: t.zh,
      name_en: t.en,
      visible_to: t.restricted ? RESTRICTED_TO : null,
      sort: i,
    })),
  );
  if (await repo.hasPeople(db)) return { people: 0 };
  const grids = areas
    .filter((a) => a.level === 'grid')
    .slice(0, limit.grids)
    .map((a) => ({
      code: a.code,
      boundary: a.boundary,
      households: a.households ?? 300,
      population: a.population,
    }));
  // One transaction: an interrupted first start leaves no half-loaded district behind.
  return withCopy(db, async (copier) => {
    let people = 0;
    let done = 0;
    let rows = emptyRows();
    for (const grid of generatePopulation({ seed, grids, areas })) {
      collect(rows, pii, grid);
      if (++done % GRIDS_PER_WRITE === 0 || done === grids.length) {
        people += rows.people.length;
        await write(copier, rows);
        rows = emptyRows();
        progress(done, grids.length);
      }
    }
    return { people };
  });
}
