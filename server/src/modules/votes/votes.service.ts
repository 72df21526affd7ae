import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { resolveScope } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { filesDir, storeFile } from '../cases/index.ts';
import { electorateOf, estateById, estatesOwnedBy, fieldError } from '../estates/index.ts';
import { meetingById, participantsOf } from '../meetings/index.ts';
import { publishNotice } from '../notices/index.ts';
import { houseBriefs, maskName, peopleBriefs } from '../registry/index.ts';
import {
  type Choice,
  decideOwners,
  decideSimple,
  formatArea,
  type Matter,
  tallyOwners,
  UNOWNED,
  unitsOf,
} from './votes.arithmetic.ts';
import { communityScope, isStaff, manageableVote, personOf, visibleVote } from './votes.policy.ts';
import * as repo from './votes.repository.ts';
import type { PaperBallotBody, VoteBody, VoteView } from './votes.schemas.ts';

export interface VotesContext {
  db: Db;
  dataDir: string;
}

const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const STATE_NAMES: Record<string, string> = {
  draft: '草稿',
  open: '表决中',
  closed: '已截止',
  published: '已公布',
};
const wrongState = (state: string) =>
  new AppError('vote_wrong_state', { state: STATE_NAMES[state] ?? state });
const stale = async (db: Db, id: string) =>
  new AppError('version_conflict', { currentVersion: (await repo.findVote(db, id))?.version ?? 0 });

/** A short code for a voter to find their ballot among those counted (no personal data). */
const newReceipt = () => randomBytes(6).toString('hex').toUpperCase();

type Row = repo.VoteRow;

async function view(
  db: Db,
  auth: Auth,
  vote: Row,
  staff: boolean,
  personId: string | null,
): Promise<VoteView> {
  const units = vote.state === 'draft' ? [] : await repo.unitsOfVote(db, vote.id);
  const total = units.reduce((s, u) => s + BigInt(u.area), 0n);
  const showResult = vote.state === 'published' || (staff && vote.state === 'closed');
  const result = showResult ? (vote.result as VoteView['result']) : null;
  let voted: number | null = null;
  if (staff && vote.state !== 'draft') voted = (await repo.currentChoices(db, vote.id)).length;
  const mine: VoteView['mine'] = [];
  if (!staff && vote.state !== 'draft') {
    const own = await repo.unitsOfVoter(db, vote.id, personId, auth.userId);
    const history = await repo.ballotHistory(
      db,
      vote.id,
      own.map((u) => u.unit_key),
    );
    const houses = await houseBriefs(
      db,
      own.flatMap((u) => u.house_ids),
    );
    for (const u of own) {
      const mineHistory = history
        .filter((b) => b.unit_key === u.unit_key)
        .map((b) => ({
          choice: b.choice,
          channel: b.channel,
          castAt: b.cast_at.toISOString(),
          current: b.current,
          receipt: b.receipt,
        }));
      const ballot = mineHistory.find((b) => b.current) ?? null;
      mine.push({
        unitKey: u.unit_key,
        houses: u.house_ids.map((h) => houses.get(h)?.label ?? h),
        area: formatArea(u.area),
        ballot,
        history: mineHistory,
        counted:
          vote.state === 'published' && ballot ? (result?.receipts.includes(ballot.receipt) ?? false) : null,
      });
    }
  }
  return {
    id: vote.id,
    communityCode: vote.community_code,
    kind: vote.kind,
    estateId: vote.estate_id,
    matter: vote.matter,
    meetingId: vote.meeting_id,
    basis: vote.basis,
    itemId: vote.item_id,
    title: vote.title,
    question: vote.question,
    closesAt: vote.closes_at.toISOString(),
    isPublic: vote.is_public,
    state: vote.state,
    openedAt: vote.opened_at?.toISOString() ?? null,
    closedAt: vote.closed_at?.toISOString() ?? null,
    version: vote.version,
    units: units.length,
    totalArea: vote.kind === 'owners' && vote.state !== 'draft' ? formatArea(total) : null,
    voted,
    result,
    mine,
  };
}

/** Staff: the votes of an area. Voters: the votes they may take part in or read. */
export async function listVotes(db: Db, auth: Auth | null, areaCode: string | undefined) {
  if (!auth) throw new AppError('unauthenticated');
  if (isStaff(auth)) {
    const scope = communityScope(resolveScope(auth, areaCode));
    const rows = await repo.votesIn(db, scope);
    return Promise.all(rows.map((v) => view(db, auth, v, true, null)));
  }
  if (!auth.permissions.includes('votes.cast')) throw new AppError('forbidden');
  resolveScope(auth, areaCode);
  const personId = await personOf(db, auth);
  const estates = personId ? await estatesOwnedBy(db, personId) : [];
  const rows = await repo.votesFor(db, estates, auth.userId);
  return Promise.all(rows.map((v) => view(db, auth, v, false, personId)));
}

export async function getVote(db: Db, auth: Auth | null, id: string) {
  const { vote, staff, personId } = await visibleVote(db, auth, id);
  return view(db, auth as Auth, vote, staff, personId);
}

export async function createVote(db: Db, auth: Auth | null, input: VoteBody) {
  const caller = requirePermission(auth, 'meetings.manage');
  const scope = communityScope(caller.areaCode);
  let community: string;
  if (input.kind === 'owners') {
    if (!input.estateId) throw fieldError('estateId', 'required');
    if (!input.matter) throw fieldError('matter', 'required');
    const estate = await estateById(db, input.estateId);
    if (!estate || !isWithin(estate.communityCode, scope)) throw fieldError('estateId', 'outside_scope');
    community = estate.communityCode;
  } else {
    if (!input.meetingId) throw fieldError('meetingId', 'required');
    if (!input.basis) throw fieldError('basis', 'required');
    const meeting = await meetingById(db, input.meetingId);
    if (!meeting || !isWithin(meeting.community_code, scope)) throw fieldError('meetingId', 'outside_scope');
    community = meeting.community_code;
  }
  const closesAt = new Date(input.closesAt);
  if (closesAt.getTime() <= Date.now()) throw fieldError('closesAt', 'in_past');
  const { id } = await repo.insertVote(db, {
    community_code: community,
    kind: input.kind,
    estate_id: input.kind === 'owners' ? (input.estateId ?? null) : null,
    matter: input.kind === 'owners' ? (input.matter ?? null) : null,
    meeting_id: input.kind === 'simple' ? (input.meetingId ?? null) : (input.meetingId ?? null),
    basis: input.kind === 'simple' ? (input.basis ?? null) : null,
    item_id: input.itemId ?? null,
    title: input.title.trim(),
    question: input.question.trim(),
    closes_at: closesAt,
    is_public: input.isPublic ?? false,
    created_by: caller.userId,
  });
  await audit(db, caller, { action: 'vote.create', targetType: 'vote', targetId: id });
  return getVote(db, caller, id);
}

/**
 * Opens a vote: its electorate is frozen now. Owners' votes: the estate's houses grouped into
 * units (docs/self-governance.md). Simple votes: the meeting's residents and deputies.
 */
export async function openVote(db: Db, auth: Auth | null, id: string, version: number) {
  const { caller, vote } = await manageableVote(db, auth, id, 'meetings.manage');
  if (vote.version !== version) throw await stale(db, id);
  if (vote.state !== 'draft') throw wrongState(vote.state);
  await db.transaction().execute(async (trx) => {
    let units: { key: string; houseIds: string[]; ownerIds: string[]; userId: string | null; area: bigint }[];
    if (vote.kind === 'owners') {
      const houses = await electorateOf(trx, vote.estate_id ?? '');
      units = unitsOf(houses).map((u) => ({ ...u, userId: null }));
    } else {
      const participants = await participantsOf(trx, vote.meeting_id ?? '');
      units = participants
        .filter((p) => p.kind === 'resident' || p.kind === 'deputy')
        .map((p) => ({
          key: p.id,
          houseIds: [],
          ownerIds: p.person_id ? [p.person_id] : [],
          userId: p.user_id,
          area: 1n,
        }));
    }
    if (units.every((u) => u.key === UNOWNED)) throw fieldError('electorate', 'empty');
    if (!(await repo.updateVote(trx, id, version, { state: 'open', opened_at: new Date() })))
      throw await stale(db, id);
    await repo.insertUnits(trx, id, units);
  });
  await audit(db, caller, { action: 'vote.open', targetType: 'vote', targetId: id });
  return getVote(db, caller, id);
}

/** Where a ballot may still be cast: open, before its closing time. */
function requireOpen(state: string, closesAt: Date) {
  if (state !== 'open') throw wrongState(state);
  if (closesAt.getTime() <= Date.now()) throw wrongState('closed');
}

/** An online ballot of a voter; a later ballot of the same unit (a co-owner's too) replaces it. */
export async function castOnline(
  db: Db,
  auth: Auth | null,
  id: string,
  input: { choice: Choice; unitKey?: string },
) {
  const caller = requirePermission(auth, 'votes.cast');
  const { vote, personId } = await visibleVote(db, caller, id);
  const own = (await repo.unitsOfVoter(db, id, personId, caller.userId)).filter(
    (u) => u.unit_key !== UNOWNED,
  );
  if (own.length === 0) throw new AppError('vote_not_voter');
  let unit = own[0]!;
  if (own.length > 1 || input.unitKey) {
    const chosen = own.find((u) => u.unit_key === input.unitKey);
    if (!chosen) throw fieldError('unitKey', 'required');
    unit = chosen;
  }
  const ballot = await db.transaction().execute(async (trx) => {
    const locked = await repo.lockVote(trx, id);
    requireOpen(locked?.state ?? vote.state, locked?.closes_at ?? vote.closes_at);
    const receipt = newReceipt();
    const row = await repo.castBallot(trx, {
      vote_id: id,
      unit_key: unit.unit_key,
      choice: input.choice,
      voter_id: personId,
      channel: 'online',
      entered_by: caller.userId,
      photo_sha256: null,
      photo_type: null,
      receipt,
    });
    return { ...row, receipt };
  });
  await audit(db, caller, { action: 'vote.ballot', targetType: 'vote', targetId: id });
  return {
    unitKey: unit.unit_key,
    choice: input.choice,
    channel: 'online',
    receipt: ballot.receipt,
    castAt: ballot.cast_at.toISOString(),
  };
}

/** A paper ballot entered by staff, with its photo; it replaces the unit's ballot like any other. */
export async function castPaper(ctx: VotesContext, auth: Auth | null, id: string, input: PaperBallotBody) {
  const { db } = ctx;
  const { caller, vote } = await manageableVote(db, auth, id, 'votes.paper');
  requireOpen(vote.state, vote.closes_at);
  let unit: Awaited<ReturnType<typeof repo.unitOf>>;
  let voterId: string | null = null;
  if (vote.kind === 'owners') {
    if (!input.houseId) throw fieldError('houseId', 'required');
    unit = await repo.unitOfHouse(db, id, input.houseId);
    if (!unit || unit.unit_key === UNOWNED) throw fieldError('houseId', 'outside_scope');
    if (!input.voterId || !unit.owner_ids.includes(input.voterId)) throw fieldError('voterId', 'not_owner');
    voterId = input.voterId;
  } else {
    if (!input.participantId) throw fieldError('participantId', 'required');
    unit = await repo.unitOf(db, id, input.participantId);
    if (!unit) throw fieldError('participantId', 'outside_scope');
    voterId = unit.owner_ids[0] ?? null;
  }
  const bytes = Buffer.from(input.photo.data, 'base64');
  if (bytes.length > MAX_PHOTO_BYTES) throw fieldError('photo', 'too_large');
  const sha256 = await storeFile(filesDir(ctx.dataDir), input.photo.contentType, bytes);
  const ballot = await db.transaction().execute(async (trx) => {
    const locked = await repo.lockVote(trx, id);
    requireOpen(locked?.state ?? vote.state, locked?.closes_at ?? vote.closes_at);
    const receipt = newReceipt();
    const row = await repo.castBallot(trx, {
      vote_id: id,
      unit_key: unit.unit_key,
      choice: input.choice,
      voter_id: voterId,
      channel: 'paper',
      entered_by: caller.userId,
      photo_sha256: sha256,
      photo_type: input.photo.contentType,
      receipt,
    });
    return { ...row, receipt };
  });
  await audit(db, caller, { action: 'vote.paper_ballot', targetType: 'vote', targetId: id });
  return {
    unitKey: unit.unit_key,
    choice: input.choice,
    channel: 'paper',
    receipt: ballot.receipt,
    castAt: ballot.cast_at.toISOString(),
  };
}

/** Counts the ballots that count: exact integers (votes.arithmetic.ts). */
export async function countVote(db: Db, vote: Row) {
  const [units, current] = await Promise.all([
    repo.unitsOfVote(db, vote.id),
    repo.currentChoices(db, vote.id),
  ]);
  const choices = new Map(current.map((b) => [b.unit_key, b.choice as Choice]));
  const receipts = current.map((b) => b.receipt).sort();
  const paper = current.filter((b) => b.channel === 'paper').length;
  const online = current.length - paper;
  if (vote.kind === 'owners') {
    const tally = tallyOwners(
      units.map((u) => ({ key: u.unit_key, area: BigInt(u.area) })),
      choices,
    );
    const decision = decideOwners(vote.matter as Matter, tally);
    const counts = (c: { area: bigint; heads: bigint }) => ({
      area: formatArea(c.area),
      heads: Number(c.heads),
    });
    return {
      kind: 'owners',
      matter: vote.matter ?? 'ordinary',
      ...decision,
      total: counts(tally.total),
      participating: counts(tally.participating),
      yes: counts(tally.yes),
      no: counts(tally.no),
      abstain: counts(tally.abstain),
      receipts,
      paper,
      online,
    };
  }
  const simple = decideSimple(vote.basis ?? 'cast', units.length, choices);
  return {
    kind: 'simple',
    basis: vote.basis ?? 'cast',
    outcome: simple.passed ? 'passed' : 'rejected',
    participants: simple.participants,
    cast: simple.cast,
    yesVotes: simple.yes,
    noVotes: simple.no,
    abstentions: simple.abstain,
    receipts,
    paper,
    online,
  };
}

export async function closeVote(db: Db, auth: Auth | null, id: string, version: number) {
  const { caller, vote } = await manageableVote(db, auth, id, 'meetings.manage');
  if (vote.version !== version) throw await stale(db, id);
  if (vote.state !== 'open') throw wrongState(vote.state);
  await db.transaction().execute(async (trx) => {
    await repo.lockVote(trx, id);
    const result = await countVote(trx, vote);
    if (
      !(await repo.updateVote(trx, id, version, {
        state: 'closed',
        closed_at: new Date(),
        result: JSON.stringify(result),
      }))
    )
      throw await stale(db, id);
  });
  await audit(db, caller, { action: 'vote.close', targetType: 'vote', targetId: id });
  return getVote(db, caller, id);
}

const OUTCOME_ZH: Record<string, string> = {
  passed: '通过',
  rejected: '未通过',
  no_quorum: '参与表决未达法定比例',
};

/** Publishes the result to the voters, and as a notice to the community. */
export async function publishVote(db: Db, auth: Auth | null, id: string, version: number) {
  const { caller, vote } = await manageableVote(db, auth, id, 'meetings.manage');
  if (vote.version !== version) throw await stale(db, id);
  if (vote.state !== 'closed') throw wrongState(vote.state);
  const result = vote.result as {
    outcome: string;
    yes?: { area: string; heads: number };
    participating?: { area: string; heads: number };
  };
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateVote(trx, id, version, { state: 'published' }))) throw await stale(db, id);
    const counts =
      vote.kind === 'owners' && result.participating && result.yes
        ? `参与表决：专有部分面积 ${result.participating.area} 平方米、${result.participating.heads} 人；同意：${result.yes.area} 平方米、${result.yes.heads} 人。`
        : '';
    await publishNotice(trx, {
      title: `表决结果：${vote.title}`,
      body: `${vote.title}：${OUTCOME_ZH[result.outcome] ?? result.outcome}。${counts}表决人可在居民端核对自己的选票回执。`,
      areaCodes: [vote.community_code],
      authorId: caller.userId,
      authorName: caller.areaName ? `${caller.areaName} ${caller.displayName}` : caller.displayName,
    });
  });
  await audit(db, caller, { action: 'vote.publish', targetType: 'vote', targetId: id });
  return getVote(db, caller, id);
}

/** Staff: the electorate with owners masked, who has voted (not how) and by which channel. */
export async function unitsOfVote(db: Db, auth: Auth | null, id: string) {
  const { vote, staff } = await visibleVote(db, auth, id);
  if (!staff) throw new AppError('forbidden');
  const [units, current] = await Promise.all([
    repo.unitsOfVote(db, vote.id),
    repo.currentChoices(db, vote.id),
  ]);
  const byUnit = new Map(current.map((b) => [b.unit_key, b.channel]));
  const [houses, people] = await Promise.all([
    houseBriefs(
      db,
      units.flatMap((u) => u.house_ids),
    ),
    peopleBriefs(
      db,
      units.flatMap((u) => u.owner_ids),
    ),
  ]);
  return units.map((u) => ({
    unitKey: u.unit_key,
    houses: u.house_ids.map((h) => ({ id: h, label: houses.get(h)?.label ?? h })),
    owners: u.owner_ids.map((p) => ({ id: p, name: maskName(people.get(p)?.name ?? '') })),
    area: formatArea(u.area),
    voted: byUnit.has(u.unit_key),
    channel: byUnit.get(u.unit_key) ?? null,
  }));
}

/** Staff: every ballot ever cast, replaced ones too, in order. Choices once the vote is closed. */
export async function historyOfVote(db: Db, auth: Auth | null, id: string) {
  const { vote, staff } = await visibleVote(db, auth, id);
  if (!staff) throw new AppError('forbidden');
  const rows = await repo.ballotHistory(db, vote.id);
  const people = await peopleBriefs(
    db,
    rows.flatMap((r) => (r.voter_id ? [r.voter_id] : [])),
  );
  const secret = vote.state === 'open' || vote.state === 'draft';
  return rows.map((r) => ({
    id: r.id,
    unitKey: r.unit_key,
    choice: secret ? 'sealed' : r.choice,
    channel: r.channel,
    voter: r.voter_id ? maskName(people.get(r.voter_id)?.name ?? '') : null,
    enteredBy: r.channel === 'paper' ? r.entered_by : null,
    hasPhoto: r.photo_sha256 !== null,
    current: r.current,
    castAt: r.cast_at.toISOString(),
  }));
}

/** The photo of a paper ballot (staff of the area). */
export async function ballotPhoto(ctx: VotesContext, auth: Auth | null, id: string, ballotId: string) {
  const { vote, staff } = await visibleVote(ctx.db, auth, id);
  if (!staff) throw new AppError('forbidden');
  const row = await repo.ballotPhoto(ctx.db, vote.id, ballotId);
  if (!row?.photo_sha256) throw new AppError('record_not_found');
  const file = path.join(filesDir(ctx.dataDir), row.photo_sha256.slice(0, 2), row.photo_sha256);
  return { type: row.photo_type ?? 'image/jpeg', bytes: await fs.promises.readFile(file) };
}
