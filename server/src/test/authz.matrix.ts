import { ROLES, type Role } from '../platform/auth/permissions.ts';

/**
 * The authorization matrix: for every route of the OpenAPI document, every role (and anonymous),
 * what answer a caller gets for a target inside their area scope and for one outside it.
 * `authz.test.ts` fails when a route has no entry here, or an entry names a route that is gone.
 *
 * Outcomes:
 * - `allow`: served. A read answers 2xx (409 where the route may refuse for the data's sake, e.g.
 *   a grid too small to split). A write must SUCCEED: 2xx. Give it a body (BODIES, QUERIES in
 *   authz.test.ts) that the service accepts; "not 401/403/404" is not enough, since a broken body
 *   or a broken route would pass that too.
 * - `conflict`: a write the caller may make, sent on purpose with data the service refuses with
 *   409 and a problem document (a stale `version`, a code that exists, a closed case): the access
 *   check passed, nothing was written. Say why in `note`.
 * - `invalid`: a write the caller may make, sent on purpose with input refused as such — 400 or
 *   422 with a problem document (a wrong current password, an empty file). Say why in `note`.
 * - `empty`: 2xx, and nothing from outside the caller's scope appears in the answer.
 * - `forbidden` 403, `hidden` 404 (scope: "as if it did not exist"), `unauth` 401.
 * - `refused`: 422 naming the field that points outside the scope (a new record placed in a grid,
 *   building or house the caller may not see: "不存在、已注销或不在您的管辖范围内").
 * - `skip`: not exercised, with the reason in `note` (e.g. an event stream that never ends).
 *
 * In the test every role's scope is community 440305001001 (grid_worker: one grid in it), and
 * "outside" is community 440305001002 of the same street, where the demo district also has
 * residents, places and cases. District-wide roles thus run with a narrower scope than in the
 * demo: the scope rule is the same code-prefix match for every role.
 */
export type Outcome =
  | 'allow'
  | 'conflict'
  | 'invalid'
  | 'empty'
  | 'forbidden'
  | 'hidden'
  | 'unauth'
  | 'refused'
  | 'skip';
export type Caller = Role | 'anonymous';
export const CALLERS: readonly Caller[] = [...ROLES, 'anonymous'];

export interface Expect {
  in: Outcome;
  out: Outcome;
}
export interface Entry {
  expect: Record<Caller, Expect>;
  note?: string;
}

// Need to know (docs/roles.md): the population register is for those who keep it; the command
// centre looks up places, components and organizations; departments read neither.
const READ_REGISTRY: Role[] = ['district_admin', 'area_leader', 'grid_worker'];
const LOOKUP_REGISTRY: Role[] = [...READ_REGISTRY, 'command_operator', 'enforcement_officer'];
const WRITE_REGISTRY: Role[] = ['district_admin', 'grid_worker'];
const READ_AREAS: Role[] = ROLES.filter((r) => r !== 'audit_admin');
/** Roles that never see cases (a resident sees only their own reports). */
const NO_CASES: Role[] = ['audit_admin', 'mediator', 'party_admin', 'partner'];
const READ_CASES: Role[] = ROLES.filter((r) => r !== 'resident' && !NO_CASES.includes(r));
const ADMIN: Role[] = ['district_admin'];
const MANAGE_ACCOUNTS: Role[] = ['district_admin', 'area_leader'];
const SIGNED_IN: Role[] = [...ROLES];

const e = (inside: Outcome, outside: Outcome = inside): Expect => ({ in: inside, out: outside });

// Grid teams and patrols (teams.*, visits.* permissions).
const READ_TEAMS: Role[] = ['district_admin', 'command_operator', 'area_leader', 'grid_worker'];
const MANAGE_TEAMS: Role[] = ['district_admin', 'area_leader'];
const READ_VISITS: Role[] = ['district_admin', 'command_operator', 'area_leader', 'grid_worker'];
const RECORD_VISITS: Role[] = ['area_leader', 'grid_worker'];
const PLAN_VISITS: Role[] = ['district_admin', 'area_leader'];
// The command centre and the resources sunk to communities (command.*, resources.write).
const COMMAND: Role[] = ['district_admin', 'command_operator', 'area_leader'];
const WRITE_RESOURCES: Role[] = ['district_admin', 'area_leader'];

// Administrative enforcement (enforcement.* permissions).
const READ_ENFORCEMENT: Role[] = ['district_admin', 'area_leader', 'enforcement_officer', 'legal_reviewer'];
/**
 * A write on one matter: who reads matters but may not make it gets 403 inside, 404 outside; who
 * does not read matters at all, 403 on both sides.
 */
function matterWrite(allowed: Role[], note: string): Entry {
  const except: Partial<Record<Caller, Expect>> = {};
  for (const role of READ_ENFORCEMENT) if (!allowed.includes(role)) except[role] = e('forbidden', 'hidden');
  return scoped(allowed, except, note);
}
// Disputes and mediation (disputes.* permissions).
const READ_DISPUTES: Role[] = [
  'district_admin',
  'command_operator',
  'area_leader',
  'grid_worker',
  'mediator',
];
const RECORD_DISPUTES: Role[] = ['district_admin', 'area_leader', 'grid_worker'];
const MANAGE_DISPUTES: Role[] = ['district_admin', 'area_leader'];
const MEDIATE_DISPUTES: Role[] = ['district_admin', 'area_leader', 'mediator'];
// Party building (party.* permissions): party roles only, not even district_admin (docs/roles.md).
const PARTY: Role[] = ['party_admin'];
// Cameras and their alarms (cameras.* permissions).
const READ_CAMERAS: Role[] = ['district_admin', 'command_operator', 'area_leader'];
const DECIDE_CAMERAS: Role[] = ['district_admin', 'command_operator'];
const CAMERA_KEY =
  'needs an API key of scope cameras.alarm; a session does not count (key scope: cameras.test.ts)';

// Questions to deputies and departments (questions.* permissions). A question is seen by its
// asker, its answerer, the community's staff and (a public one) the community's residents; to
// anyone else it does not exist. Inside: a public question put to the case's department (whose
// handler is the dept_handler caller); outside: one put to a deputy of the other community.
const MODERATE_QUESTIONS: Role[] = ['district_admin', 'area_leader'];
const SEE_QUESTION: Role[] = [...MODERATE_QUESTIONS, 'dept_handler', 'resident'];
const READ_NOTICES: Role[] = ['district_admin', 'area_leader', 'grid_worker', 'resident'];
const PUBLISH_NOTICES: Role[] = ['district_admin', 'area_leader'];
// A notice's file: a public notice's is public; to anyone else who may not read it, it does not exist.
const noticeHidden: Partial<Record<Caller, Expect>> = { anonymous: e('hidden') };
for (const role of ROLES) if (!READ_NOTICES.includes(role)) noticeHidden[role] = e('hidden');
// Partners and their services (partners.*): staff of the area, the partner's own accounts (the
// `partner` caller is bound to the inside partner), residents for what is offered where they live.
const PARTNER_STAFF: Role[] = ['district_admin', 'area_leader'];
const SERVICE_READERS: Role[] = [...PARTNER_STAFF, 'partner', 'resident'];
// Five-joint pairing (pairing.*).
const PAIRING: Role[] = ['district_admin', 'area_leader', 'party_admin'];
const APPROVE_RESIDENTS: Role[] = ['district_admin', 'area_leader', 'grid_worker'];
// Homeowners' committees' accounts (disclosure.* permissions): community staff read and publish
// those of their area; an owner (the inside resident owns a house of the inside estate) reads
// its published statements; to anyone else they do not exist.
const READ_DISCLOSURE: Role[] = ['district_admin', 'area_leader'];
const PUBLISH_DISCLOSURE: Role[] = ['district_admin', 'area_leader'];
const SEE_DISCLOSURE: Role[] = [...READ_DISCLOSURE, 'resident'];
const questionRead = (() => {
  const except: Partial<Record<Caller, Expect>> = {};
  for (const role of ROLES) if (!SEE_QUESTION.includes(role)) except[role] = { in: 'hidden', out: 'hidden' };
  return except;
})();

// Self-governance (estates.*, meetings.*, votes.*): staff of the community; residents and deputies
// see the community's public meetings and register; a vote is seen only by its electorate (the
// test's resident owns nothing in the estate, so a vote does not exist for them).
const READ_ESTATES: Role[] = ['district_admin', 'area_leader', 'grid_worker'];
const WRITE_ESTATES: Role[] = ['district_admin', 'area_leader'];
const READ_MEETINGS: Role[] = ['district_admin', 'area_leader', 'grid_worker'];
const MANAGE_MEETINGS: Role[] = ['district_admin', 'area_leader'];
const VOTERS: Role[] = ['resident', 'deputy'];
const notVoter = {
  resident: { in: 'hidden', out: 'hidden' },
  deputy: { in: 'hidden', out: 'hidden' },
} as const;

/** `roles` get `granted`, other signed-in callers 403, anonymous 401; then `except` overrides. */
function entry(
  roles: readonly Role[],
  granted: Expect,
  except: Partial<Record<Caller, Expect>> = {},
  note?: string,
): Entry {
  const expect = {} as Record<Caller, Expect>;
  for (const caller of CALLERS)
    expect[caller] = caller === 'anonymous' ? e('unauth') : roles.includes(caller) ? granted : e('forbidden');
  return { expect: { ...expect, ...except }, note };
}

/** Needs a permission; a record outside scope is 404. */
const scoped = (roles: readonly Role[], except?: Partial<Record<Caller, Expect>>, note?: string) =>
  entry(roles, e('allow', 'hidden'), except, note);
/** Needs a permission; sent with a stale version (or data that exists), so 409 inside, 404 outside. */
const stale = (roles: readonly Role[], except?: Partial<Record<Caller, Expect>>, note?: string) =>
  entry(roles, e('conflict', 'hidden'), except, note);
/** Needs a permission; a list filtered by scope. */
const listed = (roles: readonly Role[], except?: Partial<Record<Caller, Expect>>, note?: string) =>
  entry(roles, e('allow', 'empty'), except, note);
/** Needs a permission; nothing area-bound (settings, catalogues). */
const global = (roles: readonly Role[], except?: Partial<Record<Caller, Expect>>, note?: string) =>
  entry(roles, e('allow'), except, note);
/** Served to everyone, signed in or not. */
const open = (note?: string) => entry(SIGNED_IN, e('allow'), { anonymous: e('allow') }, note);
/**
 * The same answer whoever calls: login (the session is not asked), and Open311, which ignores the
 * session cookie (it is served outside /api/) because its caller is an API key.
 */
const alike = (outcome: Expect, note: string): Entry => {
  const expect = {} as Record<Caller, Expect>;
  for (const caller of CALLERS) expect[caller] = outcome;
  return { expect, note };
};

/**
 * A registry record kind: list, create, export, one, edit, history, retire. `readers`: who may
 * list it and open one record (places, components and organizations are looked up by more).
 */
function registry(
  base: string,
  readers = READ_REGISTRY,
  createOut: Outcome = 'refused',
): Record<string, Entry> {
  const retireNote = 'retire is sent with a stale version: allowed callers get 409, nothing is retired';
  return {
    [`GET ${base}`]: listed(readers),
    [`POST ${base}`]: entry(WRITE_REGISTRY, e('allow', createOut), {}, 'outside: placed outside scope'),
    [`GET ${base}/export`]: scoped(READ_REGISTRY, {}, 'outside: an area outside scope'),
    [`GET ${base}/{id}`]: scoped(readers),
    [`PATCH ${base}/{id}`]: stale(WRITE_REGISTRY, {}, 'sent with a stale version: allowed callers get 409'),
    [`GET ${base}/{id}/history`]: scoped(READ_REGISTRY),
    [`POST ${base}/{id}/retire`]: stale(WRITE_REGISTRY, {}, retireNote),
  };
}

/**
 * A move on a case: who may not make it but sees the case gets 403 inside scope; a case they may
 * not see (outside scope, or `invisible` roles) is 404.
 */
function caseWrite(
  allowed: Role[],
  invisible: Role[],
  note: string,
  granted: Expect = e('allow', 'hidden'),
  overrides: Partial<Record<Caller, Expect>> = {},
): Entry {
  const except: Partial<Record<Caller, Expect>> = {};
  for (const role of ROLES)
    if (invisible.includes(role)) except[role] = e('hidden');
    else if (!allowed.includes(role)) except[role] = e('forbidden', 'hidden');
  return entry(allowed, granted, { ...except, ...overrides }, note);
}

// A case inside scope is seen by its reporter, by staff with cases.read in its area, and by a
// department handler only when it is their department's. audit_admin may not know it exists.
const caseRead = scoped(READ_CASES, {
  resident: e('allow', 'hidden'),
  audit_admin: e('hidden'),
  mediator: e('hidden'),
  party_admin: e('hidden'),
  partner: e('hidden'),
});

/**
 * A move on a dispute (one fresh dispute per caller, in the state the move starts from): who sees
 * it but may not make the move gets 403 inside scope and 404 outside; who may not see disputes, 403.
 */
function disputeWrite(allowed: Role[], note: string): Entry {
  const except: Partial<Record<Caller, Expect>> = {};
  for (const role of READ_DISPUTES) if (!allowed.includes(role)) except[role] = e('forbidden', 'hidden');
  return scoped(allowed, except, note);
}

export const MATRIX: Record<string, Entry> = {
  'GET /api/health': open(),
  'GET /api/setup': alike(e('hidden'), 'without a good setup token: 404 for everyone'),
  'POST /api/setup': alike(e('hidden'), 'a wrong setup token: 404 for everyone'),
  'POST /api/auth/login': alike(e('unauth'), 'wrong credentials for an unknown user: 401 for everyone'),
  'POST /api/auth/logout': entry(
    SIGNED_IN,
    e('allow'),
    { anonymous: e('allow') },
    'run with a throwaway session',
  ),
  'GET /api/auth/me': global(SIGNED_IN),
  'POST /api/auth/password': entry(
    SIGNED_IN,
    e('invalid'),
    {},
    'a wrong current password: 422, nothing changes',
  ),
  'POST /api/auth/totp/setup': global(SIGNED_IN, {}, 'a pending secret, unused until enabled'),
  'POST /api/auth/totp/enable': entry(SIGNED_IN, e('invalid'), {}, 'a wrong code: 422'),
  'POST /api/auth/totp/disable': entry(SIGNED_IN, e('conflict'), {}, 'not enabled: 409'),
  'GET /api/auth/sessions': global(SIGNED_IN),
  // Inside: a second session of the caller's own; outside: another user's session.
  'DELETE /api/auth/sessions/{id}': scoped(SIGNED_IN),
  // accounts.manage: a grid worker in the caller's area, and one outside it (area leaders manage
  // grid workers only, district administrators every role but the audit administrator's).
  'GET /api/users/{id}/sessions': scoped(MANAGE_ACCOUNTS),
  'DELETE /api/users/{id}/sessions/{sessionId}': scoped(
    MANAGE_ACCOUNTS,
    { area_leader: { in: 'skip', out: 'hidden' } },
    'ends a throwaway session of a throwaway user; the district administrator ends it first',
  ),
  'GET /api/users': listed(MANAGE_ACCOUNTS),
  'GET /api/users/grants': global(MANAGE_ACCOUNTS),
  'POST /api/users': entry(
    MANAGE_ACCOUNTS,
    e('allow', 'refused'),
    {},
    'a grid worker in the grid; outside: placed outside scope',
  ),
  'POST /api/users/import': entry(
    MANAGE_ACCOUNTS,
    e('invalid'),
    {},
    'an empty file: allowed callers get 422',
  ),
  'GET /api/users/{id}': scoped(MANAGE_ACCOUNTS),
  'PATCH /api/users/{id}': stale(MANAGE_ACCOUNTS, {}, 'sent with a stale version: allowed callers get 409'),
  'POST /api/users/{id}/disable': scoped(MANAGE_ACCOUNTS, {}, 'a spare grid worker of the area'),
  'POST /api/users/{id}/enable': scoped(MANAGE_ACCOUNTS, {}, 'a spare grid worker of the area'),
  'POST /api/users/{id}/unlock': scoped(MANAGE_ACCOUNTS),
  'POST /api/users/{id}/reset-password': scoped(MANAGE_ACCOUNTS, {}, 'a spare grid worker of the area'),

  'GET /api/areas/tree': listed(READ_AREAS),
  'GET /api/areas': listed(READ_AREAS),
  'POST /api/areas': stale(ADMIN, {}, 'an existing code: allowed callers get 409, nothing is created'),
  'GET /api/areas.geojson': listed(READ_AREAS),
  'GET /api/areas/locate': scoped(READ_AREAS, {}, 'a point in the scope, and one outside it'),
  'GET /api/areas/{code}': scoped(READ_AREAS),
  'PATCH /api/areas/{code}': stale(ADMIN, {}, 'sent with a stale version'),
  'GET /api/areas/{code}/history': scoped(READ_AREAS),
  'POST /api/areas/{code}/retire': stale(ADMIN, {}, 'sent with a stale version: nothing is retired'),
  'POST /api/areas/import': global(ADMIN, {}, 'an empty FeatureCollection'),
  'POST /api/areas/import/preview': entry(ADMIN, e('invalid'), {}, 'a JSON body instead of a file: 422'),
  'POST /api/areas/import/file': entry(ADMIN, e('invalid'), {}, 'a JSON body instead of a file: 422'),
  'GET /api/settings/base-map': global(
    SIGNED_IN,
    {},
    'the tile layer every map draws; bounds of the caller’s area',
  ),
  'PUT /api/settings/base-map': global(ADMIN),
  'GET /api/grid-sizing': listed(READ_AREAS),
  'PUT /api/grid-sizing/rule': global(ADMIN, {}, 'the usual rule: 300 households, 1,000 people'),
  'GET /api/areas/{code}/split-proposal': scoped(READ_AREAS),
  'POST /api/areas/{code}/split': stale(ADMIN, {}, 'sent with a stale version: nothing is split'),

  ...registry('/api/people'),
  'POST /api/people/{id}/reveal': scoped(['district_admin', 'area_leader']),
  ...registry('/api/things', LOOKUP_REGISTRY),
  ...registry('/api/orgs', LOOKUP_REGISTRY),
  ...registry('/api/buildings', LOOKUP_REGISTRY),
  ...registry('/api/houses', LOOKUP_REGISTRY),
  ...registry('/api/households'),
  'GET /api/registry/stats': listed(READ_REGISTRY),

  // Tag definitions are district-wide settings: areas.write and registry.write.
  'PUT /api/tags/{code}': global(ADMIN, {}, 'the tag’s current names are written back'),
  'GET /api/tags/settings': global(ADMIN),
  'GET /api/tags': global(READ_REGISTRY),

  'GET /api/calendar': global(READ_CASES),
  'PUT /api/calendar/days/{day}': global(ADMIN, {}, 'a day in 2031'),
  'DELETE /api/calendar/days/{day}': global(ADMIN, {}, 'a day in 2031'),
  'PUT /api/calendar/hours': global(ADMIN, {}, 'office hours 09:00–18:00'),

  // A resident's list is their own reports; audit_admin has no case permission.
  'GET /api/cases': listed([...READ_CASES, 'resident']),
  'POST /api/cases': entry(
    ['district_admin', 'command_operator', 'dept_handler', 'grid_worker', 'resident'],
    e('allow', 'hidden'),
    { resident: e('allow') },
    'outside: a grid outside scope; residents report anywhere in the district',
  ),
  'GET /api/cases/inbox': listed(SIGNED_IN, {}, 'roles with no move to make get an empty inbox'),
  'GET /api/cases/similar': listed(SIGNED_IN, {}, 'filtered by who may see each case'),
  'GET /api/cases/{id}': caseRead,
  'GET /api/cases/{id}/timeline': caseRead,
  'GET /api/cases/{id}/suggestion': caseRead,
  'POST /api/cases/{id}/{move}': caseWrite(
    ['district_admin', 'command_operator'],
    ['dept_handler', ...NO_CASES],
    '`register` on a fresh report of the resident’s (one per caller): a move for the command centre; no department is chosen yet, so no handler sees it',
  ),
  'POST /api/cases/{id}/supervise': caseWrite(
    ['district_admin', 'area_leader'],
    NO_CASES,
    'on a closed case: leaders get 409, nothing is written',
    e('conflict', 'hidden'),
  ),
  'POST /api/cases/{id}/evaluate': caseWrite(
    ['district_admin', 'command_operator', 'area_leader', 'resident'],
    NO_CASES,
    'a closed case the resident reported: staff add an evaluation; the reporter has rated it already (409)',
    e('allow', 'hidden'),
    { resident: e('conflict', 'hidden') },
  ),
  'POST /api/cases/{id}/attachments': caseRead,
  'GET /api/cases/{id}/attachments/{fileId}': caseRead,
  'GET /api/cases/events': entry(
    READ_CASES,
    e('skip'),
    {},
    'an event stream never ends under inject: only the refusals here; what it sends to whom: cases.events.test.ts',
  ),
  'GET /api/cases/figures': listed(READ_CASES),
  'GET /api/cases/overview': listed(READ_CASES),
  'GET /api/case-categories': global(SIGNED_IN),
  'GET /api/departments': global(SIGNED_IN),
  // Before the edits below: the administrator's call adds the unit they then change.
  'POST /api/departments': global(ADMIN, {}, 'a new unit; a second call gets 409'),
  'PATCH /api/departments/{code}': entry(ADMIN, e('conflict'), {}, 'sent with a stale version: 409'),
  'POST /api/departments/{code}/retire': entry(
    ADMIN,
    e('conflict'),
    {},
    'sent with a stale version: 409, nothing retired',
  ),
  'PUT /api/case-categories/{code}': entry(
    ADMIN,
    e('allow', 'conflict'),
    {},
    'a new category (inside); the second call (outside) has no version: 409',
  ),
  'GET /api/routing-rules': global(ADMIN),
  'POST /api/routing-rules': scoped(
    ADMIN,
    {},
    'outside: a rule for an area outside scope; a repeat gets 409',
  ),
  'DELETE /api/routing-rules/{id}': entry(
    ADMIN,
    e('hidden'),
    {},
    'a rule that does not exist: 404 for those allowed',
  ),

  'GET /api/ledger-types': global(ADMIN),
  'PUT /api/ledger-types/{code}': entry(
    ADMIN,
    e('allow', 'conflict'),
    {},
    'a new ledger type (inside); the second call (outside) has no version: 409',
  ),
  'GET /api/ledger-types/{code}/export': scoped(ADMIN, {}, 'outside: an area outside scope'),
  'GET /api/ledger-fields': global(ADMIN),
  'GET /api/ledger-rules': global(ADMIN),
  'PUT /api/ledger-rules': global(ADMIN),
  'POST /api/ledger-files': global(ADMIN, {}, 'a small CSV file'),
  'POST /api/ledger-imports': entry(ADMIN, e('invalid'), {}, 'a file that was never uploaded: 422'),
  'GET /api/ledger-imports': listed(ADMIN),
  'GET /api/ledger-imports/{id}': entry(ADMIN, e('hidden'), {}, 'an import that does not exist'),
  'GET /api/ledger-imports/{id}/problems': entry(ADMIN, e('hidden'), {}, 'an import that does not exist'),
  'GET /api/ledger-imports/{id}/report.xlsx': entry(ADMIN, e('hidden'), {}, 'an import that does not exist'),
  'POST /api/ledger-imports/{id}/commit': entry(ADMIN, e('hidden'), {}, 'an import that does not exist'),
  'POST /api/ledger-imports/{id}/cancel': entry(ADMIN, e('hidden'), {}, 'an import that does not exist'),
  'POST /api/ledger-imports/{id}/rollback': entry(ADMIN, e('hidden'), {}, 'an import that does not exist'),
  'GET /api/ledger-conflicts': listed(ADMIN),
  'POST /api/ledger-conflicts/{id}/resolve': entry(ADMIN, e('hidden'), {}, 'a conflict that does not exist'),
  'GET /api/ledger-sources/{entity}/{id}': scoped(READ_REGISTRY),

  'GET /api/api-keys': listed(ADMIN),
  'POST /api/api-keys': scoped(ADMIN, {}, 'outside: a key for an area outside scope'),
  'POST /api/api-keys/{id}/revoke': scoped(ADMIN, {}, 'a key issued for the test'),

  'GET /api/audit': global(['audit_admin']),

  // Open data: the catalogue, CKAN's action API, files and DCAT are public; datasets' settings,
  // refreshes, partners' keys and usage are the district administrator's (opendata.manage).
  'GET /catalog.jsonld': open('public: DCAT for harvesters'),
  'GET /catalog.ttl': open('public: DCAT as Turtle'),
  'GET /catalog': open('public: DCAT by content negotiation'),
  'GET /api/3/action/package_list': open('public: CKAN'),
  'GET /api/3/action/package_show': open('public: CKAN'),
  'GET /api/3/action/package_search': open('public: CKAN'),
  'GET /api/3/action/organization_list': open('public: CKAN'),
  'GET /api/3/action/datastore_search': open(
    'a public dataset; restricted ones need a key (opendata.test.ts)',
  ),
  'POST /api/3/action/package_list': open('public: CKAN (POST, as CKAN clients send)'),
  'POST /api/3/action/package_show': open('public: CKAN (POST)'),
  'POST /api/3/action/package_search': open('public: CKAN (POST)'),
  'POST /api/3/action/organization_list': open('public: CKAN (POST)'),
  'POST /api/3/action/datastore_search': open('a public dataset (POST)'),
  'GET /api/opendata/datasets': open('public'),
  'GET /api/opendata/datasets/{name}': open('public'),
  'GET /api/opendata/datasets/{name}/datapackage.json': open('public'),
  'GET /api/opendata/datasets/{name}/download/{format}': open('a public dataset'),
  'PUT /api/opendata/datasets/{name}/settings': global(ADMIN, {}, 'sets what is already set'),
  'POST /api/opendata/datasets/{name}/refresh': global(ADMIN),
  'GET /api/opendata/datasets/{name}/versions': global(ADMIN),
  'GET /api/opendata/partner-keys': listed(ADMIN),
  'POST /api/opendata/partner-keys': scoped(ADMIN, {}, 'outside: a key for an area outside scope'),
  'POST /api/opendata/partner-keys/{id}/revoke': scoped(ADMIN, {}, 'a partner key issued for the test'),
  'GET /api/opendata/usage': listed(ADMIN),
  'GET /api/opendata/partner/usage': alike(e('unauth'), 'a partner key, not a session (opendata.test.ts)'),

  // Credit records (credit.manage); the public query is open, an organization's own view needs its key.
  'GET /api/credit/public': open('public, rate limited per address'),
  'GET /api/credit/entries': listed(ADMIN),
  'POST /api/credit/abnormal-list': global(ADMIN, {}, 'a dry run of a small CSV (one unknown code)'),
  'POST /api/credit/entries': entry(
    ADMIN,
    e('allow', 'refused'),
    {},
    'outside: an organization outside scope',
  ),
  'GET /api/credit/entries/{id}': scoped(ADMIN),
  'POST /api/credit/entries/{id}/repairs': scoped(ADMIN, {}, 'an entry recorded for the test'),
  'GET /api/credit/repairs': listed(ADMIN),
  'POST /api/credit/repairs/{id}/decide': scoped(ADMIN, {}, 'a pending repair recorded for the test'),
  'GET /api/credit/export': scoped(ADMIN, {}, 'outside: an area outside scope'),
  'GET /api/credit/own': alike(e('unauth'), 'a partner key of an organization (credit.test.ts)'),
  'POST /api/credit/own/repairs': alike(e('unauth'), 'a partner key of an organization (credit.test.ts)'),

  'GET /open311/v2/discovery.{format}': alike(e('allow'), 'public'),
  'GET /open311/v2/services.{format}': alike(e('allow'), 'public'),
  'GET /open311/v2/services/{service_code}.{format}': alike(e('allow'), 'public'),
  'POST /open311/v2/requests.{format}': alike(
    e('forbidden'),
    'needs an API key; a session cookie does not count (key scope: open311.test.ts)',
  ),
  'GET /open311/v2/requests.{format}': alike(e('empty'), 'without a key: Open311 requests only'),
  'GET /open311/v2/requests/{service_request_id}.{format}': alike(
    e('hidden'),
    'without a key a case reported otherwise is not found',
  ),
  'GET /open311/v2/tokens/{token}.{format}': alike(e('hidden'), 'an unknown token'),

  'GET /api/team-members': listed(READ_TEAMS),
  'POST /api/team-members': entry(
    MANAGE_TEAMS,
    e('allow', 'refused'),
    {},
    'outside: serving a grid outside scope',
  ),
  'GET /api/team-members/{id}': scoped(READ_TEAMS),
  'PATCH /api/team-members/{id}': stale(
    MANAGE_TEAMS,
    {},
    'sent with a stale version: allowed callers get 409',
  ),
  'GET /api/team-members/{id}/history': scoped(READ_TEAMS),
  'POST /api/team-members/{id}/qualifications': scoped(MANAGE_TEAMS),
  'POST /api/team-members/{id}/trainings': scoped(MANAGE_TEAMS),
  'GET /api/forces': listed(READ_TEAMS),
  'PUT /api/force-contacts': entry(MANAGE_TEAMS, e('allow', 'refused'), {}, 'outside: an area outside scope'),
  'GET /api/grids/{code}/contacts': scoped(READ_AREAS, {}, 'residents of the area see the card too'),
  'GET /api/team-rewards/rules': global(READ_TEAMS),
  'PUT /api/team-rewards/rules': global(ADMIN),
  'GET /api/team-rewards': listed(READ_TEAMS),
  'GET /api/visit-plans': listed(READ_VISITS),
  'POST /api/visit-plans': scoped(PLAN_VISITS, {}, 'outside: a plan for an area outside scope'),
  'PATCH /api/visit-plans/{id}': stale(PLAN_VISITS, {}, 'sent with a stale version: allowed callers get 409'),
  'POST /api/visit-plans/generate': scoped(PLAN_VISITS, {}, 'outside: an area outside scope'),
  'GET /api/visit-tasks': listed(READ_VISITS),
  'GET /api/visit-tasks/overdue': listed(READ_VISITS),
  'GET /api/visit-tasks/{id}': scoped(READ_VISITS),
  'GET /api/patrols/coverage': listed(READ_VISITS),
  'POST /api/visits': entry(RECORD_VISITS, e('allow', 'refused'), {}, 'outside: a grid outside scope'),
  'GET /api/visits': listed(READ_VISITS),
  'GET /api/visits/tracks': listed(READ_VISITS),
  'GET /api/visits/{id}': scoped(READ_VISITS),
  'GET /api/visits/{id}/photos/{photoId}': scoped(READ_VISITS),
  'POST /api/visits/{id}/case': scoped(
    RECORD_VISITS,
    { area_leader: e('forbidden', 'hidden') },
    'the first caller makes the case, later ones get 409; area leaders may not report cases',
  ),

  'GET /api/enforcement/matters': listed(READ_ENFORCEMENT),
  'POST /api/enforcement/matters': entry(
    ['enforcement_officer'],
    e('allow', 'refused'),
    {},
    'outside: a grid outside scope',
  ),
  'GET /api/dispute-kinds': global(READ_DISPUTES),
  'PUT /api/dispute-kinds/{code}': global(ADMIN, {}, 'a new kind, one code per side'),
  'GET /api/disputes': listed(READ_DISPUTES),
  'POST /api/disputes': entry(RECORD_DISPUTES, e('allow', 'refused'), {}, 'outside: a grid outside scope'),
  'GET /api/disputes/{id}': scoped(READ_DISPUTES),
  'POST /api/disputes/{id}/assign': disputeWrite(MANAGE_DISPUTES, 'a reported dispute, to a committee'),
  'POST /api/disputes/{id}/sessions': disputeWrite(
    MEDIATE_DISPUTES,
    'a dispute in mediation by the mediator',
  ),
  'POST /api/disputes/{id}/outcome': disputeWrite(MEDIATE_DISPUTES, 'a dispute in mediation, withdrawn'),
  'POST /api/disputes/{id}/extend': disputeWrite(MANAGE_DISPUTES, 'a dispute in mediation, extended once'),
  'POST /api/disputes/{id}/withdraw': disputeWrite(MANAGE_DISPUTES, 'a reported dispute'),
  'POST /api/disputes/{id}/escalate': disputeWrite(
    ['district_admin', 'grid_worker'],
    'a reported dispute becomes a case: only roles that report cases',
  ),
  'GET /api/disputes/{id}/agreement': scoped(READ_DISPUTES, {}, 'an agreed dispute'),
  'POST /api/disputes/{id}/attachments': disputeWrite(
    MEDIATE_DISPUTES,
    'a dispute in mediation by the mediator',
  ),
  'GET /api/disputes/{id}/attachments/{fileId}': scoped(READ_DISPUTES),
  'GET /api/dispute-notices': listed(READ_DISPUTES),
  'GET /api/mediators': listed(READ_DISPUTES),
  'GET /api/dispute-screenings': listed(READ_DISPUTES),
  'PUT /api/dispute-screenings/{gridCode}/{month}': entry(
    RECORD_DISPUTES,
    e('allow', 'refused'),
    {},
    'outside: a grid outside scope',
  ),
  'GET /api/enforcement/matters/{id}': scoped(READ_ENFORCEMENT),
  'POST /api/enforcement/matters/{id}/moves': matterWrite(
    ['enforcement_officer', 'legal_reviewer'],
    'inside: the officer files a fresh matter, the reviewer approves one in review',
  ),
  'POST /api/enforcement/matters/{id}/evidence': matterWrite(['enforcement_officer'], 'a note'),
  'GET /api/enforcement/matters/{id}/documents/{document}': scoped(READ_ENFORCEMENT, {}, 'a decided matter'),
  'GET /api/enforcement/officers': global(['enforcement_officer']),
  'GET /api/enforcement/settings': global(READ_ENFORCEMENT),
  'PUT /api/enforcement/settings': global(ADMIN),
  'GET /api/public/enforcement/decisions': open('the public decisions page: no login'),
  'GET /api/dispute-screenings/report': listed(READ_DISPUTES),
  'GET /api/party/orgs': listed(PARTY),
  'POST /api/party/orgs': entry(PARTY, e('allow', 'refused'), {}, 'outside: an area outside scope'),
  'PATCH /api/party/orgs/{id}': scoped(PARTY, {}, 'with the version read: the change is made'),
  'GET /api/party/members': listed(PARTY),
  'POST /api/party/members': entry(
    PARTY,
    e('allow', 'refused'),
    {},
    'outside: an organization outside scope',
  ),
  'GET /api/party/members/{id}': scoped(PARTY),
  'PATCH /api/party/members/{id}': scoped(PARTY, {}, 'a member of its own per route, at its version'),
  'POST /api/party/members/{id}/status': scoped(PARTY, {}, 'applicant → activist'),
  'POST /api/party/members/{id}/transfer': scoped(PARTY, {}, 'to the second branch of the area'),
  'POST /api/party/members/{id}/dues': scoped(PARTY, {}, 'paid to a later month'),
  'POST /api/party/members/{id}/registration': scoped(PARTY, {}, 'an in-service member registers'),
  'POST /api/party/members/{id}/hours': scoped(PARTY, {}, 'a registered member’s hours'),
  'GET /api/party/meetings': listed(PARTY),
  'POST /api/party/meetings': entry(
    PARTY,
    e('allow', 'refused'),
    {},
    'outside: an organization outside scope',
  ),
  'GET /api/party/requirements': global(PARTY),
  'PUT /api/party/requirements': global(PARTY, {}, 'the default requirements again'),
  'GET /api/party/compliance': listed(PARTY),
  'GET /api/party/arrears': listed(PARTY),
  'GET /api/party/figures': listed(PARTY),
  'POST /api/camera-alarms': alike(e('forbidden'), CAMERA_KEY),
  'POST /api/camera-heartbeats': alike(e('forbidden'), CAMERA_KEY),
  'GET /api/cameras': listed(READ_CAMERAS),
  'GET /api/cameras/points': listed(READ_CAMERAS),
  'POST /api/cameras': entry(ADMIN, e('allow', 'refused'), {}, 'outside: placed outside scope'),
  'POST /api/cameras/import': entry(
    ADMIN,
    e('allow', 'refused'),
    {},
    'a one-row list; outside: the row lies outside scope',
  ),
  'GET /api/cameras/{id}': scoped(READ_CAMERAS),
  'GET /api/camera-incidents': listed(READ_CAMERAS),
  'GET /api/camera-incidents/events': entry(
    READ_CAMERAS,
    e('skip'),
    {},
    'an event stream never ends under inject: only the refusals are asserted',
  ),
  'GET /api/camera-incidents/{id}': scoped(READ_CAMERAS),
  'GET /api/camera-incidents/{id}/snapshot': scoped(READ_CAMERAS),
  'POST /api/camera-incidents/{id}/confirm': scoped(
    DECIDE_CAMERAS,
    {},
    'inside: a pending incident of the caller’s own',
  ),
  'POST /api/camera-incidents/{id}/dismiss': scoped(
    DECIDE_CAMERAS,
    {},
    'inside: a pending incident of the caller’s own',
  ),
  'GET /api/camera-rules': global(READ_CAMERAS),
  'PUT /api/camera-rules/{type}': global(ADMIN),
  'GET /api/camera-settings': global(READ_CAMERAS),
  'PUT /api/camera-settings': global(ADMIN),
  'GET /api/command/figures': listed(COMMAND),
  'GET /api/command/points': listed(COMMAND),
  'GET /api/command/hotspots': listed(COMMAND),
  'POST /api/command/hotspots/send': stale(
    ADMIN,
    {},
    'a hot spot id no longer found: 409 (the clusters changed); outside: an area outside scope',
  ),
  'GET /api/command/hotspots/{id}/cases': scoped(
    COMMAND,
    {},
    'inside: a hot spot id not found, 409 hotspot_gone (the clusters changed); outside: an area outside scope',
  ),
  'GET /api/command/cameras': listed(COMMAND),
  'GET /api/command/rankings': listed(COMMAND),
  'GET /api/command/layouts': global(COMMAND),
  'PUT /api/command/layouts': global(COMMAND, {}, 'one layout per caller and side'),
  'DELETE /api/command/layouts': global(COMMAND, {}, 'deleting a name one has not saved is no error'),
  'GET /api/command/reports': listed(COMMAND),
  'POST /api/command/reports': scoped(ADMIN, {}, 'outside: an area outside scope'),
  'GET /api/command/reports/{id}/docx': scoped(COMMAND),
  'GET /api/command/reports/{id}/xlsx': scoped(COMMAND),
  'GET /api/resources/summary': listed(COMMAND),
  'GET /api/resources/entries': scoped(COMMAND),
  'POST /api/resources/funds': entry(
    WRITE_RESOURCES,
    e('allow', 'refused'),
    {},
    'outside: a community outside scope',
  ),
  'POST /api/resources/people': entry(
    WRITE_RESOURCES,
    e('allow', 'refused'),
    {},
    'outside: a community outside scope',
  ),
  'POST /api/resources/rooms': entry(
    WRITE_RESOURCES,
    e('allow', 'refused'),
    {},
    'outside: a community outside scope',
  ),
  'PUT /api/resources/{kind}/{id}': stale(
    WRITE_RESOURCES,
    {},
    'sent with a stale version: allowed callers get 409',
  ),
  'DELETE /api/resources/{kind}/{id}': stale(
    WRITE_RESOURCES,
    {},
    'sent with a stale version: allowed callers get 409',
  ),
  'POST /api/resources/import': entry(
    WRITE_RESOURCES,
    e('allow', 'refused'),
    {},
    'outside: a ledger row outside scope',
  ),
  'GET /api/question-answerers': global(['resident']),
  'POST /api/questions': global(['resident'], {}, 'to a department; a resident asks within their community'),
  'GET /api/questions': listed(MODERATE_QUESTIONS),
  'GET /api/questions/satisfaction': listed(MODERATE_QUESTIONS),
  'GET /api/questions/mine': global(['resident']),
  'GET /api/questions/inbox': global(
    ['deputy', 'dept_handler', ...PUBLISH_DISCLOSURE],
    {},
    "community staff publishing committees' accounts answer their area's committee questions",
  ),
  'GET /api/questions/notifications': global(['resident']),
  'GET /api/questions/{id}': entry(SEE_QUESTION, e('allow', 'hidden'), questionRead),
  'GET /api/questions/{id}/photos/{photoId}': entry(SEE_QUESTION, e('allow', 'hidden'), questionRead),
  'POST /api/questions/{id}/moderate': scoped(MODERATE_QUESTIONS, {}, 'inside: a fresh question per caller'),
  'POST /api/questions/{id}/answer': scoped(
    ['dept_handler', 'deputy', ...PUBLISH_DISCLOSURE],
    { deputy: e('hidden') },
    "inside: a fresh question per caller, put to the department (community staff: to the estate's committee); the deputy is not its answerer",
  ),
  'POST /api/questions/{id}/rating': scoped(
    ['resident'],
    {},
    'inside: a fresh answered question of the resident',
  ),
  'POST /api/questions/{id}/reopen': scoped(['resident'], {}, 'inside: a fresh answered question rated 1'),
  'POST /api/questions/{id}/follow': scoped(['resident'], {}, 'following again is harmless'),
  'POST /api/questions/{id}/case': entry(
    SEE_QUESTION,
    e('allow', 'hidden'),
    { ...questionRead, resident: e('forbidden', 'hidden') },
    'answerers and the community staff; the asker sees it but may not',
  ),
  'GET /api/settings/questions': global(ADMIN),
  'PUT /api/settings/questions': global(ADMIN),
  'GET /api/public/questions': open('answered public questions, no personal data'),
  'GET /api/public/questions/{id}': open(),
  'GET /api/public/answerers': open(),
  'GET /api/public/communities': open('community names for the public pages'),
  // Resident sign-up: no session is asked for; the rate limits per phone and ID number make a
  // successful sign-up per caller impossible here, so every caller sends a body that is refused.
  'POST /api/resident-signup': alike(e('refused'), 'no registered person matches: 422 for everyone'),
  'POST /api/resident-applications': alike(e('refused'), 'a community that does not exist: 422 for everyone'),
  'POST /api/resident-signup/{id}/verify': alike(e('hidden'), 'no such sign-up: 404 for everyone'),
  'GET /api/resident-applications': listed(APPROVE_RESIDENTS),
  'POST /api/resident-applications/{id}/approve': scoped(APPROVE_RESIDENTS, {}, 'inside: one per caller'),
  'POST /api/resident-applications/{id}/reject': scoped(APPROVE_RESIDENTS, {}, 'inside: one per caller'),
  'GET /api/settings/sms': global(ADMIN),
  'POST /api/notices': entry(PUBLISH_NOTICES, e('allow', 'refused'), {}, 'outside: to a grid outside scope'),
  'GET /api/notices': listed(READ_NOTICES),
  'GET /api/notices/{id}': scoped(READ_NOTICES),
  'POST /api/notices/{id}/read': scoped(READ_NOTICES, {}, 'reading again is harmless'),
  'GET /api/notices/{id}/unread': scoped(READ_NOTICES, { resident: e('forbidden') }),
  'GET /api/notices/{id}/attachments/{fileId}': entry(READ_NOTICES, e('allow', 'hidden'), noticeHidden),
  'GET /api/public/notices': open('public notices only'),
  'PUT /api/communities/{code}/links': scoped(PUBLISH_NOTICES, {}, 'outside: a community outside scope'),
  'GET /api/public/communities/{code}/links': open(),
  'GET /api/public/communities/{code}/links/poster': open(),
  'PUT /api/settings/sms': global(ADMIN),
  'POST /api/public/partner-applications': alike(
    e('refused'),
    'an area that does not exist: 422 for everyone',
  ),
  'GET /api/partners': listed(PARTNER_STAFF),
  'GET /api/partners/figures': listed(PARTNER_STAFF),
  'GET /api/partners/{id}': scoped(PARTNER_STAFF, { partner: e('allow', 'hidden') }, 'a partner: its own'),
  'POST /api/partners/{id}/approve': scoped(PARTNER_STAFF, {}, 'inside: a pending application per caller'),
  'POST /api/partners/{id}/reject': scoped(PARTNER_STAFF, {}, 'inside: a pending application per caller'),
  'GET /api/partner-services': listed(SERVICE_READERS),
  'POST /api/partner-services': entry(
    ['partner'],
    e('allow', 'refused'),
    {},
    'outside: placed outside its area',
  ),
  'GET /api/partner-services/{id}': scoped(SERVICE_READERS, {}, 'outside: another partner’s service'),
  'PATCH /api/partner-services/{id}': stale(['partner'], {}, 'sent with a stale version: 409'),
  'GET /api/partner-bookings': listed(SERVICE_READERS),
  'POST /api/partner-bookings': scoped(['resident'], {}, 'outside: a service not offered where they live'),
  'GET /api/partner-bookings/{id}': scoped(SERVICE_READERS, {}, 'outside: another partner’s and resident’s'),
  'POST /api/partner-bookings/{id}/confirm': scoped(['partner'], {}, 'inside: a booked booking per caller'),
  'POST /api/partner-bookings/{id}/decline': scoped(['partner'], {}, 'inside: a booked booking per caller'),
  'POST /api/partner-bookings/{id}/done': scoped(['partner'], {}, 'inside: a confirmed booking per caller'),
  'POST /api/partner-bookings/{id}/cancel': scoped(['resident'], {}, 'inside: a booked booking per caller'),
  'POST /api/partner-bookings/{id}/rating': scoped(['resident'], {}, 'inside: a done booking per caller'),
  'GET /api/pairings': listed(PAIRING),
  'POST /api/pairings': entry(PAIRING, e('allow', 'refused'), {}, 'outside: a community outside scope'),
  'GET /api/pairings/{id}': scoped(PAIRING),
  'PATCH /api/pairings/{id}': stale(PAIRING, {}, 'sent with a stale version: 409'),
  'PUT /api/pairings/{id}/plans/{year}': stale(PAIRING, {}, 'sent with a stale version: 409'),
  'PUT /api/pairings/{id}/reviews/{year}': stale(PAIRING, {}, 'sent with a stale version: 409'),
  'POST /api/pairings/{id}/activities': scoped(PAIRING),
  'GET /api/pairings/{id}/files/{fileId}': scoped(PAIRING),
  'GET /api/estates': listed(READ_ESTATES),
  'GET /api/estates/{id}': scoped(READ_ESTATES),
  'PUT /api/estates/{id}/houses/{houseId}': stale(WRITE_ESTATES, {}, 'sent with a stale version'),
  'POST /api/estates/{id}/ownership-import': scoped(
    WRITE_ESTATES,
    {},
    'a dry run of a small CSV (one unknown room): a report, nothing written; outside: an estate outside scope',
  ),
  'GET /api/estates/ownership-template.xlsx': global(WRITE_ESTATES),
  'GET /api/meetings': listed([...READ_MEETINGS, ...VOTERS]),
  'POST /api/meetings': entry(
    MANAGE_MEETINGS,
    e('allow', 'refused'),
    {},
    'outside: a community outside scope',
  ),
  'GET /api/meetings/{id}': scoped([...READ_MEETINGS, ...VOTERS], {}, 'a public meeting of the community'),
  'POST /api/meetings/{id}/participants': scoped(
    MANAGE_MEETINGS,
    {},
    'inviting an organization again is harmless',
  ),
  'POST /api/meetings/{id}/register': scoped(VOTERS, {}, 'registering again is harmless'),
  'POST /api/meetings/{id}/record': stale(MANAGE_MEETINGS, {}, 'sent with a stale version'),
  'GET /api/meetings/{id}/attachments/{fileId}': scoped([...READ_MEETINGS, ...VOTERS]),
  'GET /api/decisions': listed(READ_MEETINGS),
  'PATCH /api/decisions/{id}': stale(MANAGE_MEETINGS, {}, 'sent with a stale version'),
  'GET /api/votes': listed([...READ_MEETINGS, ...VOTERS], {}, 'a voter: only the votes of their electorate'),
  'POST /api/votes': entry(MANAGE_MEETINGS, e('allow', 'refused'), {}, 'outside: an estate outside scope'),
  'GET /api/votes/{id}': scoped(READ_MEETINGS, notVoter, 'the test resident owns nothing in the estate'),
  'POST /api/votes/{id}/open': stale(MANAGE_MEETINGS, {}, 'sent with a stale version'),
  'POST /api/votes/{id}/close': stale(MANAGE_MEETINGS, {}, 'sent with a stale version'),
  'POST /api/votes/{id}/publish': stale(MANAGE_MEETINGS, {}, 'sent with a stale version'),
  'POST /api/votes/{id}/ballots': entry(
    [],
    e('allow'),
    notVoter,
    'only a voter of the electorate (votes.test.ts)',
  ),
  'POST /api/votes/{id}/paper-ballots': scoped(
    ['area_leader', 'grid_worker'],
    {},
    'a paper ballot replaces the last',
  ),
  'GET /api/votes/{id}/units': scoped(READ_MEETINGS, notVoter),
  'GET /api/votes/{id}/history': scoped(READ_MEETINGS, notVoter),
  'GET /api/votes/{id}/ballots/{ballotId}/photo': scoped(READ_MEETINGS, notVoter),
  'GET /api/disclosure/categories': global(SEE_DISCLOSURE),
  'GET /api/disclosure/estates': listed(READ_DISCLOSURE),
  'GET /api/disclosure/statements': listed(READ_DISCLOSURE),
  'POST /api/disclosure/statements': entry(
    PUBLISH_DISCLOSURE,
    e('allow', 'refused'),
    {},
    'a draft per caller (a period of its own); outside: an estate outside scope',
  ),
  'POST /api/disclosure/statements/import': entry(
    PUBLISH_DISCLOSURE,
    e('invalid', 'refused'),
    {},
    'a workbook without lines: 422 statement_import_invalid; outside: an estate outside scope',
  ),
  'GET /api/disclosure/template.xlsx': global(SEE_DISCLOSURE),
  'GET /api/disclosure/mine': global(['resident']),
  'GET /api/disclosure/late': listed(READ_DISCLOSURE),
  'GET /api/disclosure/statements/{id}': scoped(
    SEE_DISCLOSURE,
    {},
    'resident: owns a house of the inside estate',
  ),
  'PUT /api/disclosure/statements/{id}': stale(PUBLISH_DISCLOSURE, {}, 'the statement is published: 409'),
  'POST /api/disclosure/statements/{id}/vouchers': stale(
    PUBLISH_DISCLOSURE,
    {},
    'the statement is published: 409',
  ),
  'GET /api/disclosure/statements/{id}/vouchers/{fileId}': scoped(SEE_DISCLOSURE),
  'POST /api/disclosure/statements/{id}/publish': stale(PUBLISH_DISCLOSURE, {}, 'already published: 409'),
  'POST /api/disclosure/statements/{id}/correct': stale(PUBLISH_DISCLOSURE, {}, 'a stale version: 409'),
  'GET /api/disclosure/statements/{id}/export.xlsx': scoped(SEE_DISCLOSURE),
  'GET /api/disclosure/statements/{id}/datapackage.json': scoped(SEE_DISCLOSURE),
  'GET /api/settings/disclosure': global(ADMIN),
  'PUT /api/settings/disclosure': global(ADMIN),
};
