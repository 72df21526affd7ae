import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';

/**
 * Visit tasks of the periods that include `day` in an area (not cancelled), and those done by
 * `until`: today's up to now, or last week's up to the same time, so the two compare.
 */
export async function doneVsDue(db: Db, areaCode: string, day: string, until: Date) {
  const { rows } = await sql<{ due: number; done: number }>`
    select count(*)::int8 as due, count(*) filter (where t.done_at <= ${until})::int8 as done
    from visit_tasks t
    where ${inScope('t.grid_code', areaCode)} and t.state <> 'cancelled'
      and t.period_start <= ${day}::date and t.period_end >= ${day}::date`.execute(db);
  return rows[0]!;
}
