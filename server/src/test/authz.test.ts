/**
 * The authorization matrix run for real: every route of the OpenAPI document, as every role and
 * anonymously, on a record inside the caller's scope and one outside it; the answer must be the
 * outcome authz.matrix.ts names (its header defines them).
 *
 * Writes are strict. An `allow`ed write must succeed (2xx): give a new route a body in BODIES
 * (and QUERIES) that its service accepts. When the only safe request is one the service refuses
 * (a stale version, a wrong current password, an empty file), name that refusal in the matrix as
 * `conflict` (409) or `invalid` (400/422), with a problem document either way, and say why in the
 * entry's note. A 401, 403, 404 or 5xx never counts as "allowed".
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REQUIREMENTS } from '../modules/party/index.ts';
import type { Role } from '../platform/auth/permissions.ts';
import { excel } from '../platform/exceljs.ts';
import { CALLERS, type Caller, MATRIX, type Outcome } from './authz.matrix.ts';
import { buildUser, square } from './factories.ts';
import { createTestApp, type Session, TEST_PASSWORD, type TestApp } from './harness.ts';

// Every role's scope is this community (a grid worker's: one grid in it); "outside" is its
// neighbour, which the demo district also fills with people, places and cases.
const INSIDE = '440305001001';
const OUTSIDE = '440305001002';

type Side = 'in' | 'out';
type Kind =
  | 'camera'
  | 'incident'
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
  | 'matter'
  | 'dispute'
  | 'partyOrg'
  | 'partyMember'
  | 'report'
  | 'room'
  | 'question'
  | 'application'
  | 'notice'
  | 'partner'
  | 'service'
  | 'booking'
  | 'pairing'
  | 'estate'
  | 'meeting'
  | 'decision'
  | 'vote';
const TABLES: Record<
  Exclude<
    Kind,
    | 'case'
    | 'member'
    | 'plan'
    | 'task'
    | 'visit'
    | 'matter'
    | 'dispute'
    | 'partyOrg'
    | 'partyMember'
    | 'camera'
    | 'incident'
    | 'report'
    | 'room'
    | 'question'
    | 'application'
    | 'notice'
    | 'partner'
    | 'service'
    | 'booking'
    | 'pairing'
    | 'estate'
    | 'meeting'
    | 'decision'
    | 'vote'
  >,
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
  /** A signed scan on the agreed dispute `ids.dispute`. */
  disputeFile: string;
  /** Party building: two branches, and a member of its own for each member route (by its last segment). */
  party: { org: string; org2: string; members: Record<string, string> };
  /** A camera of the community and an API key its alarms are pushed with. */
  camera: { deviceId: string; alarmKey: string };
  /** A resources ledger (XLSX, base64) of one fund line for this community. */
  resourcesFile: string;
  /** A partner key (opendata), a credit entry of an organization here, and a pending repair of another. */
  partnerKey: string;
  creditEntry: string;
  creditRepair: string;
  /** A service of the partner `ids.partner` with places left, for a new booking. */
  bookService: string;
  /** The agreement's file of the pairing `ids.pairing`. */
  pairingFile: string;
  /** Self-governance: a house of the estate `ids.estate` and its owner (in the open vote's
   * electorate), the meeting's attachment, and a paper ballot with its photo. */
  governance: { house: string; owner: string; meetingFile: string; ballot: string };
}

let t: TestApp;
const sessions = {} as Record<Role, Session>;
const targets = {} as Record<Side, Target>;
let leafCategory: string;
/** Per caller, a fresh report of the resident's to try a move on (a move changes its state). */
const moveCases = {} as Record<Caller, { id: string; version: number }>;
/** Per caller, an enforcement matter inside a move can be made on (see `moveMatterOf`). */
const moveMatters = {} as Record<Caller, { id: string; version: number }>;
/** Per dispute move and caller, a fresh dispute inside in the state the move starts from. */
const moveDisputes = {} as Record<string, Record<Caller, { id: string; version: number }>>;
const DISPUTE_MOVES: Record<string, 'reported' | 'mediating'> = {
  assign: 'reported',
  sessions: 'mediating',
  outcome: 'mediating',
  extend: 'mediating',
  withdraw: 'reported',
  escalate: 'reported',
  attachments: 'mediating',
};
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const MONTH = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

/** A dispute in the grid, reported by the district administrator; assigned to `mediatorId` if given. */
async function disputeIn(admin: Session, grid: string, mediatorId?: string) {
  const res = await t.as(admin, {
    method: 'POST',
    url: '/api/disputes',
    payload: {
      kindCode: 'neighbours',
      title: '授权测试纠纷',
      gridCode: grid,
      source: 'patrol',
      risk: 'low',
      parties: [{ name: '授权测试当事人' }],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  let { id, version } = res.json();
  if (mediatorId) {
    const assigned = await t.as(admin, {
      method: 'POST',
      url: `/api/disputes/${id}/assign`,
      payload: { version, mediatorId },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    version = assigned.json().version;
  }
  return { id: id as string, version: version as number };
}

/** Per caller who may decide, pending camera incidents inside scope to confirm and to dismiss. */
const decideIncidents = {} as Record<Caller, { confirm: string; dismiss: string }>;
let gbSerial = 0;
/** A fresh GB/T 28181 camera ID. */
const gbId = () => `44030500001329${String(++gbSerial).padStart(6, '0')}`;
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 1)]).toString('base64');

/** Pushes one alarm of `type` from the side's camera; the incident it opened. */
async function pushAlarm(x: Target, type: string, snapshot?: string): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/camera-alarms',
    headers: { 'x-api-key': x.camera.alarmKey },
    payload: { camera: x.camera.deviceId, type, score: 0.9, start: new Date().toISOString(), snapshot },
  });
  expect(response.statusCode, response.body).toBe(200);
  const result = response.json().results[0];
  expect(result.outcome, response.body).toBe('accepted');
  return result.incidentId;
}

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
/** Per caller, pending partner applications inside, to approve and to reject. */
const pendingPartners = {} as Record<Caller, { approve: string; reject: string }>;
/** Per caller and booking move, a booking of the inside resident's in the state the move starts from. */
const BOOKING_MOVES = ['confirm', 'decline', 'done', 'cancel', 'rating'] as const;
const BOOKING_START = {
  confirm: 'booked',
  decline: 'booked',
  done: 'confirmed',
  cancel: 'booked',
  rating: 'done',
} as const;
const moveBookings = {} as Record<Caller, Record<(typeof BOOKING_MOVES)[number], string>>;
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

/**
 * Party fixtures, made through the API by a district party worker (the district administrator may
 * not see party data): so that every allowed party write in the matrix genuinely succeeds, each
 * member route gets a member of its own at version 1.
 */
async function partyIn(community: string): Promise<Target['party']> {
  const worker = await buildUser(t.db, 'party_admin', `${community.slice(0, 6)}000000`);
  const session = await freshSession(worker.username);
  const call = async (url: string, payload: Record<string, unknown>) => {
    const response = await t.as(session, { method: 'POST', url, payload });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json().id as string;
  };
  const org = await call('/api/party/orgs', { kind: 'branch', name: '授权测试党支部', areaCode: community });
  const org2 = await call('/api/party/orgs', {
    kind: 'branch',
    name: '授权测试第二党支部',
    areaCode: community,
  });
  const members: Record<string, string> = {};
  for (const route of ['', 'status', 'transfer', 'dues', 'registration', 'hours'])
    members[route] = await call('/api/party/members', {
      orgId: org,
      name: '授权测试党员',
      status: route === 'status' ? 'applicant' : 'full',
      appliedOn: '2020-01-01',
      fullOn: route === 'status' ? null : '2022-01-01',
      duesStandard: 10,
      duesPaidTo: '2025-01',
      inService: route === 'registration' || route === 'hours',
    });
  await call(`/api/party/members/${members.hours}/registration`, {
    version: 1,
    communityCode: community,
    on: '2025-03-01',
  });
  return { org, org2, members };
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
  // A camera at the case's point, and an incident of it (auto mode: it made a case) with a snapshot.
  const deviceId = gbId();
  const camera = await t.as(admin, {
    method: 'POST',
    url: '/api/cameras',
    payload: { deviceId, name: `授权测试摄像机${community}`, lon: kase.lon, lat: kase.lat },
  });
  expect(camera.statusCode, camera.body).toBe(201);
  ids.camera = camera.json().id;
  const alarmKey = await t.as(admin, {
    method: 'POST',
    url: '/api/api-keys',
    payload: { name: `authz camera ${community}`, scopes: ['cameras.alarm'], areaCode: community },
  });
  expect(alarmKey.statusCode, alarmKey.body).toBe(201);
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
  // A decided enforcement matter of the demo's in the community (its documents exist).
  ids.matter = (
    await pick(
      db
        .selectFrom('enforcement_matters')
        .select('id')
        .where('grid_code', 'like', `${community}%`)
        .where('state', '=', 'executed')
        .orderBy('number')
        .executeTakeFirst(),
      `decided enforcement matter in ${community}`,
    )
  ).id;
  // An agreed dispute with a signed scan.
  const dispute = await disputeIn(admin, kase.grid_code);
  const assigned = await t.as(admin, {
    method: 'POST',
    url: `/api/disputes/${dispute.id}/assign`,
    payload: { version: dispute.version, committee: '授权测试调解委员会' },
  });
  const agreed = await t.as(admin, {
    method: 'POST',
    url: `/api/disputes/${dispute.id}/outcome`,
    payload: { version: assigned.json().version, outcome: 'agreement', terms: '双方和解' },
  });
  expect(agreed.statusCode, agreed.body).toBe(200);
  const scan = await t.as(admin, {
    method: 'POST',
    url: `/api/disputes/${dispute.id}/attachments?fileName=signed.png`,
    headers: { 'content-type': 'image/png' },
    payload: PNG,
  });
  expect(scan.statusCode, scan.body).toBe(201);
  ids.dispute = dispute.id;
  const party = await partyIn(community);
  ids.partyOrg = party.org;
  ids.partyMember = party.members[''];
  // The command centre: a kept monthly report of the community, and a room sunk to it.
  ids.report = (
    await db
      .insertInto('command_reports')
      .values({
        area_code: community,
        month: '2020-01',
        docx: Buffer.from('docx'),
        xlsx: Buffer.from('xlsx'),
        figures: '{}',
        generated_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ids.room = (
    await db
      .insertInto('resource_rooms')
      .values({ community_code: community, year: 2026, purpose: '授权测试', area_m2: 10, address: null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const ledger = new (excel().Workbook)();
  ledger.addWorksheet('funds').addRows([
    ['community', 'category', 'allocated', 'spent'],
    [community, '授权测试', 100, 0],
  ]);
  const resourcesFile = Buffer.from(await ledger.xlsx.writeBuffer()).toString('base64');
  const partner = await t.as(admin, {
    method: 'POST',
    url: '/api/opendata/partner-keys',
    payload: {
      name: `authz ${community}`,
      holder: '授权测试',
      purpose: '测试',
      datasets: [],
      dailyQuota: 10,
      ratePerMinute: 10,
      areaCode: community,
    },
  });
  expect(partner.statusCode, partner.body).toBe(201);
  const creditEntry = async (reference: string) => {
    const created = await t.as(admin, {
      method: 'POST',
      url: '/api/credit/entries',
      payload: { orgId: ids.org, source: 'case', reference, title: '占道经营', decidedOn: '2026-06-01' },
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id as string;
  };
  const forRepair = await creditEntry(`authz-repair-${community}`);
  const repair = await t.as(admin, {
    method: 'POST',
    url: `/api/credit/entries/${forRepair}/repairs`,
    payload: { applicant: '授权测试', reason: '已整改', evidence: [{ name: '整改报告', note: '' }] },
  });
  expect(repair.statusCode, repair.body).toBe(201);
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
  // An approved partner of the community, a service of it with a booking, another to book; a
  // pairing with the case's attachment as its agreement's file.
  ids.partner = (
    await db
      .insertInto('partners')
      .values({
        name: `授权测试伙伴${community}`,
        kind: 'bank',
        area_code: community,
        contact_name: '授权测试',
        contact_phone_enc: 'x',
        contact_phone_mask: '138****0000',
        state: 'approved',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const [service, bookService] = await db
    .insertInto('partner_services')
    .values(
      ['授权测试服务', '授权测试可预约服务'].map((name) => ({
        partner_id: ids.partner,
        name,
        kind: 'other',
        area_code: community,
        capacity: 1000,
      })),
    )
    .returning('id')
    .execute();
  ids.service = service!.id;
  const booker = await buildUser(db, 'resident', kase.grid_code);
  ids.booking = (
    await db
      .insertInto('partner_bookings')
      .values({
        service_id: ids.service,
        partner_id: ids.partner,
        resident_id: booker.id,
        community_code: community,
        area_code: kase.grid_code,
        resident_name: '授权测试',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ids.pairing = (
    await db
      .insertInto('pairings')
      .values({
        community_code: community,
        unit_kind: 'unit',
        unit_name: '授权测试单位',
        signed_on: '2026-01-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const pairingFile = await db
    .insertInto('pairing_files')
    .values({
      pairing_id: ids.pairing,
      file_name: caseFile.file_name,
      content_type: caseFile.content_type,
      size: caseFile.size,
      sha256: caseFile.sha256,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const governance = await governanceFixtures(community, ids, caseFile);
  return {
    bookService: bookService!.id,
    pairingFile: pairingFile.id,
    governance,
    disputeFile: scan.json().id,
    party,
    resourcesFile,
    partnerKey: partner.json().id,
    creditEntry: await creditEntry(`authz-${community}`),
    creditRepair: repair.json().id,
    user: { id: user.id, session: await prefixOf(await freshSession(user.username)) },
    spareUser: spare.id,
    grid: kase.grid_code,
    community,
    ids,
    lon: kase.lon!,
    lat: kase.lat!,
    moveCase: { id: kase.id, version: kase.version },
    apiKey: key.json().id,
    camera: { deviceId, alarmKey: alarmKey.json().key },
    file: attached.json().id,
    photo: visit.json().photos[0].id,
  };
}

/**
 * An estate of the community with one of its houses and owners; a public meeting (planned) with an
 * agenda item, an attachment and a decision; an owners' vote open on the estate, with a paper
 * ballot and its photo. Written directly: the setup's sessions are inside one community only.
 */
async function governanceFixtures(
  community: string,
  ids: Record<Kind, string>,
  file: { sha256: string; content_type: string; file_name: string; size: number },
) {
  const db = t.db;
  const house = await pick(
    db
      .selectFrom('estate_houses as h')
      .innerJoin('estates as e', 'e.id', 'h.estate_id')
      .innerJoin('house_owners as o', 'o.house_id', 'h.house_id')
      .select(['h.house_id', 'h.estate_id', 'h.floor_area', 'o.person_id'])
      .where('e.community_code', '=', community)
      .orderBy('h.house_id')
      .executeTakeFirst(),
    `estate house in ${community}`,
  );
  ids.estate = house.estate_id;
  ids.meeting = (
    await db
      .insertInto('meetings')
      .values({
        community_code: community,
        kind: 'consultation',
        title: '授权测试议事会',
        starts_at: new Date(Date.now() + 7 * 86_400_000),
        is_public: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const item = await db
    .insertInto('meeting_items')
    .values({ meeting_id: ids.meeting, position: 1, title: '授权测试议题' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const meetingFile = (
    await db
      .insertInto('meeting_attachments')
      .values({
        meeting_id: ids.meeting,
        file_name: file.file_name,
        content_type: file.content_type,
        size: file.size,
        sha256: file.sha256,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ids.decision = (
    await db
      .insertInto('meeting_decisions')
      .values({
        meeting_id: ids.meeting,
        item_id: item.id,
        text: '授权测试决定',
        responsible: '社区居委会',
        due_date: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ids.vote = (
    await db
      .insertInto('votes')
      .values({
        community_code: community,
        kind: 'owners',
        estate_id: house.estate_id,
        matter: 'ordinary',
        meeting_id: null,
        basis: null,
        item_id: null,
        title: '授权测试表决',
        question: '是否同意？',
        closes_at: new Date(Date.now() + 30 * 86_400_000),
        state: 'open',
        opened_at: new Date(),
        created_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto('vote_units')
    .values({
      vote_id: ids.vote,
      unit_key: house.person_id,
      house_ids: [house.house_id],
      owner_ids: [house.person_id],
      user_id: null,
      area: house.floor_area,
    })
    .execute();
  const ballot = await db
    .insertInto('ballots')
    .values({
      vote_id: ids.vote,
      unit_key: house.person_id,
      choice: 'yes',
      voter_id: house.person_id,
      channel: 'paper',
      entered_by: null,
      photo_sha256: file.sha256,
      photo_type: file.content_type,
      receipt: `AUTHZ${community}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { house: house.house_id, owner: house.person_id, meetingFile, ballot: ballot.id };
}

/** Per side, an estate with a committee and a published statement of it with a voucher. */
const disclosures = {} as Record<Side, { estate: string; statement: string; voucher: string }>;
/** A statement workbook with its header row only: an import refused as having no lines. */
let emptyStatementXlsx = '';

/**
 * An estate of the community whose committee is an organization of it, a house of it owned by
 * `ownerId` (the inside resident's registry person), and a statement published with a line and a
 * voucher (the case's attachment).
 */
async function disclosureIn(x: Target, ownerId: string | null) {
  const db = t.db;
  const estate = (
    await db
      .insertInto('estates')
      .values({
        community_code: x.community,
        name: `授权测试小区 ${x.community}`,
        committee_org_id: x.ids.org,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  if (ownerId) {
    // A house of the community's demo estates moves to this one: the last, as the governance
    // fixtures use the first.
    const house = await pick(
      db
        .selectFrom('estate_houses as h')
        .innerJoin('estates as e', 'e.id', 'h.estate_id')
        .select('h.house_id')
        .where('e.community_code', '=', x.community)
        .orderBy('h.house_id', 'desc')
        .executeTakeFirst(),
      `estate house in ${x.community}`,
    );
    await db
      .updateTable('estate_houses')
      .set({ estate_id: estate })
      .where('house_id', '=', house.house_id)
      .execute();
    await db
      .insertInto('house_owners')
      .values({ house_id: house.house_id, person_id: ownerId, since: null })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const statement = (
    await db
      .insertInto('disclosure_statements')
      .values({
        estate_id: estate,
        community_code: x.community,
        period: '2020-Q1',
        period_start: '2020-01-01',
        period_end: '2020-03-31',
        opening_balance: 0,
        closing_balance: 10_000,
        created_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const line = (
    await db
      .insertInto('disclosure_lines')
      .values({
        statement_id: statement,
        position: 1,
        direction: 'income',
        category: 'parking',
        amount: 10_000,
        counterparty: '授权测试停车场',
        occurred_on: '2020-02-01',
        description: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const file = await db
    .selectFrom('case_attachments')
    .selectAll()
    .where('id', '=', x.file)
    .executeTakeFirstOrThrow();
  const voucher = (
    await db
      .insertInto('disclosure_vouchers')
      .values({
        statement_id: statement,
        line_id: line,
        file_name: file.file_name,
        content_type: file.content_type,
        size: file.size,
        sha256: file.sha256,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .updateTable('disclosure_statements')
    .set({ state: 'published', published_at: new Date(), publisher_name: '授权测试' })
    .where('id', '=', statement)
    .execute();
  return { estate, statement, voucher };
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
  for (const side of [targets.in, targets.out])
    side.ids.incident = await pushAlarm(side, 'blocked_exit', JPEG);
  // Confirm and dismiss genuinely succeed for those who may decide: each on incidents of their own.
  const types = ['illegal_parking', 'construction_waste', 'ebike_indoor', 'exposed_garbage'];
  for (const caller of ['district_admin', 'command_operator'] as const)
    decideIncidents[caller] = {
      confirm: await pushAlarm(targets.in, types.shift()!),
      dismiss: await pushAlarm(targets.in, types.shift()!),
    };

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
  // Committees' accounts: the inside resident is a registry person owning a house of the inside estate.
  const ownerPerson = inside.ids.person;
  await db
    .insertInto('resident_signups')
    .values({
      kind: 'verified',
      person_id: ownerPerson,
      name: '授权测试业主',
      id_number_enc: 'x',
      id_number_hash: 'authz-owner',
      id_number_mask: 'x',
      phone_enc: 'x',
      phone_hash: 'authz-owner',
      phone_mask: 'x',
      community_code: INSIDE,
      grid_code: inside.grid,
      username: sessions.resident.user.username,
      password_hash: 'x',
      state: 'done',
      user_id: sessions.resident.user.id,
    })
    .execute();
  disclosures.in = await disclosureIn(inside, ownerPerson);
  disclosures.out = await disclosureIn(targets.out, null);
  const statementBook = new (excel().Workbook)();
  statementBook.addWorksheet('账目').addRow(['日期', '收支', '类别', '金额（元）', '收付对象', '摘要']);
  emptyStatementXlsx = Buffer.from(await statementBook.xlsx.writeBuffer()).toString('base64');
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
  // Enforcement: the officer files a matter of their own; the reviewer approves the demo's matter
  // in legal review; the others try the officer's (and are refused).
  const opened = await t.as(sessions.enforcement_officer, {
    method: 'POST',
    url: '/api/enforcement/matters',
    payload: {
      gridCode: inside.grid,
      title: '授权测试',
      discoveredAt: new Date(Date.now() - 3_600_000).toISOString(),
      partyKind: 'person',
      partyName: '授权测试',
    },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  const inReview = await pick(
    db
      .selectFrom('enforcement_matters')
      .select(['id', 'version'])
      .where('grid_code', 'like', `${INSIDE}%`)
      .where('state', '=', 'reviewing')
      .executeTakeFirst(),
    'enforcement matter in review',
  );
  for (const caller of CALLERS)
    moveMatters[caller] = caller === 'legal_reviewer' ? inReview : { id: opened.json().id, version: 1 };
  // A dispute per move and caller, in the state the move starts from (assigned to the mediator).
  for (const [move, state] of Object.entries(DISPUTE_MOVES)) {
    moveDisputes[move] = {} as Record<Caller, { id: string; version: number }>;
    for (const caller of CALLERS)
      moveDisputes[move][caller] = await disputeIn(
        districtAdmin,
        inside.grid,
        state === 'mediating' ? sessions.mediator.user.id : undefined,
      );
  }
  // Questions of the inside resident's to the inside case's department, one per caller and move;
  // the one community staff answer is put to the inside estate's committee (they answer for it).
  const forCommittee = (caller: Caller, move: string) =>
    move === 'answer' && (caller === 'district_admin' || caller === 'area_leader');
  const rows = CALLERS.flatMap((caller) =>
    QUESTION_MOVES.map((move) => ({
      number: `QAUTHZ-${caller}-${move}`,
      asker_id: sessions.resident.user.id,
      community_code: INSIDE,
      grid_code: inside.grid,
      ...(forCommittee(caller, move)
        ? {
            answerer_kind: 'committee' as const,
            department_code: null,
            estate_id: disclosures.in.estate,
            committee_name: '授权测试业主委员会',
          }
        : { answerer_kind: 'department' as const, department_code: kase.department_code }),
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
  // Partners: the partner caller's account is bound to the inside partner, the resident made the
  // inside booking; per caller, pending applications and bookings in the state each move starts from.
  await db
    .insertInto('partner_accounts')
    .values({ user_id: sessions.partner.user.id, partner_id: inside.ids.partner })
    .execute();
  await db
    .updateTable('partner_bookings')
    .set({ resident_id: sessions.resident.user.id })
    .where('id', '=', inside.ids.booking)
    .execute();
  const pending = await db
    .insertInto('partners')
    .values(
      CALLERS.flatMap(() =>
        ['approve', 'reject'].map((move) => ({
          name: `授权测试申请${move}`,
          kind: 'shop',
          area_code: INSIDE,
          contact_name: '授权测试',
          contact_phone_enc: 'x',
          contact_phone_mask: '138****0000',
        })),
      ),
    )
    .returning('id')
    .execute();
  const moveServices = await db
    .insertInto('partner_services')
    .values(
      CALLERS.flatMap(() =>
        BOOKING_MOVES.map(() => ({
          partner_id: inside.ids.partner,
          name: '授权测试服务',
          kind: 'other',
          area_code: INSIDE,
          capacity: 10,
          booked: 1,
        })),
      ),
    )
    .returning('id')
    .execute();
  const moveBookingRows = await db
    .insertInto('partner_bookings')
    .values(
      CALLERS.flatMap((_, i) =>
        BOOKING_MOVES.map((move, j) => ({
          service_id: moveServices[i * BOOKING_MOVES.length + j]!.id,
          partner_id: inside.ids.partner,
          resident_id: sessions.resident.user.id,
          community_code: INSIDE,
          area_code: INSIDE,
          resident_name: '授权测试',
          state: BOOKING_START[move],
        })),
      ),
    )
    .returning('id')
    .execute();
  CALLERS.forEach((caller, i) => {
    pendingPartners[caller] = { approve: pending[2 * i]!.id, reject: pending[2 * i + 1]!.id };
    moveBookings[caller] = {} as Record<(typeof BOOKING_MOVES)[number], string>;
    BOOKING_MOVES.forEach((move, j) => {
      moveBookings[caller][move] = moveBookingRows[i * BOOKING_MOVES.length + j]!.id;
    });
  });
  for (const caller of CALLERS) {
    moveQuestions[caller] = {} as (typeof moveQuestions)[Caller];
    for (const move of QUESTION_MOVES)
      moveQuestions[caller][move] = made.find((q) => q.number === `QAUTHZ-${caller}-${move}`)!.id;
  }
}, 240_000);

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
  if (/^\/api\/enforcement\/matters\/\{id\}\/(moves|evidence)$/.test(path))
    return side === 'in' ? moveMatters[caller].id : x.ids.matter;
  if (path.startsWith('/api/enforcement/matters/')) return x.ids.matter;
  const disputeMove = /^\/api\/disputes\/\{id\}\/(\w+)$/.exec(path)?.[1];
  if (disputeMove && DISPUTE_MOVES[disputeMove])
    return side === 'in' ? moveDisputes[disputeMove][caller].id : x.ids.dispute;
  if (path.startsWith('/api/api-keys/')) return x.apiKey;
  const decide = /^\/api\/camera-incidents\/\{id\}\/(confirm|dismiss)$/.exec(path);
  if (decide && side === 'in' && decideIncidents[caller])
    return decideIncidents[caller][decide[1] as 'confirm' | 'dismiss'];
  if (path.startsWith('/api/opendata/partner-keys/')) return x.partnerKey;
  if (path.startsWith('/api/credit/entries/')) return x.creditEntry;
  if (path.startsWith('/api/credit/repairs/')) return x.creditRepair;
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
  if (path.startsWith('/api/party/orgs/')) return x.party.org;
  if (path.startsWith('/api/party/members/')) return x.party.members[path.split('/')[5] ?? ''];
  if (path.startsWith('/api/command/reports/')) return x.ids.report;
  if (path.startsWith('/api/command/hotspots/')) return '0000000000000000';
  if (path.startsWith('/api/resources/')) return x.ids.room;
  if (path.startsWith('/api/disclosure/statements/')) return disclosures[side].statement;
  const partnerDecision = /^\/api\/partners\/\{id\}\/(approve|reject)$/.exec(path);
  if (partnerDecision && side === 'in')
    return pendingPartners[caller][partnerDecision[1] as 'approve' | 'reject'];
  if (path.startsWith('/api/partners/')) return x.ids.partner;
  if (path.startsWith('/api/partner-services/')) return x.ids.service;
  const bookingMove = /^\/api\/partner-bookings\/\{id\}\/(\w+)$/.exec(path);
  if (bookingMove && side === 'in')
    return moveBookings[caller][bookingMove[1] as (typeof BOOKING_MOVES)[number]];
  if (path.startsWith('/api/partner-bookings/')) return x.ids.booking;
  if (path.startsWith('/api/pairings/')) return x.ids.pairing;
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
      cameras: 'camera',
      'camera-incidents': 'incident',
      'team-members': 'member',
      'visit-plans': 'plan',
      'visit-tasks': 'task',
      visits: 'visit',
      disputes: 'dispute',
      questions: 'question',
      public: 'question',
      'resident-applications': 'application',
      notices: 'notice',
      estates: 'estate',
      meetings: 'meeting',
      decisions: 'decision',
      votes: 'vote',
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
        if (path.startsWith('/api/dispute-kinds')) return `authz_kind_${side}`;
        if (path.startsWith('/api/ledger-types'))
          return path.endsWith('/export') ? 'ps_registered_population' : 'authz_ledger';
        if (path.includes('/communities/')) return x.community;
        return path.startsWith('/api/tags') ? 'elderly_alone' : x.grid;
      case 'entity':
        return 'person';
      case 'photoId':
        return x.photo;
      case 'fileId':
        if (path.startsWith('/api/pairings/')) return x.pairingFile;
        if (path.startsWith('/api/meetings/')) return x.governance.meetingFile;
        if (path.startsWith('/api/disclosure/')) return disclosures[side].voucher;
        return path.startsWith('/api/disputes/') ? x.disputeFile : x.file;
      case 'year':
        return '2026';
      case 'houseId':
        return x.governance.house;
      case 'ballotId':
        return x.governance.ballot;
      case 'gridCode':
        return x.grid;
      case 'month':
        return MONTH;
      case 'day':
        return '2031-01-02';
      case 'move':
        return 'register';
      case 'document':
        return 'decision';
      case 'format':
        return 'json';
      case 'kind':
        return 'rooms';
      case 'service_code':
        return leafCategory;
      case 'service_request_id':
        return x.ids.case;
      case 'token':
        return 'no-such-token';
      case 'type':
        return 'authz_test';
      case 'name':
        return 'organizations';
      default:
        throw new Error(`no value for {${name}} in ${path}`);
    }
  });
}

const QUERIES: Record<string, (x: Target) => Record<string, string>> = {
  'GET /api/dispute-screenings': () => ({ month: MONTH }),
  'GET /api/dispute-screenings/report': () => ({ month: MONTH, format: 'xlsx' }),
  'GET /api/areas/locate': (x) => ({ lon: String(x.lon), lat: String(x.lat) }),
  'GET /api/cases/similar': (x) => ({ categoryCode: leafCategory, lon: String(x.lon), lat: String(x.lat) }),
  'GET /api/cases/figures': () => ({ groupBy: 'grid' }),
  'POST /api/cases/{id}/attachments': () => ({ fileName: 'evidence.png' }),
  'GET /api/team-rewards': () => ({ year: '2026' }),
  'GET /api/resources/summary': () => ({ year: '2026' }),
  'GET /api/resources/entries': (x) => ({ communityCode: x.community, year: '2026' }),
  'DELETE /api/resources/{kind}/{id}': () => ({ version: String(STALE) }),
  'DELETE /api/command/layouts': () => ({ name: '授权测试' }),
  'GET /api/command/hotspots/{id}/cases': (x) => ({ areaCode: x.community }),
  'POST /api/ledger-files': () => ({ name: 'authz.csv' }),
  'GET /api/public/questions': (x) => ({ communityCode: x.community }),
  'GET /api/public/answerers': (x) => ({ communityCode: x.community }),
  'GET /api/public/notices': (x) => ({ communityCode: x.community }),
  'POST /api/areas/import/file': () => ({ code: 'CODE', name: 'NAME' }),
  'GET /api/3/action/package_show': () => ({ id: 'organizations' }),
  'GET /api/3/action/datastore_search': () => ({ resource_id: 'organizations', limit: '5' }),
  'GET /api/credit/public': () => ({ q: '华盛' }),
};

const retireBody = { version: STALE, reason: '授权测试' };
const disputeVersion = (move: string, caller: Caller) => moveDisputes[move][caller].version;
const BODIES: Record<string, (x: Target, caller: Caller) => unknown> = {
  'PUT /api/estates/{id}/houses/{houseId}': () => ({ version: STALE, floorArea: '88.50' }),
  'POST /api/meetings': (x) => ({
    communityCode: x.community,
    kind: 'hearing',
    title: '授权测试听证会',
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    items: [{ title: '授权测试议题' }],
  }),
  'POST /api/meetings/{id}/participants': () => ({
    participants: [{ kind: 'organization', name: '授权测试单位' }],
  }),
  'POST /api/meetings/{id}/record': () => ({ version: STALE, minutes: '授权测试纪要' }),
  'PATCH /api/decisions/{id}': () => ({ version: STALE, progress: 50 }),
  'POST /api/votes': (x) => ({
    kind: 'owners',
    estateId: x.ids.estate,
    matter: 'ordinary',
    title: '授权测试表决',
    question: '是否同意？',
    closesAt: new Date(Date.now() + 86_400_000).toISOString(),
  }),
  'POST /api/votes/{id}/open': () => ({ version: STALE }),
  'POST /api/votes/{id}/close': () => ({ version: STALE }),
  'POST /api/votes/{id}/publish': () => ({ version: STALE }),
  'POST /api/votes/{id}/ballots': () => ({ choice: 'yes' }),
  'POST /api/votes/{id}/paper-ballots': (x) => ({
    choice: 'yes',
    houseId: x.governance.house,
    voterId: x.governance.owner,
    photo: { contentType: 'image/png', data: PNG.toString('base64') },
  }),
  'PUT /api/dispute-kinds/{code}': () => ({ nameZh: '授权测试纠纷', nameEn: 'Authz test' }),
  'POST /api/disputes': (x) => ({
    kindCode: 'neighbours',
    title: '授权测试纠纷',
    gridCode: x.grid,
    source: 'resident',
    risk: 'low',
    parties: [{ name: '授权测试当事人' }],
  }),
  'POST /api/disputes/{id}/assign': (_x, caller) => ({
    version: disputeVersion('assign', caller),
    committee: '授权测试调解委员会',
  }),
  'POST /api/disputes/{id}/sessions': (_x, caller) => ({
    version: disputeVersion('sessions', caller),
    heldOn: '2026-01-05',
    place: '调解室',
    attendees: '双方当事人',
  }),
  'POST /api/disputes/{id}/outcome': (_x, caller) => ({
    version: disputeVersion('outcome', caller),
    outcome: 'withdrawn',
  }),
  'POST /api/disputes/{id}/extend': (_x, caller) => ({
    version: disputeVersion('extend', caller),
    reason: '授权测试延期',
  }),
  'POST /api/disputes/{id}/withdraw': (_x, caller) => ({
    version: disputeVersion('withdraw', caller),
    note: '授权测试撤回',
  }),
  'POST /api/disputes/{id}/escalate': (_x, caller) => ({
    version: disputeVersion('escalate', caller),
    note: '授权测试升级',
  }),
  'PUT /api/dispute-screenings/{gridCode}/{month}': () => ({ noneFound: false }),
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
  // One ID number per caller and side: a second create with the same one is a 409, not a success.
  'POST /api/people': (x, caller) => ({
    name: '授权测试',
    idNumber: idNumber(900 + 2 * CALLERS.indexOf(caller) + (x === targets.in ? 0 : 1)),
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
  // A room of each caller's own: a second create of the same room would be a 409.
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
  'PUT /api/settings/disclosure': () => ({ periodKind: 'quarter', graceDays: 30 }),
  'POST /api/disclosure/statements': (x, caller) => ({
    estateId: disclosures[x.community === INSIDE ? 'in' : 'out'].estate,
    // A period of its own per caller: one draft per estate and period.
    period: `${2000 + CALLERS.indexOf(caller)}-Q2`,
    openingBalance: 0,
    closingBalance: 10_000,
    lines: [
      {
        direction: 'income',
        category: 'parking',
        amount: 10_000,
        counterparty: '授权测试停车场',
        occurredOn: `${2000 + CALLERS.indexOf(caller)}-05-01`,
      },
    ],
  }),
  'POST /api/disclosure/statements/import': (x) => ({
    estateId: disclosures[x.community === INSIDE ? 'in' : 'out'].estate,
    period: '2021-Q1',
    fileName: 'empty.xlsx',
    data: emptyStatementXlsx,
  }),
  'PUT /api/disclosure/statements/{id}': () => ({
    version: STALE,
    openingBalance: 0,
    closingBalance: 0,
    lines: [],
  }),
  'POST /api/disclosure/statements/{id}/vouchers': () => ({
    version: STALE,
    lineId: '00000000-0000-4000-8000-000000000000',
    fileName: 'voucher.png',
    contentType: 'image/png',
    data: PNG.toString('base64'),
  }),
  'POST /api/disclosure/statements/{id}/publish': () => ({ version: STALE }),
  'POST /api/disclosure/statements/{id}/correct': () => ({ version: STALE, reason: '授权测试更正' }),
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
  'POST /api/enforcement/matters': (x) => ({
    gridCode: x.grid,
    title: '授权测试',
    discoveredAt: new Date(Date.now() - 3_600_000).toISOString(),
    partyKind: 'person',
    partyName: '授权测试',
  }),
  'POST /api/enforcement/matters/{id}/moves': (x, caller) => ({
    move: caller === 'legal_reviewer' ? 'approve' : 'file',
    version: x === targets.in ? moveMatters[caller].version : 1,
  }),
  'POST /api/enforcement/matters/{id}/evidence': () => ({
    kind: 'note',
    title: '授权测试笔录',
    note: '授权测试',
    takenAt: new Date(Date.now() - 60_000).toISOString(),
    location: '授权测试地点',
  }),
  'PUT /api/enforcement/settings': () => ({ publicationWorkingDays: 7 }),
  'POST /api/party/orgs': (x) => ({ kind: 'branch', name: '授权测试新支部', areaCode: x.community }),
  'PATCH /api/party/orgs/{id}': () => ({ version: 1, secretary: '授权测试' }),
  'POST /api/party/members': (x) => ({
    orgId: x.party.org,
    name: '授权测试',
    status: 'applicant',
    appliedOn: '2025-01-01',
  }),
  'PATCH /api/party/members/{id}': () => ({ version: 1, workplace: '授权测试单位' }),
  'POST /api/party/members/{id}/status': () => ({ version: 1, status: 'activist', on: '2025-02-01' }),
  'POST /api/party/members/{id}/transfer': (x) => ({ version: 1, toOrgId: x.party.org2, on: '2025-02-01' }),
  'POST /api/party/members/{id}/dues': () => ({ version: 1, paidTo: '2025-06' }),
  'POST /api/party/members/{id}/registration': (x) => ({
    version: 1,
    communityCode: x.community,
    on: '2025-02-01',
  }),
  'POST /api/party/members/{id}/hours': () => ({ servedOn: '2025-04-01', hours: 2, activity: '授权测试' }),
  'POST /api/party/meetings': (x) => ({
    orgId: x.party.org,
    kind: 'committee',
    heldOn: '2025-02-01',
    topic: '授权测试',
    attendees: 5,
  }),
  'PUT /api/party/requirements': () => ({ items: DEFAULT_REQUIREMENTS }),
  'POST /api/camera-alarms': (x) => ({
    camera: x.camera.deviceId,
    type: 'illegal_parking',
    score: 0.9,
    start: new Date().toISOString(),
  }),
  'POST /api/camera-heartbeats': (x) => ({ cameras: [x.camera.deviceId] }),
  'POST /api/cameras': (x) => ({ deviceId: gbId(), name: '授权测试摄像机', lon: x.lon, lat: x.lat }),
  'POST /api/camera-incidents/{id}/confirm': () => ({ version: 1 }),
  'POST /api/camera-incidents/{id}/dismiss': () => ({ version: 1 }),
  'PUT /api/camera-rules/{type}': () => ({
    nameZh: '授权测试',
    nameEn: 'Authorization test',
    categoryCode: leafCategory,
    minScore: 0.5,
    hoursFrom: 0,
    hoursTo: 24,
    mode: 'confirm',
  }),
  'PUT /api/camera-settings': () => ({
    windowMinutes: 10,
    floodPerMinute: 30,
    offlineMinutes: 30,
    faultCategory: 'camera_fault',
  }),
  'PUT /api/command/layouts': (x) => ({
    name: `授权测试-${x === targets.in ? 'in' : 'out'}`,
    panels: [{ kind: 'figures' }, { kind: 'map', indicator: 'households' }],
  }),
  'POST /api/command/hotspots/send': (x) => ({
    areaCode: x.community,
    categoryCode: leafCategory,
    hotspotId: 'no-such-hot-spot',
    instruction: '请集中整治',
  }),
  'POST /api/command/reports': (x) => ({ areaCode: x.community, month: '2020-02' }),
  'POST /api/resources/funds': (x) => ({
    communityCode: x.community,
    year: 2026,
    category: '办公经费',
    allocated: 60000,
  }),
  'POST /api/resources/people': (x) => ({
    communityCode: x.community,
    year: 2026,
    name: '授权测试',
    fromUnit: '街道办',
    since: '2026-01-05',
  }),
  'POST /api/resources/rooms': (x) => ({
    communityCode: x.community,
    year: 2026,
    purpose: '授权测试',
    areaM2: 20,
  }),
  'PUT /api/resources/{kind}/{id}': (x) => ({
    communityCode: x.community,
    year: 2026,
    purpose: '授权测试',
    areaM2: 20,
    version: STALE,
  }),
  'POST /api/resources/import': (x) => ({ year: 2026, file: x.resourcesFile }),
  'PUT /api/opendata/datasets/{name}/settings': () => ({
    access: 'public',
    frequency: 'weekly',
    enabled: true,
  }),
  'POST /api/opendata/partner-keys': (x, caller) => ({
    name: `授权测试 ${caller}`,
    holder: '授权测试',
    purpose: '测试',
    datasets: ['population-by-grid-age'],
    dailyQuota: 100,
    ratePerMinute: 10,
    areaCode: x.community,
  }),
  'POST /api/3/action/package_show': () => ({ id: 'organizations' }),
  'POST /api/3/action/datastore_search': () => ({ resource_id: 'organizations', limit: 5, filters: {} }),
  'POST /api/credit/entries': (x, caller) => ({
    orgId: x.ids.org,
    source: 'commendation',
    reference: `authz-${caller}-${x === targets.in ? 'in' : 'out'}`,
    title: '授权测试表彰',
    decidedOn: '2026-05-01',
  }),
  'POST /api/credit/entries/{id}/repairs': () => ({
    applicant: '授权测试',
    reason: '已整改完毕',
    evidence: [{ name: '整改照片', note: '现场已清理' }],
  }),
  'POST /api/credit/repairs/{id}/decide': () => ({ decision: 'refuse', reason: '材料不全', version: 1 }),
  'POST /api/credit/own/repairs': () => ({
    entryId: '00000000-0000-4000-8000-000000000000',
    applicant: '授权测试',
    reason: '已整改',
    evidence: [{ name: '整改照片', note: '' }],
  }),
  'POST /api/public/partner-applications': () => ({
    name: '授权测试伙伴',
    kind: 'bank',
    areaCode: '440305999999',
    contactName: '授权测试',
    contactPhone: '13800138000',
  }),
  'POST /api/partners/{id}/approve': (x, caller) => ({
    version: 1,
    username: `authz.partner.${caller}.${x === targets.in ? 'in' : 'out'}`.replace(/_/g, '-'),
  }),
  'POST /api/partners/{id}/reject': () => ({ version: 1, reason: '授权测试' }),
  'POST /api/partner-services': (x) => ({
    name: '授权测试服务',
    kind: 'other',
    areaCode: x.community,
    priceFen: 0,
    capacity: 10,
  }),
  'PATCH /api/partner-services/{id}': () => ({ version: STALE }),
  'POST /api/partner-bookings': (x) => ({ serviceId: x.bookService }),
  'POST /api/partner-bookings/{id}/confirm': () => ({ version: 1 }),
  'POST /api/partner-bookings/{id}/decline': () => ({ version: 1, reason: '授权测试' }),
  'POST /api/partner-bookings/{id}/done': () => ({ version: 1 }),
  'POST /api/partner-bookings/{id}/cancel': () => ({ version: 1 }),
  'POST /api/partner-bookings/{id}/rating': () => ({ version: 1, rating: 5, comment: '授权测试' }),
  'POST /api/pairings': (x) => ({
    communityCode: x.community,
    unitKind: 'unit',
    unitName: '授权测试单位',
    agreement: '授权测试',
    signedOn: '2026-01-01',
  }),
  'PATCH /api/pairings/{id}': () => ({ version: STALE }),
  'PUT /api/pairings/{id}/plans/{year}': () => ({
    version: STALE,
    items: [{ area: 'party', item: '授权测试' }],
  }),
  'PUT /api/pairings/{id}/reviews/{year}': () => ({
    version: STALE,
    summary: '授权测试',
    scores: { party: 5, civility: 5, service: 5, stability: 5, environment: 5 },
  }),
  'POST /api/pairings/{id}/activities': () => ({
    heldOn: '2026-03-01',
    area: 'service',
    kind: '志愿服务',
    title: '授权测试活动',
    participants: 10,
  }),
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
  if (key === 'POST /api/disputes/{id}/attachments')
    return {
      ...options,
      query: { fileName: 'signed.png' },
      headers: { 'content-type': 'image/png' },
      payload: PNG,
    };
  if (key === 'POST /api/ledger-files')
    return { ...options, headers: { 'content-type': 'text/csv' }, payload: Buffer.from('姓名,身份证号\r\n') };
  if (key === 'POST /api/credit/abnormal-list')
    return {
      ...options,
      query: { dryRun: 'true' },
      headers: { 'content-type': 'text/csv' },
      payload:
        '统一社会信用代码,企业名称,列入经营异常名录原因,列入日期\r\n91440300MA5G00001W,授权测试有限公司,通过登记的住所或者经营场所无法联系,2026-10-01\r\n',
    };
  if (key === 'POST /api/estates/{id}/ownership-import')
    return {
      ...options,
      query: { dryRun: 'true' },
      headers: { 'content-type': 'text/csv' },
      payload:
        '楼栋,房号,专有部分面积（㎡）,产权人姓名,产权人身份证号\r\n1栋,9999,89.50,授权测试,11010119900101123X\r\n',
    };
  if (key === 'POST /api/cases/{id}/attachments')
    return {
      ...options,
      headers: { 'content-type': 'image/png' },
      payload: Buffer.from('89504e470d0a1a0a', 'hex'),
    };
  if (key === 'POST /api/cameras/import')
    return {
      ...options,
      query: { fileName: 'cameras.csv' },
      headers: { 'content-type': 'text/csv' },
      payload: `设备编码,名称,经度,纬度\n${gbId()},授权测试导入,${x.lon},${x.lat}\n`,
    };
  const body = BODIES[key];
  if (body) options.payload = body(x, caller) as InjectOptions['payload'];
  else if (method !== 'GET' && method !== 'DELETE') options.payload = {};
  return options;
}

const isProblem = (body: string) => {
  try {
    const parsed = JSON.parse(body) as { code?: unknown };
    return typeof parsed.code === 'string';
  } catch {
    return false;
  }
};

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
      // An allowed write must do what it was asked: a 409 or 422 here would hide a broken body or
      // a broken route behind "at least it was not a 403". Refusals by design are `conflict`.
      if (write) return status >= 200 && status < 300 ? null : 'expected 2xx (an allowed write must succeed)';
      return (status >= 200 && status < 300) || status === 409 ? null : 'expected 2xx';
    case 'conflict':
      return status === 409 && isProblem(body) ? null : 'expected 409 with a problem document';
    case 'invalid':
      return status === 400 || status === 422
        ? isProblem(body)
          ? null
          : 'expected a problem document'
        : 'expected 400 or 422';
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
          if (key === 'POST /api/auth/logout' && session) session = await freshSession(session.user.username);
          const request = requestOf(key, side, caller);
          // The password, second-factor and sign-up routes are rate limited per address: one per
          // caller and side.
          if (
            key.startsWith('POST /api/auth/') ||
            key.startsWith('POST /api/resident-') ||
            key.startsWith('POST /api/public/')
          )
            request.remoteAddress = `10.88.${CALLERS.indexOf(caller)}.${side === 'in' ? 1 : 2}`;
          const response = await t.as(session, request);
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
    // Fourteen callers on every route, on a shared machine: about two minutes and growing.
  }, 300_000);
});
