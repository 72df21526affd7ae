import type { Db } from '../../db/database.ts';
import { electorateOf } from '../estates/index.ts';
import {
  type Choice,
  countVote,
  decideOwners,
  findVote,
  tallyOwners,
  UNOWNED,
  unitsOf,
} from '../votes/index.ts';
import { demoEstates, insertDemoMeetings } from './governance.repository.ts';

/**
 * Self-governance over the demo estates: a year of meetings and decisions (set-based), and two
 * owners' votes on the first estate large enough: one passed (an ordinary matter), one that failed
 * on the area count alone (raising the maintenance fund: most owners, but the small houses, voted).
 */
export async function loadGovernance(db: Db, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  const { meetings, decisions } = await insertDemoMeetings(db, now);
  let votes = 0;
  for (const estate of await demoEstates(db)) {
    const units = unitsOf(await electorateOf(db, estate.id)).filter((u) => u.key !== UNOWNED);
    if (units.length < 12) continue;
    const all = units.map((u) => ({ key: u.key, area: u.area }));
    // Passed: every unit but one in seven voted; one in five of them said no.
    const passed = new Map<string, Choice>();
    units.forEach((u, i) => {
      if (i % 7 !== 3) passed.set(u.key, i % 5 === 1 ? 'no' : 'yes');
    });
    // Failed on the area: the smallest 70% of the units voted yes; the big houses stayed away.
    const bySize = [...units].sort((a, b) => (a.area < b.area ? -1 : a.area > b.area ? 1 : 0));
    const failed = new Map<string, Choice>();
    for (const u of bySize.slice(0, Math.ceil((units.length * 7) / 10))) failed.set(u.key, 'yes');
    const a = decideOwners('ordinary', tallyOwners(all, passed));
    const b = decideOwners('fund', tallyOwners(all, failed));
    if (a.outcome !== 'passed' || b.quorumArea || !b.quorumHeads) continue;
    const opened = new Date(now.getTime() - 40 * 86_400_000);
    for (const [title, matter, choices, closes] of [
      ['选聘新的物业服务企业', 'ordinary', passed, 20],
      ['续筹专项维修资金', 'fund', failed, 5],
    ] as const) {
      const vote = await db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('votes')
          .values({
            community_code: estate.communityCode,
            kind: 'owners',
            estate_id: estate.id,
            matter,
            meeting_id: null,
            basis: null,
            item_id: null,
            title: `${estate.name}${title}`,
            question: `是否同意${title}？`,
            closes_at: new Date(now.getTime() - closes * 86_400_000),
            is_public: true,
            state: 'open',
            opened_at: opened,
            created_by: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('vote_units')
          .values(
            units.map((u) => ({
              vote_id: id,
              unit_key: u.key,
              house_ids: u.houseIds,
              owner_ids: u.ownerIds,
              user_id: null,
              area: u.area.toString(),
            })),
          )
          .execute();
        const rows = [...choices].map(([key, choice], i) => ({
          vote_id: id,
          unit_key: key,
          choice,
          voter_id: key.split(',')[0] ?? null,
          channel: 'online' as const,
          entered_by: null,
          photo_sha256: null,
          photo_type: null,
          receipt: `D${id.slice(0, 4).toUpperCase()}${i.toString(16).toUpperCase().padStart(6, '0')}`,
          cast_at: new Date(opened.getTime() + (i % 20) * 86_400_000),
        }));
        for (let i = 0; i < rows.length; i += 1000)
          await trx
            .insertInto('ballots')
            .values(rows.slice(i, i + 1000))
            .execute();
        return id;
      });
      const row = (await findVote(db, vote))!;
      const result = await countVote(db, row);
      await db
        .updateTable('votes')
        .set({ state: 'published', closed_at: row.closes_at, result: JSON.stringify(result), version: 3 })
        .where('id', '=', vote)
        .execute();
      votes++;
    }
    break;
  }
  return { meetings, decisions, votes };
}
