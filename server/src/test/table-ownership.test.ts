import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * "Other modules are used only through their public face" (docs/architecture.md), for tables: a
 * module's files touch its own tables; another module's data comes from a function of the owning
 * module's face. This reads every module file (tests aside) for the tables it names — Kysely's
 * `selectFrom`/`insertInto`/`updateTable`/`deleteFrom`/joins, and `from`/`join`/`update`/`into` in
 * raw SQL — and compares them with the owners below. Known exceptions are listed, each with why;
 * an exception no longer needed fails too, so the list only shrinks.
 */

const SRC = path.resolve(import.meta.dirname, '..');
const MODULES = path.join(SRC, 'modules');

/** Who owns each table. Every table a migration creates must be here. */
const OWNERS: Record<string, string[]> = {
  // platform/ (settings, jobs, events, audit, idempotency, API keys): below the modules, not read here.
  platform: ['api_keys', 'settings', 'jobs', 'domain_events', 'audit_log', 'idempotency_keys'],
  // Accounts: administered by the users module (platform/auth signs them in).
  users: ['users', 'sessions', 'login_attempts'],
  setup: ['setup_tokens'],
  areas: ['areas', 'area_history'],
  registry: [
    'tags',
    'buildings',
    'houses',
    'households',
    'people',
    'person_tags',
    'things',
    'orgs',
    'registry_history',
  ],
  departments: ['departments'],
  cases: [
    'case_categories',
    'routing_rules',
    'calendar_days',
    'cases',
    'case_events',
    'case_attachments',
    'case_steps',
    'case_notices',
    'case_rollup_now',
    'case_rollup_daily',
    'case_rollup_categories',
    'case_rollup_deadlines',
    'case_rollup_delta',
    'case_rollup_cohorts',
    'case_rollup_cohort_departments',
  ],
  ledgers: ['ledger_types', 'ledger_imports', 'ledger_problems', 'ledger_undo', 'ledger_conflicts'],
  teams: [
    'team_members',
    'team_member_grids',
    'team_history',
    'team_qualifications',
    'team_trainings',
    'force_contacts',
  ],
  patrols: ['visit_plans', 'visit_tasks', 'visits', 'visit_photos'],
  questions: ['questions', 'question_events', 'question_followers', 'question_photos'],
  residents: ['resident_notifications', 'resident_signups', 'signup_attempts'],
  notices: ['notices', 'notice_attachments', 'notice_reads', 'community_links'],
  disputes: [
    'dispute_kinds',
    'disputes',
    'dispute_parties',
    'dispute_events',
    'dispute_sessions',
    'dispute_attachments',
    'dispute_notices',
    'dispute_screenings',
  ],
  enforcement: ['enforcement_matters', 'enforcement_steps', 'enforcement_evidence'],
  party: ['party_orgs', 'party_members', 'party_transfers', 'party_meetings', 'party_volunteer_hours'],
  cameras: ['cameras', 'camera_rules', 'camera_incidents', 'camera_alarms'],
  opendata: ['opendata_datasets', 'opendata_versions', 'opendata_partners', 'opendata_usage'],
  credit: ['credit_entries', 'credit_repairs', 'credit_cursor'],
  command: ['command_layouts', 'command_reports'],
  resources: ['resource_funds', 'resource_people', 'resource_rooms'],
  estates: ['estates', 'estate_buildings', 'estate_houses', 'house_owners'],
  partners: ['partners', 'partner_accounts', 'partner_services', 'partner_bookings'],
  meetings: [
    'meetings',
    'meeting_items',
    'meeting_participants',
    'meeting_attachments',
    'meeting_decisions',
    'decision_milestones',
    'decision_cases',
  ],
  votes: ['votes', 'vote_units', 'ballots'],
  disclosure: ['disclosure_statements', 'disclosure_lines', 'disclosure_vouchers', 'disclosure_late'],
  pairing: ['pairings', 'pairing_plans', 'pairing_activities', 'pairing_reviews', 'pairing_files'],
};

/** Modules that may touch any table: the demo loads every module's tables in bulk, on top of them all. */
const ANYWHERE = new Set(['demo']);

/**
 * Files that still touch other modules' tables: `module/file` → the foreign tables, with why.
 * Mostly joins for a display name (an area's, an account's, a department's) inside a paged or
 * grouped query; the rest is to be moved behind the owners' faces.
 */
const EXCEPTIONS: Record<string, { tables: string[]; why: string }> = {
  'areas/areas.repository.ts': { tables: ['users'], why: 'who changed an area: the account name' },
  'areas/sizing.repository.ts': {
    tables: ['buildings', 'households', 'houses', 'people'],
    why: 'grid sizing counts the registry per grid in one statement',
  },
  'cameras/cameras.repository.ts': { tables: ['cases'], why: 'an incident list joins its case number' },
  'cases/calendar.repository.ts': { tables: ['settings'], why: 'the calendar source setting' },
  'cases/cases.repository.ts': { tables: ['areas', 'departments', 'users'], why: 'names in case lists' },
  'cases/catalog.repository.ts': { tables: ['departments'], why: 'routing rules name departments' },
  'cases/figures.repository.ts': { tables: ['areas', 'departments'], why: 'names in the figures' },
  'cases/refs.repository.ts': { tables: ['areas'], why: 'satisfaction per community: grid → community' },
  'departments/departments.repository.ts': {
    tables: ['case_categories', 'routing_rules'],
    why: 'a department still routed to is not retired',
  },
  'disputes/disputes.repository.ts': {
    tables: ['areas', 'users'],
    why: 'dispute lists join the grid name and the mediator name',
  },
  'disputes/screening.repository.ts': { tables: ['areas'], why: 'screening returns per grid of a community' },
  'open311/open311.repository.ts': {
    tables: ['case_categories', 'cases', 'departments'],
    why: 'the Open311 endpoint is a view of cases',
  },
  'pairing/pairing.repository.ts': { tables: ['areas'], why: 'pairing lists join the community name' },
  'partners/partners.repository.ts': {
    tables: ['areas', 'users'],
    why: 'names of the areas served; a partner account is active; figures per community in one statement',
  },
  'party/party.repository.ts': { tables: ['areas', 'orgs'], why: 'names of areas and workplaces' },
  'patrols/follow-ups.repository.ts': { tables: ['team_member_grids'], why: 'a grid head takes follow-ups' },
  'patrols/patrols.repository.ts': {
    tables: [
      'areas',
      'buildings',
      'houses',
      'orgs',
      'people',
      'person_tags',
      'tags',
      'team_member_grids',
      'team_members',
      'users',
    ],
    why: 'visit plans pick registry targets and grid members in one statement',
  },
  'patrols/visits.repository.ts': {
    tables: ['buildings', 'houses', 'orgs', 'people'],
    why: 'a visit names its target',
  },
  'questions/questions.repository.ts': {
    tables: ['departments', 'users'],
    why: 'a question joins the name of whom it is put to, in lists and per-answerer records',
  },
  'registry/history.repository.ts': { tables: ['users'], why: 'who changed a record: the account name' },
  'registry/people.repository.ts': { tables: ['areas'], why: 'people lists join area names' },
  'residents/residents.repository.ts': {
    tables: ['areas', 'users'],
    why: 'a sign-up makes the resident account, in its grid',
  },
  'setup/setup.repository.ts': {
    tables: ['areas', 'users'],
    why: 'the first start makes the root and admin',
  },
  'teams/teams.repository.ts': {
    tables: ['areas', 'departments', 'users'],
    why: 'names and accounts of members',
  },
  'users/users.repository.ts': { tables: ['areas', 'departments'], why: 'account lists join names' },
  // Owned by other work in progress (open data and credit, command, ledger imports): not reviewed here.
  'credit/credit.repository.ts': { tables: ['users'], why: "a repair's reviewer name" },
  'ledgers/adapters.repository.ts': {
    tables: ['areas', 'buildings', 'houses', 'orgs', 'people', 'person_tags', 'things'],
    why: 'ledger imports write registry records',
  },
  'ledgers/import.repository.ts': {
    tables: ['person_tags', 'registry_history', 'tags'],
    why: 'ledger imports write registry records',
  },
  'ledgers/ledger-types.repository.ts': {
    tables: ['departments'],
    why: 'a ledger type belongs to a department',
  },
  'ledgers/ledgers.repository.ts': {
    tables: ['buildings', 'houses', 'people', 'person_tags', 'tags', 'users'],
    why: 'ledger imports read registry records',
  },
  'ledgers/review.repository.ts': {
    tables: ['orgs', 'people', 'person_tags', 'registry_history', 'things', 'users'],
    why: 'reviewing an import reads and undoes registry records',
  },
  'opendata/opendata.repository.ts': { tables: ['api_keys'], why: 'partners’ keys' },
};

const owner = new Map<string, string>();
for (const [module, tables] of Object.entries(OWNERS)) for (const t of tables) owner.set(t, module);

/** The source without comments (SQL `--` comments stay: they sit inside template strings). */
function code(source: string) {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const BUILDER =
  /\b(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|mergeInto)\(\s*'([a-z_]+)/g;
const BUILDER_LIST = /\bselectFrom\(\s*\[([^\]]*)\]/g;
const RAW = /\b(?:from|join|update|into)\s+([a-z_]+)\b/gi;

function tablesIn(source: string): Set<string> {
  const text = code(source);
  const found = new Set<string>();
  for (const m of text.matchAll(BUILDER)) found.add(m[1]);
  for (const m of text.matchAll(BUILDER_LIST)) for (const t of m[1].matchAll(/'([a-z_]+)/g)) found.add(t[1]);
  // Raw SQL names only count when they are tables (prose like "from the registry" is not).
  for (const m of text.matchAll(RAW)) if (owner.has(m[1])) found.add(m[1]);
  return found;
}

function moduleFiles() {
  const files: { module: string; file: string; source: string }[] = [];
  for (const module of fs.readdirSync(MODULES)) {
    const dir = path.join(MODULES, module);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir))
      if (file.endsWith('.ts') && !file.endsWith('.test.ts'))
        files.push({ module, file, source: fs.readFileSync(path.join(dir, file), 'utf8') });
  }
  return files;
}

describe('table ownership', () => {
  it('gives every table a migration creates an owner', () => {
    const dir = path.join(SRC, 'db/migrations');
    const created = new Set<string>();
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const m of text.matchAll(/create table (?:if not exists )?([a-z_]+)/gi)) created.add(m[1]);
      for (const m of text.matchAll(/createTable\('([a-z_]+)'/g)) created.add(m[1]);
    }
    expect([...created].filter((t) => !owner.has(t))).toEqual([]);
    expect([...owner.keys()].filter((t) => !created.has(t))).toEqual([]);
  });

  it('keeps each module to its own tables, but for the exceptions listed', () => {
    const foreign: Record<string, string[]> = {};
    for (const { module, file, source } of moduleFiles()) {
      if (ANYWHERE.has(module)) continue;
      const tables = [...tablesIn(source)].filter((t) => {
        const o = owner.get(t);
        return o !== undefined && o !== module;
      });
      if (tables.length > 0) foreign[`${module}/${file}`] = tables.sort();
    }
    const listed = Object.fromEntries(
      Object.entries(EXCEPTIONS)
        .filter(([, e]) => e.tables.length > 0)
        .map(([file, e]) => [file, [...e.tables].sort()]),
    );
    expect(foreign).toEqual(listed);
  });

  it('finds the tables a file names, in builder calls and raw SQL', () => {
    const sample = `
      // selectFrom('notices') in a comment does not count
      db.selectFrom('cases as c').innerJoin('people as p', 'p.id', 'c.person_id');
      db.selectFrom(['orgs', 'things']);
      sql\`select count(*) from households h join houses ho on ho.id = h.house_id\`;
      /** read from the registry, update the case */
      db.insertInto('visits').values(v); db.updateTable('disputes'); db.deleteFrom('notice_reads');
    `;
    expect([...tablesIn(sample)].sort()).toEqual([
      'cases',
      'disputes',
      'households',
      'houses',
      'notice_reads',
      'orgs',
      'people',
      'things',
      'visits',
    ]);
  });
});
