import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import type { VotesTable } from '../../db/types.ts';

const voteColumns = [
  'id',
  'community_code',
  'kind',
  'estate_id',
  'matter',
  'meeting_id',
  'basis',
  'item_id',
  'title',
  'question',
  'closes_at',
  'is_public',
  'state',
  'opened_at',
  'closed_at',
  'result',
  'version',
  'created_at',
] as const;

export type VoteRow = Awaited<ReturnType<typeof findVote>> & {};

export function findVote(db: Db, id: string) {
  return db.selectFrom('votes').select(voteColumns).where('id', '=', id).executeTakeFirst();
}

export function votesIn(db: Db, scope: string) {
  return db
    .selectFrom('votes')
    .select(voteColumns)
    .where(inScope('community_code', scope))
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
}

/** Owners' votes of these estates and simple votes of these meetings (a voter's own). */
export function votesFor(db: Db, estateIds: string[], userId: string) {
  return db
    .selectFrom('votes')
    .select(voteColumns)
    .where('state', '<>', 'draft')
    .where((eb) =>
      eb.or([
        ...(estateIds.length > 0 ? [eb('estate_id', 'in', estateIds)] : []),
        eb.exists(
          eb
            .selectFrom('vote_units as u')
            .select(sql`1`.as('x'))
            .whereRef('u.vote_id', '=', 'votes.id')
            .where('u.user_id', '=', userId),
        ),
      ]),
    )
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

export function insertVote(
  db: Db,
  row: Omit<
    VotesTable,
    | 'id'
    | 'is_public'
    | 'state'
    | 'opened_at'
    | 'closed_at'
    | 'result'
    | 'version'
    | 'created_at'
    | 'updated_at'
  > & {
    is_public: boolean;
  },
) {
  return db.insertInto('votes').values(row).returning('id').executeTakeFirstOrThrow();
}

/** Moves a vote on when `version` is still current; undefined when stale. */
export function updateVote(
  db: Db,
  id: string,
  version: number,
  set: {
    state?: 'draft' | 'open' | 'closed' | 'published';
    opened_at?: Date;
    closed_at?: Date;
    result?: string;
  },
) {
  return db
    .updateTable('votes')
    .set({ ...set, version: sql`version + 1`, updated_at: new Date() } as never)
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export async function insertUnits(
  db: Db,
  voteId: string,
  units: { key: string; houseIds: string[]; ownerIds: string[]; userId: string | null; area: bigint }[],
) {
  for (let i = 0; i < units.length; i += 1000)
    await db
      .insertInto('vote_units')
      .values(
        units.slice(i, i + 1000).map((u) => ({
          vote_id: voteId,
          unit_key: u.key,
          house_ids: u.houseIds,
          owner_ids: u.ownerIds,
          user_id: u.userId,
          area: u.area.toString(),
        })),
      )
      .execute();
}

export function unitsOfVote(db: Db, voteId: string) {
  return db
    .selectFrom('vote_units')
    .select(['unit_key', 'house_ids', 'owner_ids', 'user_id', 'area'])
    .where('vote_id', '=', voteId)
    .orderBy('unit_key')
    .execute();
}

export function unitOf(db: Db, voteId: string, key: string) {
  return db
    .selectFrom('vote_units')
    .select(['unit_key', 'house_ids', 'owner_ids', 'user_id', 'area'])
    .where('vote_id', '=', voteId)
    .where('unit_key', '=', key)
    .executeTakeFirst();
}

/** The units a person owns in (owners' votes) or the unit of an account (simple votes). */
export function unitsOfVoter(db: Db, voteId: string, personId: string | null, userId: string) {
  return db
    .selectFrom('vote_units')
    .select(['unit_key', 'house_ids', 'owner_ids', 'user_id', 'area'])
    .where('vote_id', '=', voteId)
    .where((eb) =>
      eb.or([
        eb('user_id', '=', userId),
        ...(personId ? [eb(sql<string>`${personId}::uuid`, '=', eb.fn.any('owner_ids'))] : []),
      ]),
    )
    .orderBy('unit_key')
    .execute();
}

/** The unit a house belongs to in this vote. */
export function unitOfHouse(db: Db, voteId: string, houseId: string) {
  return db
    .selectFrom('vote_units')
    .select(['unit_key', 'house_ids', 'owner_ids', 'user_id', 'area'])
    .where('vote_id', '=', voteId)
    .where(sql<boolean>`${houseId}::uuid = any(house_ids)`)
    .executeTakeFirst();
}

/** Casts a ballot: the unit's current one (if any) is kept in the history, no longer current. */
export async function castBallot(
  db: Db,
  row: {
    vote_id: string;
    unit_key: string;
    choice: 'yes' | 'no' | 'abstain';
    voter_id: string | null;
    channel: 'online' | 'paper';
    entered_by: string | null;
    photo_sha256: string | null;
    photo_type: string | null;
    receipt: string;
  },
) {
  await db
    .updateTable('ballots')
    .set({ current: false })
    .where('vote_id', '=', row.vote_id)
    .where('unit_key', '=', row.unit_key)
    .where('current', '=', true)
    .execute();
  return db.insertInto('ballots').values(row).returning(['id', 'cast_at']).executeTakeFirstOrThrow();
}

export function currentChoices(db: Db, voteId: string) {
  return db
    .selectFrom('ballots')
    .select(['unit_key', 'choice', 'receipt', 'channel'])
    .where('vote_id', '=', voteId)
    .where('current', '=', true)
    .execute();
}

export function ballotHistory(db: Db, voteId: string, unitKeys?: string[]) {
  let q = db
    .selectFrom('ballots')
    .select([
      'id',
      'unit_key',
      'choice',
      'voter_id',
      'channel',
      'entered_by',
      'photo_sha256',
      'receipt',
      'current',
      'cast_at',
    ])
    .where('vote_id', '=', voteId);
  if (unitKeys) {
    if (unitKeys.length === 0) return Promise.resolve([]);
    q = q.where('unit_key', 'in', unitKeys);
  }
  return q.orderBy('cast_at').orderBy('id').execute();
}

export function ballotPhoto(db: Db, voteId: string, ballotId: string) {
  return db
    .selectFrom('ballots')
    .select(['photo_sha256', 'photo_type'])
    .where('vote_id', '=', voteId)
    .where('id', '=', ballotId)
    .executeTakeFirst();
}

/** Locks the vote row for a ballot, so closing and casting do not interleave. */
export function lockVote(db: Db, id: string) {
  return db
    .selectFrom('votes')
    .select(['state', 'closes_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}
