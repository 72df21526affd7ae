import { withCopy } from '../../db/bulk.ts';
import type { Db } from '../../db/database.ts';
import type { Pii } from '../../platform/pii.ts';
import { ALARM_JOB, loadCalendar } from '../cases/index.ts';
import { maskPhone } from '../registry/index.ts';
import {
  type CaseActor,
  type CaseBuilding,
  type CaseGrid,
  type DemoCase,
  generateCases,
} from './cases.generator.ts';
import * as repo from './demo.repository.ts';

/** Reports a day over the whole demo district; fewer when only some grids have residents. */
const DISTRICT_PER_DAY = 100;

/**
 * A year of cases for the demo district's populated grids, placed at its buildings and worked by
 * its accounts, written with COPY in one transaction. Runs once: a database with cases keeps them.
 */
export async function loadCases(
  db: Db,
  pii: Pii,
  options: { seed: number; now?: Date },
): Promise<{ cases: number; generateMs: number; loadMs: number }> {
  if (await repo.hasCases(db)) return { cases: 0, generateMs: 0, loadMs: 0 };
  const started = performance.now();
  const [calendar, staff, gridRows, sites] = await Promise.all([
    loadCalendar(db),
    repo.caseStaff(db),
    repo.gridsWithHeads(db),
    repo.buildingSites(db),
  ]);
  const buildings = new Map<string, CaseBuilding[]>();
  for (const { grid_code, ...site } of sites) {
    const list = buildings.get(grid_code);
    if (list) list.push(site);
    else buildings.set(grid_code, [site]);
  }
  const grids: CaseGrid[] = gridRows.map((g) => ({
    code: g.code,
    worker: g.head_id ? { id: g.head_id, name: g.head_name } : null,
    buildings: buildings.get(g.code) ?? [],
  }));
  const populated = grids.filter((g) => g.buildings.length > 0).length;
  const actor = (u: (typeof staff)[number]): CaseActor => ({ id: u.id, name: u.display_name });
  const byName = new Map(staff.map((u) => [u.username, u]));
  const operator = byName.get('operator') ?? staff.find((u) => u.role === 'command_operator');
  const leader = byName.get('admin') ?? staff.find((u) => u.role === 'district_admin');
  if (!operator || !leader || populated === 0) return { cases: 0, generateMs: 0, loadMs: 0 };
  const resident = byName.get('resident');
  const handlers = new Map<string, CaseActor[]>();
  for (const u of staff) {
    if (u.role !== 'dept_handler' || !u.department_code) continue;
    handlers.set(u.department_code, [...(handlers.get(u.department_code) ?? []), actor(u)]);
  }

  const cases = generateCases({
    seed: options.seed,
    now: options.now ?? new Date(),
    grids,
    calendar,
    perDay: (DISTRICT_PER_DAY * populated) / grids.length,
    staff: {
      operator: actor(operator),
      leader: actor(leader),
      resident: resident ? { actor: actor(resident), areaCode: resident.area_code } : null,
      handlers,
    },
  });
  const generated = performance.now();
  await writeCases(db, pii, cases);
  return {
    cases: cases.length,
    generateMs: Math.round(generated - started),
    loadMs: Math.round(performance.now() - generated),
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Cases with their events, steps, notices and pending alarms, in one transaction. */
export async function writeCases(db: Db, pii: Pii, cases: DemoCase[]): Promise<void> {
  if (cases.length === 0) return;
  await withCopy(db, (copier) =>
    // Checked once at the end instead of row by row: most of the time of loading ~300,000 events.
    copier.withoutForeignKeys(['cases', 'case_events', 'case_steps', 'case_notices'], async () => {
      await copier.copyValues('cases', CASE_COLUMNS, caseValues(pii, cases));
      await copier.copyValues(
        'case_events',
        ['case_id', 'at', 'actor_id', 'actor_name', 'action', 'from_state', 'to_state', 'note', 'data'],
        (function* () {
          for (const c of cases)
            for (const e of c.events)
              yield [
                c.id,
                iso(e.at),
                e.actorId,
                e.actorName,
                e.action,
                e.fromState,
                e.toState,
                e.note,
                e.data,
              ];
        })(),
      );
      await copier.copyValues(
        'case_steps',
        ['case_id', 'step', 'department_code', 'grid_code', 'started_at', 'deadline', 'finished_at'],
        (function* () {
          for (const c of cases)
            for (const s of c.steps)
              yield [
                c.id,
                s.step,
                s.departmentCode,
                c.gridCode,
                iso(s.startedAt),
                iso(s.deadline),
                iso(s.finishedAt),
              ];
        })(),
      );
      await copier.copyValues(
        'case_notices',
        ['case_id', 'kind', 'area_code', 'department_code', 'message', 'created_at'],
        (function* () {
          for (const c of cases)
            for (const n of c.notices)
              yield [c.id, n.kind, n.areaCode, n.departmentCode, n.message, iso(n.createdAt)];
        })(),
      );
      // The warnings still to come on open cases, as the service would have queued them.
      await copier.copyValues(
        'jobs',
        ['kind', 'key', 'payload', 'run_at'],
        cases
          .filter((c) => c.nextAlarm)
          .map((c) => [
            ALARM_JOB,
            c.id,
            { caseId: c.id, stepStartedAt: iso(c.stepStartedAt), level: c.nextAlarm!.level },
            iso(c.nextAlarm!.at),
          ]),
      );
      await copier.query(`select setval('case_number_seq', $1)`, [cases.length]);
    }),
  );
}

// biome-ignore format: one line per group of columns
const CASE_COLUMNS = [
  'id', 'number', 'source', 'category_code', 'grid_code', 'lon', 'lat', 'address', 'description', 'state',
  'reporter_id', 'reporter_name', 'reporter_phone_enc', 'reporter_phone_hash', 'reporter_phone_mask',
  'department_code', 'kept_in_grid', 'duplicate_of', 'step', 'step_started_at', 'step_deadline', 'alarm',
  'escalated_to', 'supervised_at', 'satisfaction', 'reopen_count', 'reported_at', 'closed_at', 'version', 'updated_at',
];

function* caseValues(pii: Pii, cases: DemoCase[]) {
  for (const c of cases) {
    const phone = c.reporterPhone;
    yield [
      c.id,
      c.number,
      c.source,
      c.categoryCode,
      c.gridCode,
      c.lon,
      c.lat,
      c.address,
      c.description,
      c.state,
      c.reporterId,
      c.reporterName,
      phone && pii.encrypt(phone),
      phone && pii.hash(phone),
      phone && maskPhone(phone),
      c.departmentCode,
      c.keptInGrid,
      c.duplicateOf,
      c.step,
      iso(c.stepStartedAt),
      iso(c.stepDeadline),
      c.alarm,
      c.escalatedTo,
      iso(c.supervisedAt),
      c.satisfaction,
      c.reopenCount,
      iso(c.reportedAt),
      iso(c.closedAt),
      c.version,
      iso(c.updatedAt),
    ];
  }
}
