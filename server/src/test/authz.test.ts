import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../platform/auth/permissions.ts';
import { CALLERS, type Caller, MATRIX, type Outcome } from './authz.matrix.ts';
import { buildUser, square } from './factories.ts';
import { createTestApp, type Session, TEST_PASSWORD, type TestApp } from './harness.ts';

// Every role's scope is this community (a grid worker's: one grid in it); "outside" is its
// neighbour, which the demo district also fills with people, places and cases.
const INSIDE = '440305001001';
const OUTSIDE = '440305001002';

type Side = 'in' | 'out';
type Kind =
  | 'person'
  | 'building'
  | 'house'
  | 'household'
  | 'thing'
  | 'org'
  | 'case'
  | 'member'
  | 'plan'
  | 'task'
  | 'visit'
  | 'question'
  | 'application'
  | 'notice';
const TABLES: Record<
  Exclude<Kind, 'case' | 'member' | 'plan' | 'task' | 'visit' | 'question' | 'application' | 'notice'>,
  string
> = {
  person: 'people',
  building: 'buildings',
  house: 'houses',
  household: 'households',
  thing: 'things',
  org: 'orgs',
};

interface Target {
  grid: string;
  community: string;
  ids: Record<Kind, string>;
  lon: number;
  lat: number;
  /** A case a move can be tried on, and its version. */
  moveCase: { id: string; version: number };
  apiKey: string;
  file: string;
  /** A photo of the visit `ids.visit`. */
  photo: string;
  /** A grid worker in this community, and one of their sessions (its 16-digit prefix). */
  user: { id: string; session: string };
  /** Another grid worker, for the account changes that end sessions (disable, reset). */
  spareUser: string;
}

let t: TestApp;
const sessions = {} as Record<Role, Session>;
const targets = {} as Record<Side, Target>;
let leafCategory: string;
/** Per caller, a fresh report of the resident's to try a move on (a move changes its state). */
const moveCases = {} as Record<Caller, { id: string; version: number }>;
/** Per caller, questions of the inside resident's in the state each question move starts from. */
const QUESTION_MOVES = ['moderate', 'answer', 'case', 'rating', 'reopen'] as const;
const moveQuestions = {} as Record<Caller, Record<(typeof QUESTION_MOVES)[number], string>>;
/** Per caller, residents' applications awaiting a decision inside, to approve and to reject. */
const applications = {} as Record<Caller, { approve: string; reject: string }>;

/** A resident's application awaiting a decision in a community (its identity is made up). */
function applicationRow(community: string, username: string) {
  return {
    kind: 'application' as const,
    name: '授权测试申请人',
    id_number_enc: 'x',
    id_number_hash: `authz-${username}`,
    id_number_mask: '110***********0011',
    phone_enc: 'x',
    phone_hash: `authz-${username}`,
    phone_mask: '133****0000',
    community_code: community,
    address: '授权测试路 1 号',
    username,
    password_hash: 'x',
    state: 'awaiting_approval' as const,
  };
}
/** Per caller, a second session of their own, for ending it. */
const ownSessions = {} as Record<Role, string>;

let logins = 0;
/**
 * A session of its own, for routes that end one. Each from another address: logins are rate
 * limited per address, and the setup has used most of one's allowance.
 */
async function freshSession(username: string): Promise<Session> {
  logins += 1;
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: `10.77.${logins >> 8}.${logins & 255}`,
    payload: { username, password: TEST_PASSWORD },
  });
  expect(response.statusCode, response.body).toBe(200);
  const cookie = response.cookies.find((c) => c.name === 'cg_session')!;
  const body = response.json();
  return { cookie: `cg_session=${cookie.value}`, csrfToken: body.csrfToken, user: body.user };
}

/** The prefix by which a session is named in the API. */
async function prefixOf(session: Session): Promise<string> {
  const response = await t.as(session, { method: 'GET', url: '/api/auth/sessions' });
  const current = response.json().items.find((s: { current: boolean }) => s.current);
  return current.id;
}

/** A valid mainland ID number (GB 11643 check digit) born 1980-01-01. */
function idNumber(serial: number): string {
  const body = `44030519800101${String(serial).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

async function pick<T>(query: Promise<T | undefined>, what: string): Promise<T> {
  const row = await query;
  if (!row) throw new Error(`the template has no ${what}`);
  return row;
}

async function targetIn(community: string, admin: Session): Promise<Target> {
  const db = t.db;
  const kase = await pick(
    db
      .selectFrom('cases')
      .select(['id', 'grid_code', 'lon', 'lat', 'version'])
      .where('grid_code', 'like', `${community}%`)
      .where('state', '=', 'closed')
      .where('department_code', 'is not', null)
      .where('lon', 'is not', null)
      .orderBy('number')
      .executeTakeFirst(),
    `closed case in ${community}`,
  );
  const ids = { case: kase.id } as Record<Kind, string>;
  for (const [kind, table] of Object.entries(TABLES)) {
    const row = await pick(
      db
        .selectFrom(table as 'people')
        .select('id')
        .where('grid_code', '=', kase.grid_code)
        .where('retired_at', 'is', null)
        .orderBy('id')
        .executeTakeFirst(),
      `${kind} in ${kase.grid_code}`,
    );
    ids[kind as Kind] = row.id;
  }
  const attached = await t.as(admin, {
    method: 'POST',
    url: `/api/cases/${kase.id}/attachments?fileName=evidence.png`,
    headers: { 'content-type': 'image/png' },
    payload: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
  });
  expect(attached.statusCode, attached.body).toBe(201);
  const key = await t.as(admin, {
    method: 'POST',
    url: '/api/api-keys',
    payload: { name: `authz ${community}`, scopes: ['open311'], areaCode: community },
  });
  expect(key.statusCode, key.body).toBe(201);
  const user = await buildUser(db, 'grid_worker', kase.grid_code);
  const spare = await buildUser(db, 'grid_worker', kase.grid_code);
  // Grid teams and patrols: the demo's grid head, a task of the grid, a plan of the community, and
  // a visit with a photo recorded by a community leader.
  ids.member = (
    await pick(
      db
        .selectFrom('team_member_grids')
        .select('member_id')
        .where('grid_code', '=', kase.grid_code)
        .where('is_head', '=', true)
        .executeTakeFirst(),
      `grid head of ${kase.grid_code}`,
    )
  ).member_id;
  ids.task = (
    await pick(
      db
        .selectFrom('visit_tasks')
        .select('id')
        .where('grid_code', '=', kase.grid_code)
        .orderBy('id')
        .executeTakeFirst(),
      `visit task in ${kase.grid_code}`,
    )
  ).id;
  const plan = await t.as(admin, {
    method: 'POST',
    url: '/api/visit-plans',
    payload: { areaCode: community, name: '授权测试巡查', targetType: 'grid', frequency: 'weekly' },
  });
  expect(plan.statusCode, plan.body).toBe(201);
  ids.plan = plan.json().id;
  const leader = await buildUser(db, 'area_leader', community);
  const visit = await t.as(await freshSession(leader.username), {
    method: 'POST',
    url: '/api/visits',
    payload: {
      kind: 'patrol',
      gridCode: kase.grid_code,
      visitedAt: new Date().toISOString(),
      findings: '授权测试',
      result: 'problem',
      photos: [
        {
          fileName: 'site.png',
          contentType: 'image/png',
          data: Buffer.from('89504e470d0a1a0a', 'hex').toString('base64'),
        },
      ],
    },
  });
  expect(visit.statusCode, visit.body).toBe(201);
  ids.visit = visit.json().id;
  // A public answered question of a resident of the grid, with a photo (the visit's file): put to
  // the case's department inside, to a deputy of the community outside.
  const asker = await buildUser(db, 'resident', kase.grid_code);
  const outsideDeputy = community === OUTSIDE ? await buildUser(db, 'deputy', community) : null;
  const department = await db
    .selectFrom('cases')
    .select('department_code')
    .where('id', '=', kase.id)
    .executeTakeFirstOrThrow();
  const question = await db
    .insertInto('questions')
    .values({
      number: `QAUTHZ-${community}`,
      asker_id: asker.id,
      community_code: community,
      grid_code: kase.grid_code,
      answerer_kind: outsideDeputy ? 'deputy' : 'department',
      answerer_id: outsideDeputy?.id ?? null,
      department_code: outsideDeputy ? null : department.department_code,
      is_public: true,
      text: '授权测试问题',
      state: 'answered',
      due_at: new Date(Date.now() + 86_400_000),
      answer_text: '授权测试答复',
      answered_at: new Date(),
      answered_on_time: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.question = question.id;
  // A notice to the community, with the case's attachment as its file.
  ids.notice = (
    await db
      .insertInto('notices')
      .values({ title: '授权测试通知', body: '授权测试', area_codes: [community], author_name: '授权测试' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const caseFile = await db
    .selectFrom('case_attachments')
    .selectAll()
    .where('id', '=', attached.json().id)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('notice_attachments')
    .values({
      id: caseFile.id,
      notice_id: ids.notice,
      file_name: caseFile.file_name,
      content_type: caseFile.content_type,
      size: caseFile.size,
      sha256: caseFile.sha256,
    })
    .execute();
  ids.application = (
    await db
      .insertInto('resident_signups')
      .values(applicationRow(community, `authz-app-${community}`))
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const visitPhoto = await db
    .selectFrom('visit_photos')
    .selectAll()
    .where('id', '=', visit.json().photos[0].id)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('question_photos')
    .values({
      id: visitPhoto.id,
      question_id: question.id,
      file_name: visitPhoto.file_name,
      content_type: visitPhoto.content_type,
      size: visitPhoto.size,
      sha256: visitPhoto.sha256,
    })
    .execute();
  return {
    user: { id: user.id, session: await prefixOf(await freshSession(user.username)) },
    spareUser: spare.id,
    grid: kase.grid_code,
    community,
    ids,
    lon: kase.lon!,
    lat: kase.lat!,
    moveCase: { id: kase.id, version: kase.version },
    apiKey: key.json().id,
    file: attached.json().id,
    photo: visit.json().photos[0].id,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.db;
  // The demo's district administrator prepares fixtures on both sides.
  const districtAdmin = await t.login('admin');
  leafCategory = (
    await pick(
      db
        .selectFrom('case_categories')
        .select('code')
        .where('parent_code', 'is not', null)
        .orderBy('code')
        .executeTakeFirst(),
      'leaf category',
    )
  ).code;
  targets.in = await targetIn(INSIDE, districtAdmin);
  targets.out = await targetIn(OUTSIDE, districtAdmin);

  const inside = targets.in;
  const kase = await db
    .selectFrom('cases')
    .select('department_code')
    .where('id', '=', inside.ids.case)
    .executeTakeFirstOrThrow();
  for (const role of CALLERS) {
    if (role === 'anonymous') continue;
    const user = await buildUser(db, role, role === 'grid_worker' ? inside.grid : INSIDE);
    if (role === 'dept_handler')
      await db
        .updateTable('users')
        .set({ department_code: kase.department_code })
        .where('id', '=', user.id)
        .execute();
    sessions[role] = await t.login(user.username);
    ownSessions[role] = await prefixOf(await freshSession(user.username));
  }
  // The resident reported the inside case, and a fresh one a move can be tried on.
  await db
    .updateTable('cases')
    .set({ reporter_id: sessions.resident.user.id })
    .where('id', '=', inside.ids.case)
    .execute();
  for (const caller of CALLERS) {
    const fresh = await t.as(sessions.resident, {
      method: 'POST',
      url: '/api/cases',
      payload: { categoryCode: leafCategory, description: '路灯不亮，授权测试', gridCode: inside.grid },
    });
    expect(fresh.statusCode, fresh.body).toBe(201);
    const { id, version } = fresh.json();
    moveCases[caller] = { id, version };
  }
  // Questions of the inside resident's to the inside case's department, one per caller and move.
  const rows = CALLERS.flatMap((caller) =>
    QUESTION_MOVES.map((move) => ({
      number: `QAUTHZ-${caller}-${move}`,
      asker_id: sessions.resident.user.id,
      community_code: INSIDE,
      grid_code: inside.grid,
      answerer_kind: 'department' as const,
      department_code: kase.department_code,
      is_public: true,
      text: `授权测试问题 ${move}`,
      state: move === 'rating' || move === 'reopen' ? ('answered' as const) : ('open' as const),
      due_at: new Date(Date.now() + 86_400_000),
      answer_text: move === 'rating' || move === 'reopen' ? '授权测试答复' : null,
      answered_at: move === 'rating' || move === 'reopen' ? new Date() : null,
      rating: move === 'reopen' ? 1 : null,
      rated_at: move === 'reopen' ? new Date() : null,
    })),
  );
  const made = await db.insertInto('questions').values(rows).returning(['id', 'number']).execute();
  const apps = await db
    .insertInto('resident_signups')
    .values(
      CALLERS.flatMap((caller) =>
        ['approve', 'reject'].map((move) => applicationRow(INSIDE, `authz-app-${caller}-${move}`)),
      ),
    )
    .returning(['id', 'username'])
    .execute();
  for (const caller of CALLERS)
    applications[caller] = {
      approve: apps.find((a) => a.username === `authz-app-${caller}-approve`)!.id,
      reject: apps.find((a) => a.username === `authz-app-${caller}-reject`)!.id,
    };
  for (const caller of CALLERS) {
    moveQuestions[caller] = {} as (typeof moveQuestions)[Caller];
    for (const move of QUESTION_MOVES)
      moveQuestions[caller][move] = made.find((q) => q.number === `QAUTHZ-${caller}-${move}`)!.id;
  }
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const STALE = 999_999;

/** The id a path's `{id}` stands for, by the collection it follows. */
function idFor(path: string, side: Side, caller: Caller): string {
  const x = targets[side];
  if (path === '/api/auth/sessions/{id}')
    return side === 'in' && caller !== 'anonymous' ? ownSessions[caller] : targets.out.user.session;
  if (/^\/api\/users\/\{id\}\/(disable|enable|reset-password)$/.test(path)) return x.spareUser;
  if (path.startsWith('/api/users/')) return x.user.id;
  if (path.startsWith('/api/cases/{id}/{move}')) return side === 'in' ? moveCases[caller].id : x.moveCase.id;
  if (path.startsWith('/api/api-keys/')) return x.apiKey;
  const decision = /^\/api\/resident-applications\/\{id\}\/(approve|reject)$/.exec(path);
  if (decision && side === 'in') return applications[caller][decision[1] as 'approve' | 'reject'];
  if (path === '/api/resident-signup/{id}/verify') return '00000000-0000-4000-8000-000000000000';
  const questionMove = /^\/api\/questions\/\{id\}\/(moderate|answer|case|rating|reopen)$/.exec(path);
  if (questionMove && side === 'in')
    return moveQuestions[caller][questionMove[1] as (typeof QUESTION_MOVES)[number]];
  if (path.startsWith('/api/routing-rules/')) return '00000000-0000-4000-8000-000000000000';
  if (path.startsWith('/api/ledger-imports/')) return '00000000-0000-4000-8000-000000000000';
  if (path.startsWith('/api/ledger-conflicts/')) return '2147483000';
  if (path.startsWith('/api/ledger-sources/')) return x.ids.person;
  const collection = path.split('/')[2];
  const kind = (
    {
      people: 'person',
      things: 'thing',
      orgs: 'org',
      buildings: 'building',
      houses: 'house',
      households: 'household',
      cases: 'case',
      'team-members': 'member',
      'visit-plans': 'plan',
      'visit-tasks': 'task',
      visits: 'visit',
      questions: 'question',
      public: 'question',
      'resident-applications': 'application',
      notices: 'notice',
    } as Record<string, Kind>
  )[collection];
  if (!kind) throw new Error(`no id for ${path}`);
  return x.ids[kind];
}

function urlFor(path: string, side: Side, caller: Caller): string {
  const x = targets[side];
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    switch (name) {
      case 'id':
        return idFor(path, side, caller);
      case 'sessionId':
        return x.user.session;
      case 'code':
        if (path.startsWith('/api/case-categories')) return 'authz_test';
        if (path.startsWith('/api/departments')) return 'authz_unit';
        if (path.startsWith('/api/ledger-types'))
          return path.endsWith('/export') ? 'ps_registered_population' : 'authz_ledger';
        if (path.includes('/communities/')) return x.community;
        return path.startsWith('/api/tags') ? 'elderly_alone' : x.grid;
      case 'entity':
        return 'person';
      case 'photoId':
        return x.photo;
      case 'fileId':
        return x.file;
      case 'day':
        return '2031-01-02';
      case 'move':
        return 'register';
      case 'format':
        return 'json';
      case 'service_code':
        return leafCategory;
      case 'service_request_id':
        return x.ids.case;
      case 'token':
        return 'no-such-token';
      default:
        throw new Error(`no value for {${name}} in ${path}`);
    }
  });
}

const QUERIES: Record<string, (x: Target) => Record<string, string>> = {
  'GET /api/areas/locate': (x) => ({ lon: String(x.lon), lat: String(x.lat) }),
  'GET /api/cases/similar': (x) => ({ categoryCode: leafCategory, lon: String(x.lon), lat: String(x.lat) }),
  'GET /api/cases/figures': () => ({ groupBy: 'grid' }),
  'POST /api/cases/{id}/attachments': () => ({ fileName: 'evidence.png' }),
  'GET /api/team-rewards': () => ({ year: '2026' }),
  'POST /api/ledger-files': () => ({ name: 'authz.csv' }),
  'GET /api/public/questions': (x) => ({ communityCode: x.community }),
  'GET /api/public/answerers': (x) => ({ communityCode: x.community }),
  'GET /api/public/notices': (x) => ({ communityCode: x.community }),
  'POST /api/areas/import/file': () => ({ code: 'CODE', name: 'NAME' }),
};

const retireBody = { version: STALE, reason: '授权测试' };
const BODIES: Record<string, (x: Target, caller: Caller) => unknown> = {
  // No tiles: what the test database has anyway.
  'PUT /api/settings/base-map': () => ({ baseMap: null }),
  'POST /api/auth/login': (_, caller) => ({ username: `no-such-user-${caller}`, password: 'wrong-password' }),
  'POST /api/auth/password': () => ({
    currentPassword: 'not-my-password',
    newPassword: 'An0ther-Passw0rd-2026',
  }),
  'POST /api/auth/totp/enable': () => ({ code: '000000' }),
  'POST /api/users': (x, caller) => ({
    username: `authz.${caller}.${x === targets.in ? 'in' : 'out'}`,
    displayName: '授权测试',
    role: 'grid_worker',
    areaCode: x.grid,
  }),
  'PATCH /api/users/{id}': () => ({ version: STALE }),
  'POST /api/auth/totp/disable': () => ({ code: '000000' }),
  'POST /api/areas': (x) => ({
    code: x.grid,
    name: '授权测试网格',
    level: 'grid',
    parentCode: x.community,
    boundary: square(x.lon, x.lat, 0.001),
  }),
  'PATCH /api/areas/{code}': () => ({ version: STALE }),
  'POST /api/areas/{code}/retire': () => ({ version: STALE }),
  'POST /api/areas/import': () => ({ type: 'FeatureCollection', features: [] }),
  'PUT /api/grid-sizing/rule': () => ({
    households: { target: 300, min: 150, max: 450 },
    people: { target: 1000, min: 500, max: 1500 },
  }),
  'POST /api/areas/{code}/split': (x) => ({
    version: STALE,
    parts: [
      { name: '甲', boundary: square(x.lon, x.lat, 0.001) },
      { name: '乙', boundary: square(x.lon + 0.001, x.lat, 0.001) },
    ],
  }),
  'POST /api/people': (x) => ({
    name: '授权测试',
    idNumber: idNumber(x === targets.in ? 901 : 902),
    residency: 'registered',
    gridCode: x.grid,
  }),
  'PATCH /api/people/{id}': () => ({ version: STALE }),
  'POST /api/people/{id}/retire': () => ({ version: STALE, reason: 'moved_out' }),
  'POST /api/people/{id}/reveal': () => ({ purpose: '核实低保申请身份' }),
  'POST /api/things': (x) => ({ category: 'street_light', name: '授权测试路灯', lon: x.lon, lat: x.lat }),
  'PATCH /api/things/{id}': () => ({ version: STALE }),
  'POST /api/things/{id}/retire': () => retireBody,
  'POST /api/orgs': (x) => ({ kind: 'shop', name: '授权测试商铺', lon: x.lon, lat: x.lat }),
  'PATCH /api/orgs/{id}': () => ({ version: STALE }),
  'POST /api/orgs/{id}/retire': () => retireBody,
  'POST /api/buildings': (x) => ({ name: '授权测试楼', address: '测试路1号', lon: x.lon, lat: x.lat }),
  'PATCH /api/buildings/{id}': () => ({ version: STALE }),
  'POST /api/buildings/{id}/retire': () => retireBody,
  // A room of each caller's own: a second create of the same room answers 500, not 409 (reported).
  'POST /api/houses': (x, caller) => ({
    buildingId: x.ids.building,
    room: `授权-${caller}`,
    usage: 'vacant',
  }),
  'PATCH /api/houses/{id}': () => ({ version: STALE }),
  'POST /api/houses/{id}/retire': () => retireBody,
  'POST /api/households': (x) => ({ houseId: x.ids.house }),
  'PATCH /api/households/{id}': () => ({ version: STALE }),
  'POST /api/households/{id}/retire': () => retireBody,
  'PUT /api/tags/{code}': () => ({ nameZh: '独居老人', nameEn: 'elderly living alone', visibleTo: null }),
  'PUT /api/calendar/days/{day}': () => ({ kind: 'holiday', name: '授权测试' }),
  'PUT /api/calendar/hours': () => ({ start: '09:00', end: '18:00', breakStart: '12:00', breakEnd: '13:30' }),
  'POST /api/cases': (x) => ({ categoryCode: leafCategory, description: '授权测试', gridCode: x.grid }),
  'POST /api/cases/{id}/{move}': (x, caller) => ({
    version: x === targets.in ? moveCases[caller].version : x.moveCase.version,
  }),
  'POST /api/cases/{id}/supervise': () => ({ instruction: '请尽快处理' }),
  'POST /api/cases/{id}/evaluate': () => ({ satisfaction: 5 }),
  'PUT /api/case-categories/{code}': () => ({
    parentCode: 'appearance',
    nameZh: '授权测试',
    nameEn: 'authz test',
    departmentCode: null,
    timeLimits: { handle: 8 },
  }),
  'POST /api/routing-rules': (x) => ({
    categoryCode: 'road_dirt',
    areaCode: x.community,
    departmentCode: 'environment',
  }),
  'POST /api/api-keys': (x) => ({ name: '授权测试', scopes: ['open311'], areaCode: x.community }),
  'POST /api/team-members': (x) => ({ name: '授权测试', team: 'volunteer', grids: [{ gridCode: x.grid }] }),
  'PATCH /api/team-members/{id}': () => ({ version: STALE }),
  'POST /api/team-members/{id}/qualifications': (x, caller) => ({
    level: 'junior',
    certificateNo: `AUTHZ-${caller}-${x === targets.in ? 'in' : 'out'}`,
    issuedOn: '2025-01-01',
  }),
  'POST /api/team-members/{id}/trainings': () => ({ heldOn: '2026-01-05', course: '授权测试', hours: 2 }),
  'PUT /api/force-contacts': (x) => ({
    forceCode: 'police',
    areaCode: x.community,
    unit: '授权测试警务室',
    contactName: '授权测试',
    workPhone: '0755-86000000',
  }),
  'PUT /api/team-rewards/rules': () => ({ junior: 2000, intermediate: 3000, senior: 4000 }),
  'POST /api/visit-plans': (x) => ({
    areaCode: x.community,
    name: '授权测试',
    targetType: 'grid',
    frequency: 'monthly',
  }),
  'PATCH /api/visit-plans/{id}': () => ({ version: STALE }),
  'POST /api/visit-plans/generate': (x) => ({ areaCode: x.community }),
  'POST /api/visits': (x) => ({
    kind: 'patrol',
    gridCode: x.grid,
    visitedAt: new Date().toISOString(),
    result: 'normal',
  }),
  'POST /api/visits/{id}/case': () => ({ categoryCode: leafCategory }),
  'POST /api/questions': () => ({
    answererKind: 'department',
    departmentCode: 'housing',
    isPublic: true,
    text: '授权测试：小区路灯不亮',
  }),
  'POST /api/questions/{id}/moderate': () => ({ decision: 'hide', reason: '授权测试', version: 1 }),
  'POST /api/questions/{id}/answer': () => ({ text: '授权测试答复', publish: true, version: 1 }),
  'POST /api/questions/{id}/rating': () => ({ rating: 4, comment: '授权测试' }),
  'POST /api/questions/{id}/case': () => ({ categoryCode: leafCategory }),
  'POST /api/resident-signup': (_, caller) => ({
    name: '授权测试',
    // Each caller its own ID number and phone: tries are limited per each.
    idNumber: idNumber(910 + CALLERS.indexOf(caller)),
    phone: `133123400${10 + CALLERS.indexOf(caller)}`,
    username: `authz.signup.${caller}`,
    password: 'Authz-Signup-2026',
  }),
  'POST /api/resident-applications': (_, caller) => ({
    name: '授权测试',
    idNumber: idNumber(930 + CALLERS.indexOf(caller)),
    phone: `133123400${30 + CALLERS.indexOf(caller)}`,
    username: `authz.apply.${caller}`,
    password: 'Authz-Signup-2026',
    communityCode: '440305999999',
    address: '授权测试路 1 号',
  }),
  'POST /api/resident-signup/{id}/verify': () => ({ code: '123456' }),
  'POST /api/resident-applications/{id}/approve': (x) => ({ gridCode: x.grid }),
  'POST /api/resident-applications/{id}/reject': () => ({ reason: '授权测试' }),
  'PUT /api/settings/sms': () => ({ url: null }),
  'PUT /api/communities/{code}/links': () => ({
    links: [{ kind: 'wechat_group', name: '授权测试居民群', url: 'https://weixin.qq.com/g/authz' }],
  }),
  'POST /api/notices': (x) => ({ title: '授权测试通知', body: '授权测试', areaCodes: [x.grid] }),
  'PUT /api/settings/questions': () => ({
    sensitiveWords: ['炸药'],
    answerDays: { deputy: 5, department: 5 },
  }),
  'PUT /api/ledger-types/{code}': () => ({
    departmentCode: 'civil_affairs',
    nameZh: '授权测试台账',
    nameEn: 'Authorization test ledger',
    entity: 'person',
    columns: [
      { header: '姓名', field: 'name' },
      { header: '身份证号', field: 'idNumber' },
      { header: '住址', field: 'address' },
    ],
    priority: 10,
  }),
  'PUT /api/ledger-rules': () => ({ current: 'most_recent' }),
  'POST /api/departments': () => ({
    code: 'authz_unit',
    nameZh: '授权测试力量',
    nameEn: 'Authorization test force',
    kind: 'force',
  }),
  'PATCH /api/departments/{code}': () => ({ nameZh: '授权测试力量二', version: STALE }),
  'POST /api/departments/{code}/retire': () => ({ version: STALE }),
  'POST /api/setup': () => ({
    token: 'not-a-setup-token',
    districtCode: '110105',
    districtName: '朝阳区',
    adminUsername: 'authz_admin',
    password: 'Authz-Setup-2026!',
    passwordConfirmation: 'Authz-Setup-2026!',
  }),
  'POST /api/ledger-imports': () => ({
    fileId: '0'.repeat(64),
    fileName: 'authz.csv',
    ledgerType: 'ps_registered_population',
  }),
  'POST /api/ledger-conflicts/{id}/resolve': () => ({ choice: 0 }),
  'POST /open311/v2/requests.{format}': (x) => ({
    service_code: leafCategory,
    lat: x.lat,
    long: x.lon,
    description: '授权测试',
  }),
};

function requestOf(key: string, side: Side, caller: Caller): InjectOptions {
  const [method, path] = key.split(' ') as [InjectOptions['method'], string];
  const x = targets[side];
  const query = QUERIES[key]?.(x) ?? {};
  // Exports of a whole community take seconds: ask for the grid inside, the community outside.
  if (path.endsWith('/export')) query.areaCode = side === 'in' ? x.grid : x.community;
  const options: InjectOptions = { method, url: urlFor(path, side, caller), query };
  if (key === 'POST /api/cases/{id}/attachments')
    return {
      ...options,
      headers: { 'content-type': 'image/png' },
      payload: Buffer.from('89504e470d0a1a0a', 'hex'),
    };
  const body = BODIES[key];
  if (body) options.payload = body(x, caller) as InjectOptions['payload'];
  else if (method !== 'GET' && method !== 'DELETE') options.payload = {};
  return options;
}

/** Does the answer match the outcome? `null` when it does, else why not. */
function mismatch(outcome: Outcome, method: string, status: number, body: string): string | null {
  const write = method !== 'GET';
  switch (outcome) {
    case 'unauth':
      return status === 401 ? null : `expected 401`;
    case 'forbidden':
      return status === 403 ? null : `expected 403`;
    case 'hidden':
      return status === 404 ? null : `expected 404`;
    case 'refused':
      return status === 422 ? null : `expected 422`;
    case 'allow':
      if (write) return [401, 403, 404].includes(status) || status >= 500 ? 'expected to be allowed' : null;
      return (status >= 200 && status < 300) || status === 409 ? null : 'expected 2xx';
    case 'empty': {
      if (status < 200 || status >= 300) return 'expected 2xx';
      const leaked = [OUTSIDE, ...Object.values(targets.out.ids)].find((s) => body.includes(s));
      return leaked ? `answer shows ${leaked} from outside the scope` : null;
    }
    case 'skip':
      return null;
  }
}

describe('authorization matrix', () => {
  it('has an entry for every route of the OpenAPI document, and none for a route that is gone', () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const listed = Object.keys(MATRIX);
    expect({
      missing: routes.filter((r) => !listed.includes(r)),
      stale: listed.filter((r) => !routes.includes(r)),
    }).toEqual({ missing: [], stale: [] });
  });

  it('answers every route, for every role, inside and outside scope, as the matrix says', async () => {
    const failures: string[] = [];
    // Reads first, so that what the writes add cannot blur what the reads should show.
    const keys = Object.keys(MATRIX).sort(
      (a, b) => Number(!a.startsWith('GET')) - Number(!b.startsWith('GET')),
    );
    for (const key of keys) {
      const method = key.split(' ')[0];
      // Reads run for all callers at once; writes one after another, so that two creates of the
      // same record meet the service's duplicate check, not a race on the unique index.
      const run = async (caller: Caller) => {
        const expected = MATRIX[key].expect[caller];
        // A route with no record in its path, expected alike on both sides, is asked once: some
        // (password, second factor) are rate limited per address.
        const sides: Side[] = !key.includes('{') && expected.in === expected.out ? ['in'] : ['in', 'out'];
        for (const side of sides) {
          const outcome = expected[side];
          if (outcome === 'skip') continue;
          let session: Session | null = caller === 'anonymous' ? null : sessions[caller];
          // Logging out ends the session: use one of its own.
          if (key === 'POST /api/auth/logout' && session) session = await t.login(session.user.username);
          const response = await t.as(session, requestOf(key, side, caller));
          const why = mismatch(outcome, method, response.statusCode, response.body);
          if (why)
            failures.push(
              `${key} as ${caller} (${side}): ${why}, got ${response.statusCode} ${response.body.slice(0, 160)}`,
            );
        }
      };
      if (method === 'GET') await Promise.all(CALLERS.map(run));
      else for (const caller of CALLERS) await run(caller);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
