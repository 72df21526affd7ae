import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';

const C1 = '440305001001';
const C2 = '440305001002';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');

let t: TestApp;
let leader: Session;
let worker: Session;
let otherLeader: Session;
/** Owners by letter: their person id and (for some) a resident session. */
const owners: Record<string, { person: string; session?: Session }> = {};
let estate: string;
let otherEstate: string;
const houses: string[] = [];

async function residentOf(db: Db, personId: string, grid: string, community: string) {
  const person = await db
    .selectFrom('people')
    .select('name')
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  const user = await buildUser(db, 'resident', grid);
  await db
    .insertInto('resident_signups')
    .values({
      kind: 'verified',
      person_id: personId,
      name: person.name,
      id_number_enc: 'x',
      id_number_hash: `x-${personId}`,
      id_number_mask: 'x',
      phone_enc: 'x',
      phone_hash: `x-${personId}`,
      phone_mask: 'x',
      community_code: community,
      grid_code: grid,
      username: user.username,
      password_hash: 'x',
      state: 'done',
      user_id: user.id,
    })
    .execute();
  return t.login(user.username);
}

/** Houses of a community taken out of the demo's estates, for this test's own estates. */
async function freeHouses(community: string, n: number) {
  const rows = await t.db
    .selectFrom('houses as h')
    .select(['h.id', 'h.grid_code'])
    .where('h.grid_code', 'like', `${community}%`)
    .where('h.retired_at', 'is', null)
    .orderBy('h.id')
    .limit(n)
    .execute();
  const ids = rows.map((r) => r.id);
  await t.db.deleteFrom('house_owners').where('house_id', 'in', ids).execute();
  await t.db.deleteFrom('estate_houses').where('house_id', 'in', ids).execute();
  return rows;
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.db;
  const hs = await freeHouses(C1, 5);
  const grid = hs[0]!.grid_code;
  const people = await db
    .selectFrom('people')
    .select('id')
    .where('grid_code', 'like', `${C1}%`)
    .where('retired_at', 'is', null)
    .orderBy('id')
    .limit(5)
    .execute();
  for (const [i, letter] of ['A', 'B', 'C', 'D', 'E'].entries()) owners[letter] = { person: people[i]!.id };
  estate = (
    await db
      .insertInto('estates')
      .values({ community_code: C1, name: '表决测试小区' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  // h1 100.00 m² co-owned by A and B; h2 100.00 and h3 50.00 both C's; h4 100.00 D's; h5 150.00 E's.
  const plan: [number, string[]][] = [
    [10000, ['A', 'B']],
    [10000, ['C']],
    [5000, ['C']],
    [10000, ['D']],
    [15000, ['E']],
  ];
  for (const [i, [area, who]] of plan.entries()) {
    houses.push(hs[i]!.id);
    await db
      .insertInto('estate_houses')
      .values({ house_id: hs[i]!.id, estate_id: estate, floor_area: area })
      .execute();
    for (const w of who)
      await db
        .insertInto('house_owners')
        .values({ house_id: hs[i]!.id, person_id: owners[w]!.person })
        .execute();
  }
  for (const letter of ['A', 'B', 'C'])
    owners[letter]!.session = await residentOf(db, owners[letter]!.person, grid, C1);
  // An owner of another estate, in the neighbouring community.
  const [other] = await freeHouses(C2, 1);
  const g = await db
    .selectFrom('people')
    .select('id')
    .where('grid_code', 'like', `${C2}%`)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  otherEstate = (
    await db
      .insertInto('estates')
      .values({ community_code: C2, name: '邻居小区' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto('estate_houses')
    .values({ house_id: other!.id, estate_id: otherEstate, floor_area: 9000 })
    .execute();
  await db.insertInto('house_owners').values({ house_id: other!.id, person_id: g.id }).execute();
  owners.G = { person: g.id, session: await residentOf(db, g.id, other!.grid_code, C2) };
  leader = await t.login((await buildUser(db, 'area_leader', C1)).username);
  otherLeader = await t.login((await buildUser(db, 'area_leader', C2)).username);
  worker = await t.login((await buildUser(db, 'grid_worker', grid)).username);
}, 120_000);

afterAll(() => t?.close());

const post = (s: Session, url: string, payload: object) => t.as(s, { method: 'POST', url, payload });
const get = (s: Session, url: string) => t.as(s, { method: 'GET', url });
const closesAt = () => new Date(Date.now() + 86_400_000).toISOString();

async function newVote(matter: string, title = '更换物业服务企业') {
  const res = await post(leader, '/api/votes', {
    kind: 'owners',
    estateId: estate,
    matter,
    title,
    question: '是否同意？',
    closesAt: closesAt(),
  });
  expect(res.statusCode).toBe(201);
  const opened = await post(leader, `/api/votes/${res.json().id}/open`, { version: res.json().version });
  expect(opened.statusCode).toBe(200);
  return opened.json();
}

describe('estates', () => {
  it('lists areas exactly and edits a floor area from decimal text, with versions', async () => {
    const list = (await get(leader, '/api/estates')).json();
    const mine = list.find((e: { id: string }) => e.id === estate);
    expect(mine).toMatchObject({ houses: 5, owners: 5, totalArea: '500.00' });
    expect(list.some((e: { id: string }) => e.id === otherEstate)).toBe(false);
    expect((await get(otherLeader, `/api/estates/${estate}`)).statusCode).toBe(404);
    const detail = (await get(leader, `/api/estates/${estate}`)).json();
    const h5 = detail.houseList.find((h: { houseId: string }) => h.houseId === houses[4]);
    expect(h5.floorArea).toBe('150.00');
    expect(h5.owners[0].name).toMatch(/\*/);
    const url = `/api/estates/${estate}/houses/${houses[4]}`;
    expect(
      (await t.as(leader, { method: 'PUT', url, payload: { version: h5.version, floorArea: '150.1' } }))
        .statusCode,
    ).toBe(200);
    const after = (await get(leader, `/api/estates/${estate}`)).json();
    expect(after.totalArea).toBe('500.10');
    expect(
      (await t.as(leader, { method: 'PUT', url, payload: { version: h5.version, floorArea: '150.00' } }))
        .statusCode,
    ).toBe(409);
    expect(
      (await t.as(leader, { method: 'PUT', url, payload: { version: h5.version + 1, floorArea: '0.00' } }))
        .statusCode,
    ).toBe(422);
    expect(
      (await t.as(leader, { method: 'PUT', url, payload: { version: h5.version + 1, floorArea: '150.00' } }))
        .statusCode,
    ).toBe(200);
  });
});

describe("owners' votes (art. 278)", () => {
  it('counts co-owners once, keeps every ballot, takes paper ballots, publishes a checkable result', async () => {
    const vote = await newVote('ordinary');
    expect(vote).toMatchObject({ state: 'open', units: 4, totalArea: '500.00' });
    const A = owners.A!.session!;
    const B = owners.B!.session!;
    const C = owners.C!.session!;
    // A votes yes; B (co-owner) votes no: B's ballot replaces A's; A changes it back to yes.
    const a1 = await post(A, `/api/votes/${vote.id}/ballots`, { choice: 'yes' });
    expect(a1.statusCode).toBe(201);
    expect((await post(B, `/api/votes/${vote.id}/ballots`, { choice: 'no' })).statusCode).toBe(201);
    const a2 = (await post(A, `/api/votes/${vote.id}/ballots`, { choice: 'yes' })).json();
    const seenByB = (await get(B, `/api/votes/${vote.id}`)).json();
    expect(seenByB.mine).toHaveLength(1);
    expect(seenByB.mine[0].history.map((h: { choice: string }) => h.choice)).toEqual(['yes', 'no', 'yes']);
    expect(seenByB.mine[0].ballot.receipt).toBe(a2.receipt);
    expect(seenByB.result).toBeNull();
    // C owns two houses: one unit of 150.00 m².
    const c = await post(C, `/api/votes/${vote.id}/ballots`, { choice: 'yes' });
    expect(c.statusCode).toBe(201);
    expect((await get(C, `/api/votes/${vote.id}`)).json().mine[0].area).toBe('150.00');
    // D votes on paper: the grid worker enters it with its photo; a non-owner signer is refused.
    const paper = (voterId: string) =>
      post(worker, `/api/votes/${vote.id}/paper-ballots`, {
        choice: 'yes',
        houseId: houses[3],
        voterId,
        photo: { contentType: 'image/png', data: PNG },
      });
    expect((await paper(owners.E!.person)).statusCode).toBe(422);
    const d = await paper(owners.D!.person);
    expect(d.statusCode).toBe(201);
    // Staff see who voted (not how) and the sealed history.
    const units = (await get(worker, `/api/votes/${vote.id}/units`)).json();
    expect(units.filter((u: { voted: boolean }) => u.voted)).toHaveLength(3);
    const history = (await get(leader, `/api/votes/${vote.id}/history`)).json();
    expect(history).toHaveLength(5);
    expect(new Set(history.map((h: { choice: string }) => h.choice))).toEqual(new Set(['sealed']));
    const paperRow = history.find((h: { channel: string }) => h.channel === 'paper');
    const photo = await get(leader, `/api/votes/${vote.id}/ballots/${paperRow.id}/photo`);
    expect(photo.statusCode).toBe(200);
    expect((await get(A, `/api/votes/${vote.id}/ballots/${paperRow.id}/photo`)).statusCode).toBe(403);
    // Close and publish: 350.00 of 500.00 m² and 3 of 4 owners took part; all said yes.
    const now = (await get(leader, `/api/votes/${vote.id}`)).json();
    const closed = (await post(leader, `/api/votes/${vote.id}/close`, { version: now.version })).json();
    expect(closed.result).toMatchObject({
      outcome: 'passed',
      total: { area: '500.00', heads: 4 },
      participating: { area: '350.00', heads: 3 },
      yes: { area: '350.00', heads: 3 },
      quorumArea: true,
      quorumHeads: true,
      paper: 1,
      online: 2,
    });
    expect((await post(A, `/api/votes/${vote.id}/ballots`, { choice: 'no' })).statusCode).toBe(409);
    expect((await get(A, `/api/votes/${vote.id}`)).json().result).toBeNull();
    expect(
      (await post(leader, `/api/votes/${vote.id}/publish`, { version: closed.version - 1 })).statusCode,
    ).toBe(409);
    expect(
      (await post(leader, `/api/votes/${vote.id}/publish`, { version: closed.version })).statusCode,
    ).toBe(200);
    const mine = (await get(A, `/api/votes/${vote.id}`)).json();
    expect(mine.result.outcome).toBe('passed');
    expect(mine.mine[0].counted).toBe(true);
    expect(mine.result.receipts).toContain(a2.receipt);
    expect(mine.result.receipts).not.toContain(a1.json().receipt);
    // The result went out as a notice to the community.
    const notice = await t.db
      .selectFrom('notices')
      .select('body')
      .where('title', '=', '表决结果：更换物业服务企业')
      .executeTakeFirstOrThrow();
    expect(notice.body).toContain('350.00');
  });

  it('fails on the area count when the big owners stay away, on a matter of items 6–8', async () => {
    const vote = await newVote('fund', '续筹专项维修资金');
    expect(vote.matter).toBe('fund');
    for (const who of ['A', 'C'])
      expect(
        (await post(owners[who]!.session!, `/api/votes/${vote.id}/ballots`, { choice: 'yes' })).statusCode,
      ).toBe(201);
    await post(worker, `/api/votes/${vote.id}/paper-ballots`, {
      choice: 'no',
      houseId: houses[3],
      voterId: owners.D!.person,
      photo: { contentType: 'image/png', data: PNG },
    });
    // Heads 3 of 4 took part, area 350.00 of 500.10 (≥ 2/3); yes 250.00 of 350.00 < 3/4: rejected on area,
    // and 2 of 3 heads < 3/4: rejected on heads.
    const closed = (await post(leader, `/api/votes/${vote.id}/close`, { version: vote.version })).json();
    expect(closed.result).toMatchObject({
      outcome: 'rejected',
      threshold: 'three_quarters',
      approvedArea: false,
      approvedHeads: false,
    });
  });

  it('an owner of another estate can neither read nor vote; staff outside scope neither', async () => {
    const vote = await newVote('ordinary', '范围测试');
    const G = owners.G!.session!;
    expect((await get(G, `/api/votes/${vote.id}`)).statusCode).toBe(404);
    expect((await post(G, `/api/votes/${vote.id}/ballots`, { choice: 'yes' })).statusCode).toBe(404);
    expect((await get(G, '/api/votes')).json().some((v: { id: string }) => v.id === vote.id)).toBe(false);
    expect((await get(otherLeader, `/api/votes/${vote.id}`)).statusCode).toBe(404);
    expect(
      (
        await post(otherLeader, '/api/votes', {
          kind: 'owners',
          estateId: estate,
          matter: 'ordinary',
          title: '越权',
          question: '是否同意？',
          closesAt: closesAt(),
        })
      ).statusCode,
    ).toBe(422);
    // The owners see it in their list.
    expect(
      (await get(owners.C!.session!, '/api/votes')).json().some((v: { id: string }) => v.id === vote.id),
    ).toBe(true);
  });
});

describe('meetings and decisions', () => {
  it('calls a meeting with a notice, records decisions, follows them, flags the overdue, holds a simple vote', async () => {
    const A = owners.A!.session!;
    const created = await post(leader, '/api/meetings', {
      communityCode: C1,
      estateId: estate,
      kind: 'consultation',
      title: '加装电梯协商议事会',
      place: '社区党群服务中心',
      startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      items: [{ title: '加装电梯方案' }, { title: '费用分摊' }],
      participants: [{ kind: 'organization', name: '物业服务中心' }],
      notify: true,
    });
    expect(created.statusCode).toBe(201);
    const m = created.json();
    expect(m.noticeId).not.toBeNull();
    // A resident of the community registers; the other community's resident does not see it.
    expect((await post(A, `/api/meetings/${m.id}/register`, {})).statusCode).toBe(200);
    expect((await get(owners.G!.session!, `/api/meetings/${m.id}`)).statusCode).toBe(404);
    const withA = (await get(leader, `/api/meetings/${m.id}`)).json();
    const pa = withA.participants.find((p: { kind: string }) => p.kind === 'resident');
    // A simple vote of the participants, majority of participants.
    const sv = (
      await post(leader, '/api/votes', {
        kind: 'simple',
        meetingId: m.id,
        basis: 'participants',
        title: '是否采纳方案一',
        question: '是否同意？',
        closesAt: closesAt(),
      })
    ).json();
    const opened = (await post(leader, `/api/votes/${sv.id}/open`, { version: sv.version })).json();
    expect(opened.units).toBe(1);
    expect((await post(A, `/api/votes/${sv.id}/ballots`, { choice: 'yes' })).statusCode).toBe(201);
    expect((await post(B(), `/api/votes/${sv.id}/ballots`, { choice: 'yes' })).statusCode).toBe(404);
    const svClosed = (await post(leader, `/api/votes/${sv.id}/close`, { version: opened.version })).json();
    expect(svClosed.result).toMatchObject({
      kind: 'simple',
      outcome: 'passed',
      participants: 1,
      yesVotes: 1,
    });
    // After the meeting: minutes, attendance, decisions.
    const recorded = await post(leader, `/api/meetings/${m.id}/record`, {
      version: withA.version,
      minutes: '会议讨论了加装电梯方案。',
      attendance: [{ participantId: pa.id, attended: true }],
      decisions: [
        {
          itemId: withA.items[0].id,
          text: '采纳方案一',
          responsible: '物业服务中心',
          dueDate: '2020-01-01',
          milestones: [{ title: '报规划审批', dueDate: '2020-01-01' }],
        },
        { itemId: withA.items[1].id, text: '按楼层分摊', responsible: '业主委员会', dueDate: '2099-01-01' },
      ],
    });
    expect(recorded.statusCode).toBe(200);
    const held = recorded.json();
    expect(held.state).toBe('held');
    expect(held.participants.find((p: { id: string }) => p.id === pa.id).attended).toBe(true);
    const overdue = (await get(leader, '/api/decisions?overdue=true')).json();
    expect(overdue.map((d: { text: string }) => d.text)).toContain('采纳方案一');
    expect(overdue.map((d: { text: string }) => d.text)).not.toContain('按楼层分摊');
    const decision = held.decisions.find((d: { text: string }) => d.text === '采纳方案一');
    const caseRow = await t.db
      .selectFrom('cases')
      .select('id')
      .where('grid_code', 'like', `${C1}%`)
      .executeTakeFirstOrThrow();
    const done = await t.as(leader, {
      method: 'PATCH',
      url: `/api/decisions/${decision.id}`,
      payload: {
        version: decision.version,
        status: 'completed',
        milestonesDone: [{ id: decision.milestones[0].id, doneOn: '2020-02-01' }],
        caseIds: [caseRow.id],
      },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', progress: 100, overdue: false });
    expect(done.json().cases).toHaveLength(1);
    const again = await t.as(leader, {
      method: 'PATCH',
      url: `/api/decisions/${decision.id}`,
      payload: { version: decision.version, progress: 10 },
    });
    expect(again.statusCode).toBe(409);
  });
});

const B = () => owners.B!.session!;
