import { ROLES, type Role } from '../platform/auth/permissions.ts';

/**
 * The authorization matrix: for every route of the OpenAPI document, every role (and anonymous),
 * what answer a caller gets for a target inside their area scope and for one outside it.
 * `authz.test.ts` fails when a route has no entry here, or an entry names a route that is gone.
 *
 * Outcomes:
 * - `allow`: served. A read answers 2xx (409 where the route may refuse for the data's sake, e.g.
 *   a grid too small to split); a write answers anything but 401/403/404 (the test's dummy body
 *   may legitimately be refused with 409 `version_conflict` or 422).
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
export type Outcome = 'allow' | 'empty' | 'forbidden' | 'hidden' | 'unauth' | 'refused' | 'skip';
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
const LOOKUP_REGISTRY: Role[] = [...READ_REGISTRY, 'command_operator'];
const WRITE_REGISTRY: Role[] = ['district_admin', 'grid_worker'];
const READ_AREAS: Role[] = ROLES.filter((r) => r !== 'audit_admin');
const READ_CASES: Role[] = ROLES.filter((r) => r !== 'resident' && r !== 'audit_admin');
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
const APPROVE_RESIDENTS: Role[] = ['district_admin', 'area_leader', 'grid_worker'];
const questionRead = (() => {
  const except: Partial<Record<Caller, Expect>> = {};
  for (const role of ROLES) if (!SEE_QUESTION.includes(role)) except[role] = { in: 'hidden', out: 'hidden' };
  return except;
})();

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
    [`PATCH ${base}/{id}`]: scoped(WRITE_REGISTRY, {}, 'sent with a stale version: allowed callers get 409'),
    [`GET ${base}/{id}/history`]: scoped(READ_REGISTRY),
    [`POST ${base}/{id}/retire`]: scoped(WRITE_REGISTRY, {}, retireNote),
  };
}

/**
 * A move on a case: who may not make it but sees the case gets 403 inside scope; a case they may
 * not see (outside scope, or `invisible` roles) is 404.
 */
function caseWrite(allowed: Role[], invisible: Role[], note: string): Entry {
  const except: Partial<Record<Caller, Expect>> = {};
  for (const role of ROLES)
    if (invisible.includes(role)) except[role] = e('hidden');
    else if (!allowed.includes(role)) except[role] = e('forbidden', 'hidden');
  return scoped(allowed, except, note);
}

// A case inside scope is seen by its reporter, by staff with cases.read in its area, and by a
// department handler only when it is their department's. audit_admin may not know it exists.
const caseRead = scoped(READ_CASES, { resident: e('allow', 'hidden'), audit_admin: e('hidden') });

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
  'POST /api/auth/password': global(SIGNED_IN, {}, 'a wrong current password: 422, nothing changes'),
  'POST /api/auth/totp/setup': global(SIGNED_IN, {}, 'a pending secret, unused until enabled'),
  'POST /api/auth/totp/enable': global(SIGNED_IN, {}, 'a wrong code'),
  'POST /api/auth/totp/disable': global(SIGNED_IN, {}, 'not enabled: 409'),
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
  'POST /api/users/import': global(MANAGE_ACCOUNTS, {}, 'an empty file: allowed callers get 422'),
  'GET /api/users/{id}': scoped(MANAGE_ACCOUNTS),
  'PATCH /api/users/{id}': scoped(MANAGE_ACCOUNTS, {}, 'sent with a stale version: allowed callers get 409'),
  'POST /api/users/{id}/disable': scoped(MANAGE_ACCOUNTS, {}, 'a spare grid worker of the area'),
  'POST /api/users/{id}/enable': scoped(MANAGE_ACCOUNTS, {}, 'a spare grid worker of the area'),
  'POST /api/users/{id}/unlock': scoped(MANAGE_ACCOUNTS),
  'POST /api/users/{id}/reset-password': scoped(MANAGE_ACCOUNTS, {}, 'a spare grid worker of the area'),

  'GET /api/areas/tree': listed(READ_AREAS),
  'GET /api/areas': listed(READ_AREAS),
  'POST /api/areas': scoped(ADMIN, {}, 'an existing code: allowed callers get 409, nothing is created'),
  'GET /api/areas.geojson': listed(READ_AREAS),
  'GET /api/areas/locate': scoped(READ_AREAS, {}, 'a point in the scope, and one outside it'),
  'GET /api/areas/{code}': scoped(READ_AREAS),
  'PATCH /api/areas/{code}': scoped(ADMIN, {}, 'sent with a stale version'),
  'GET /api/areas/{code}/history': scoped(READ_AREAS),
  'POST /api/areas/{code}/retire': scoped(ADMIN, {}, 'sent with a stale version: nothing is retired'),
  'POST /api/areas/import': global(ADMIN, {}, 'an empty FeatureCollection'),
  'POST /api/areas/import/preview': global(ADMIN, {}, 'a JSON body instead of a file: refused as a request'),
  'POST /api/areas/import/file': global(ADMIN, {}, 'a JSON body instead of a file: refused as a request'),
  'GET /api/settings/base-map': global(
    SIGNED_IN,
    {},
    'the tile layer every map draws; bounds of the caller’s area',
  ),
  'PUT /api/settings/base-map': global(ADMIN),
  'GET /api/grid-sizing': listed(READ_AREAS),
  'PUT /api/grid-sizing/rule': global(ADMIN, {}, 'the usual rule: 300 households, 1,000 people'),
  'GET /api/areas/{code}/split-proposal': scoped(READ_AREAS),
  'POST /api/areas/{code}/split': scoped(ADMIN, {}, 'sent with a stale version: nothing is split'),

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
    ['dept_handler', 'audit_admin'],
    '`register` on a fresh report of the resident’s (one per caller): a move for the command centre; no department is chosen yet, so no handler sees it',
  ),
  'POST /api/cases/{id}/supervise': caseWrite(
    ['district_admin', 'area_leader'],
    ['audit_admin'],
    'on a closed case: leaders get 409, nothing is written',
  ),
  'POST /api/cases/{id}/evaluate': caseWrite(
    ['district_admin', 'command_operator', 'area_leader', 'resident'],
    ['audit_admin'],
    'a closed case the resident reported (staff add an evaluation; the reporter rates it)',
  ),
  'POST /api/cases/{id}/attachments': caseRead,
  'GET /api/cases/{id}/attachments/{fileId}': caseRead,
  'GET /api/cases/events': entry(
    READ_CASES,
    e('skip'),
    {},
    'an event stream never ends under inject: only the refusals are asserted',
  ),
  'GET /api/cases/figures': listed(READ_CASES),
  'GET /api/cases/overview': listed(READ_CASES),
  'GET /api/case-categories': global(SIGNED_IN),
  'GET /api/departments': global(SIGNED_IN),
  // Before the edits below: the administrator's call adds the unit they then change.
  'POST /api/departments': global(ADMIN, {}, 'a new unit; a second call gets 409'),
  'PATCH /api/departments/{code}': global(ADMIN, {}, 'sent with a stale version: 409'),
  'POST /api/departments/{code}/retire': global(ADMIN, {}, 'sent with a stale version: 409, nothing retired'),
  'PUT /api/case-categories/{code}': global(
    ADMIN,
    {},
    'a new category; later calls without a version get 409',
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
  'PUT /api/ledger-types/{code}': global(
    ADMIN,
    {},
    'a new ledger type; later calls without a version get 409',
  ),
  'GET /api/ledger-types/{code}/export': scoped(ADMIN, {}, 'outside: an area outside scope'),
  'GET /api/ledger-fields': global(ADMIN),
  'GET /api/ledger-rules': global(ADMIN),
  'PUT /api/ledger-rules': global(ADMIN),
  'POST /api/ledger-files': global(ADMIN, {}, 'a JSON body, not a file: 415 for those allowed'),
  'POST /api/ledger-imports': global(ADMIN, {}, 'a file that was never uploaded: 422'),
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
  'PATCH /api/team-members/{id}': scoped(
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
  'PATCH /api/visit-plans/{id}': scoped(
    PLAN_VISITS,
    {},
    'sent with a stale version: allowed callers get 409',
  ),
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
  'GET /api/question-answerers': global(['resident']),
  'POST /api/questions': global(['resident'], {}, 'to a department; a resident asks within their community'),
  'GET /api/questions': listed(MODERATE_QUESTIONS),
  'GET /api/questions/mine': global(['resident']),
  'GET /api/questions/inbox': global(['deputy', 'dept_handler']),
  'GET /api/questions/notifications': global(['resident']),
  'GET /api/questions/{id}': entry(SEE_QUESTION, e('allow', 'hidden'), questionRead),
  'GET /api/questions/{id}/photos/{photoId}': entry(SEE_QUESTION, e('allow', 'hidden'), questionRead),
  'POST /api/questions/{id}/moderate': scoped(MODERATE_QUESTIONS, {}, 'inside: a fresh question per caller'),
  'POST /api/questions/{id}/answer': scoped(
    ['dept_handler', 'deputy'],
    { deputy: e('hidden') },
    'inside: a fresh question per caller, put to the department; the deputy is not its answerer',
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
};
