import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import type { Role } from '../../platform/auth/permissions.ts';
import type { Pii } from '../../platform/pii.ts';
import type { GridIndex } from '../areas/index.ts';
import { importAreas } from '../areas/index.ts';
import { DEFAULT_DEPARTMENTS, loadCaseCatalog, loadDefaultCalendar } from '../cases/index.ts';
import { loadLedgerTypes } from '../ledgers/index.ts';
import { type GeneratedArea, generateAreas } from './areas.generator.ts';
import { loadCameras } from './cameras.loader.ts';
import { loadCases } from './cases.loader.ts';
import * as repo from './demo.repository.ts';
import { loadDisclosures } from './disclosure.loader.ts';
import { loadDisputes } from './disputes.loader.ts';
import { loadEnforcement } from './enforcement.loader.ts';
import { loadEstates } from './estates.loader.ts';
import { loadGovernance } from './governance.loader.ts';
import { storeDemoImages } from './images.ts';
import { loadOpenData } from './opendata.loader.ts';
import { loadPartners } from './partners.loader.ts';
import { loadParty } from './party.loader.ts';
import { personName } from './people.ts';
import { loadPopulation } from './population.loader.ts';
import { createRandom } from './random.ts';
import { loadResidentsChannel } from './residents.loader.ts';
import { loadResources } from './resources.loader.ts';
import { loadTeams } from './teams.loader.ts';

export type Scale = 'district' | 'city';

export interface DemoAccount {
  username: string;
  role: Role;
  areaCode: string;
  /** The department a `dept_handler` works for. */
  departmentCode?: string;
}

export interface DemoOptions {
  seed: number;
  scale: Scale;
  /** Password of every demo account; generated when not given. */
  password?: string | null;
  onProgress?: (done: number, total: number, step: string) => void;
  /** Residents, places, things and organizations: for every grid (default), none, or the first N grids. */
  population?: boolean | number;
  /** The end of the demo's year of cases (default: the time of loading). */
  now?: Date;
  /** Make every account choose its own password at first login (production: the password is shared). */
  mustChangePassword?: boolean;
  /**
   * The data directory: when given, a few generated pictures are stored in its files and attached
   * as photos to a share of the pairing activities and as voucher scans to a share of the
   * statements' lines (the tests' template leaves it out: no files).
   */
  dataDir?: string;
}

export interface DemoResult {
  areas: number;
  people: number;
  cases: number;
  accounts: DemoAccount[];
  password: string;
  passwordGenerated: boolean;
}

export async function hasData(db: Db): Promise<boolean> {
  return repo.hasUsers(db);
}

function toFeature(area: GeneratedArea) {
  return {
    type: 'Feature',
    properties: {
      code: area.code,
      name: area.name,
      level: area.level,
      parentCode: area.parentCode,
      households: area.households ?? null,
      population: area.population ?? null,
    },
    geometry: area.boundary,
  };
}

/**
 * Who logs in to the demo: every role, at several places in the tree; a handler for each
 * department; one grid worker per grid (last, so that the list can be cut before them).
 */
export function demoAccounts(areas: GeneratedArea[]): DemoAccount[] {
  const byLevel = (level: GeneratedArea['level']) => areas.filter((a) => a.level === level);
  const [district] = byLevel('district');
  const streets = byLevel('street');
  const communities = byLevel('community');
  const grids = byLevel('grid');
  const accounts: DemoAccount[] = [
    { username: 'admin', role: 'district_admin', areaCode: district.code },
    { username: 'operator', role: 'command_operator', areaCode: district.code },
    // Reads the audit log; kept apart from admin, whose actions it records.
    { username: 'auditor', role: 'audit_admin', areaCode: district.code },
    {
      username: 'handler',
      role: 'dept_handler',
      areaCode: district.code,
      departmentCode: 'urban_management',
    },
    { username: 'street.leader', role: 'area_leader', areaCode: streets[0].code },
    { username: 'street2.leader', role: 'area_leader', areaCode: streets[1].code },
    { username: 'community.leader', role: 'area_leader', areaCode: communities[0].code },
    { username: 'deputy', role: 'deputy', areaCode: communities[0].code },
    { username: 'resident', role: 'resident', areaCode: communities[0].code },
    // Administrative enforcement: two officers (on-site steps need two) and a legal reviewer.
    { username: 'officer', role: 'enforcement_officer', areaCode: district.code },
    { username: 'officer2', role: 'enforcement_officer', areaCode: district.code },
    { username: 'reviewer', role: 'legal_reviewer', areaCode: district.code },
    // Party building: the district's organization department, and a street's party worker.
    { username: 'party', role: 'party_admin', areaCode: district.code },
    { username: 'street.party', role: 'party_admin', areaCode: streets[0].code },
    // A partner's account (a bank of the first community), bound to it by the partners loader.
    { username: 'partner', role: 'partner', areaCode: communities[0].code },
    ...DEFAULT_DEPARTMENTS.map((d) => ({
      username: `handler.${d.code}`,
      role: 'dept_handler' as const,
      areaCode: district.code,
      departmentCode: d.code,
    })),
  ];
  grids.forEach((grid, i) => {
    accounts.push({
      username: `gw${String(i + 1).padStart(3, '0')}`,
      role: 'grid_worker',
      areaCode: grid.code,
    });
  });
  // People's mediators: one for the first community, one for the first street.
  accounts.push(
    { username: 'mediator', role: 'mediator', areaCode: communities[0].code },
    { username: 'street.mediator', role: 'mediator', areaCode: streets[0].code },
  );
  return accounts;
}

/**
 * Loads the demo district through the same import path as any GeoJSON file (so it passes every
 * boundary rule), then its accounts. Safe to re-run after an interruption: what exists is kept.
 */
export async function loadDemo(
  db: Db,
  index: GridIndex,
  pii: Pii,
  options: DemoOptions,
): Promise<DemoResult> {
  const progress = options.onProgress ?? (() => {});
  progress(0, 1, 'generate');
  const areas = generateAreas({ seed: options.seed, scale: options.scale });
  const features = areas.map(toFeature);
  // In slices, so a city-sized demo shows progress; parents come first in the generator's order.
  const slice = 2000;
  for (let i = 0; i < features.length; i += slice) {
    progress(i, features.length, 'areas');
    await importAreas(db, index, 'system', features.slice(i, i + slice), 'demo');
  }
  progress(features.length, features.length, 'areas');
  // Departments before the accounts of their handlers.
  await loadCaseCatalog(db);
  await loadDefaultCalendar(db);
  await loadLedgerTypes(db);

  const password = options.password || `Cg-${randomBytes(9).toString('base64url')}`;
  const accounts =
    options.scale === 'district'
      ? demoAccounts(areas)
      : demoAccounts(areas).filter((a) => a.role !== 'grid_worker');
  progress(0, accounts.length, 'accounts');
  // One hash for all: they share the password anyway, and 300 argon2 hashes would add seconds to the first start.
  const passwordHash = await hashPassword(password);
  const random = createRandom(options.seed + 1);
  await repo.insertUsers(
    db,
    accounts.map((a) => ({
      username: a.username,
      display_name: personName(random),
      password_hash: passwordHash,
      role: a.role,
      area_code: a.areaCode,
      department_code: a.departmentCode ?? null,
      must_change_password: options.mustChangePassword ?? false,
    })),
  );
  const ids = new Map(
    (
      await repo.userIdsByUsername(
        db,
        accounts.map((a) => a.username),
      )
    ).map((u) => [u.username, u.id]),
  );
  for (const account of accounts) {
    if (account.role === 'grid_worker')
      await repo.setGridHead(db, account.areaCode, ids.get(account.username)!);
  }
  progress(accounts.length, accounts.length, 'accounts');
  // A city is for benchmarking the map and the locator; only the district gets its ~300,000 residents.
  const withPopulation = options.scale === 'district' && options.population !== false;
  const { people } = withPopulation
    ? await loadPopulation(db, pii, areas, options.seed, (done, total) => progress(done, total, 'people'), {
        grids: typeof options.population === 'number' ? options.population : undefined,
      })
    : { people: 0 };
  // Statistics of what was just loaded in bulk: every later loader joins people, houses and orgs,
  // and without them the planner guesses nested loops over hundreds of thousands of rows (a first
  // start once spent minutes in the estates' owners).
  if (people > 0) await repo.analyze(db);
  // A year of cases where people live: at the buildings the population loader wrote.
  let cases = 0;
  if (withPopulation) {
    progress(0, 1, 'cases');
    ({ cases } = await loadCases(db, pii, { seed: options.seed, now: options.now }));
    progress(1, 1, 'cases');
  }
  // Grid teams, forces' contacts and visit plans; tasks and visits where people live.
  if (options.scale === 'district') {
    progress(0, 1, 'teams');
    await loadTeams(db, pii, { seed: options.seed, now: options.now });
    progress(1, 1, 'teams');
    progress(0, 1, 'party');
    await loadParty(db, pii, { seed: options.seed, now: options.now });
    progress(1, 1, 'party');
  }
  // Enforcement matters against the shops and companies where people live.
  if (withPopulation) {
    progress(0, 1, 'enforcement');
    await loadEnforcement(db, { seed: options.seed, now: options.now });
    progress(1, 1, 'enforcement');
  }
  // Estates over the compounds: buildings, exclusive floor areas and owners.
  if (withPopulation) {
    progress(0, 1, 'estates');
    await loadEstates(db);
    progress(1, 1, 'estates');
    // A year of meetings and decisions; two owners' votes (one passed, one failed on the area).
    progress(0, 1, 'governance');
    await loadGovernance(db, { now: options.now });
    progress(1, 1, 'governance');
    // Four quarters of the homeowners' committees' statements (one late, one corrected).
    progress(0, 1, 'disclosures');
    const vouchers = options.dataDir ? await storeDemoImages(options.dataDir, 'voucher', 8) : [];
    await loadDisclosures(db, { now: options.now, vouchers });
    progress(1, 1, 'disclosures');
  }
  // A year of disputes and mediations, and the grids' monthly screening returns.
  if (withPopulation) {
    progress(0, 1, 'disputes');
    await loadDisputes(db, pii, { seed: options.seed, now: options.now });
    progress(1, 1, 'disputes');
  }
  // The video network: cameras over every grid, a week of their alarms and incidents.
  if (options.scale === 'district') {
    progress(0, 1, 'cameras');
    // The tests' small district (a number of grids with people) gets no camera cases: other
    // modules' tests count the template's cases.
    await loadCameras(db, index, pii, {
      seed: options.seed,
      now: options.now,
      cases: typeof options.population !== 'number',
    });
    progress(1, 1, 'cameras');
    // The year's resources sunk to each community (funds, people, rooms).
    await loadResources(db, { seed: options.seed, now: options.now });
  }
  // Residents' accounts, a year of their questions to deputies and departments, notices and receipts.
  if (withPopulation) {
    progress(0, 1, 'residents');
    const channel = await loadResidentsChannel(db, { seed: options.seed, now: options.now, passwordHash });
    // A few of its residents (r00001…, who log in at /resident) and deputies (deputy.<community>).
    accounts.push(...channel.accounts);
    progress(1, 1, 'residents');
    // Partners, their services and a year of residents' bookings; five-joint pairings.
    progress(0, 1, 'partners');
    const photos = options.dataDir ? await storeDemoImages(options.dataDir, 'activity', 8) : [];
    await loadPartners(db, pii, { seed: options.seed, now: options.now, photos });
    progress(1, 1, 'partners');
  }
  // Open data over the district (versions, partners, usage) and organizations' credit records.
  if (withPopulation) {
    progress(0, 1, 'opendata');
    await loadOpenData(db, { seed: options.seed, now: options.now });
    progress(1, 1, 'opendata');
  }
  await repo.analyze(db);
  return { areas: areas.length, people, cases, accounts, password, passwordGenerated: !options.password };
}

export function writeDemoFiles(
  dataDir: string,
  result: DemoResult,
): { accountsFile: string; credentialsFile: string } {
  fs.mkdirSync(dataDir, { recursive: true });
  const accountsFile = path.join(dataDir, 'demo-accounts.json');
  const credentialsFile = path.join(dataDir, 'demo-credentials.txt');
  fs.writeFileSync(accountsFile, `${JSON.stringify(result.accounts, null, 2)}\n`);
  const lines = [
    'CivicGrid demo accounts',
    `password (all accounts): ${result.password}`,
    '',
    ...result.accounts.slice(0, 12).map((a) => `${a.username.padEnd(18)} ${a.role.padEnd(17)} ${a.areaCode}`),
    result.accounts.length > 12
      ? `… and ${result.accounts.length - 12} more: department handlers, grid workers, residents (r00001…, log in at /resident) and deputies (demo-accounts.json)`
      : '',
  ];
  fs.writeFileSync(credentialsFile, `${lines.join('\n')}\n`, { mode: 0o600 });
  return { accountsFile, credentialsFile };
}
