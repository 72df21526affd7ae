import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';

/** The month's returns (排查) of the grids in an area, and what the monthly report counts. */

const monthOf = sql<string>`to_char(d.reported_at at time zone 'Asia/Shanghai', 'YYYY-MM')`;

export function gridReturns(db: Db, scope: string, month: string) {
  return db
    .selectFrom('areas as g')
    .innerJoin('areas as c', 'c.code', 'g.parent_code')
    .leftJoin('dispute_screenings as s', (j) =>
      j.onRef('s.grid_code', '=', 'g.code').on('s.month', '=', month),
    )
    .select([
      'g.code',
      'g.name',
      'c.code as community_code',
      'c.name as community_name',
      's.none_found',
      's.reported_by_name',
      's.reported_at',
      (eb) =>
        eb
          .selectFrom('disputes as d')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('d.grid_code', '=', 'g.code')
          .where(monthOf, '=', month)
          .as('disputes'),
    ])
    .where('g.level', '=', 'grid')
    .where('g.retired_at', 'is', null)
    .where(inScope('g.code', scope))
    .orderBy('g.code')
    .execute();
}

export function disputesInGridMonth(db: Db, gridCode: string, month: string) {
  return db
    .selectFrom('disputes as d')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('d.grid_code', '=', gridCode)
    .where(monthOf, '=', month)
    .executeTakeFirstOrThrow()
    .then((r) => r.n);
}

export function upsertReturn(
  db: Db,
  row: {
    grid_code: string;
    month: string;
    none_found: boolean;
    note: string;
    reported_by: string;
    reported_by_name: string;
  },
) {
  return db
    .insertInto('dispute_screenings')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['grid_code', 'month']).doUpdateSet({
        none_found: row.none_found,
        note: row.note,
        reported_by: row.reported_by,
        reported_by_name: row.reported_by_name,
        reported_at: sql`now()`,
      }),
    )
    .execute();
}

/** Counts for the monthly report: by kind and risk of the month's new disputes, and those resolved in it. */
export function monthCounts(db: Db, scope: string, month: string) {
  return db
    .selectFrom('disputes as d')
    .innerJoin('dispute_kinds as k', 'k.code', 'd.kind_code')
    .select([
      'd.kind_code',
      'k.name_zh',
      'k.name_en',
      'd.risk',
      sql<number>`count(*) filter (where ${monthOf} = ${month})::int`.as('new'),
      sql<number>`count(*) filter (where d.state = 'agreed'
        and to_char(d.closed_at at time zone 'Asia/Shanghai', 'YYYY-MM') = ${month})::int`.as('resolved'),
    ])
    .where(inScope('d.grid_code', scope))
    .groupBy(['d.kind_code', 'k.name_zh', 'k.name_en', 'k.sort', 'd.risk'])
    .orderBy('k.sort')
    .orderBy('d.risk')
    .execute();
}

/** High and major risk disputes reported in the month or still open at its end. */
export function highRisk(db: Db, scope: string, month: string, monthEnd: Date) {
  return db
    .selectFrom('disputes as d')
    .innerJoin('dispute_kinds as k', 'k.code', 'd.kind_code')
    .innerJoin('areas as a', 'a.code', 'd.grid_code')
    .select([
      'd.number',
      'd.title',
      'd.risk',
      'd.risk_reason',
      'd.state',
      'a.name as grid_name',
      'k.name_zh',
      'k.name_en',
    ])
    .where(inScope('d.grid_code', scope))
    .where('d.risk', 'in', ['high', 'major'])
    .where('d.reported_at', '<', monthEnd)
    .where((eb) =>
      eb.or([
        eb(monthOf, '=', month),
        eb.and([eb('d.state', 'in', ['reported', 'mediating'])]),
        eb('d.closed_at', '>=', sql<Date>`${monthEnd}::timestamptz - interval '1 month'`),
      ]),
    )
    .orderBy('d.reported_at')
    .limit(500)
    .execute();
}
