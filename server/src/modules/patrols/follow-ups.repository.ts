import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/types.ts';
import { parentOf } from '../../geo/area-code.ts';
import { cstMidnight } from './periods.ts';

/**
 * One-off visit tasks another module asks for (a dispute's follow-up visits after an agreement,
 * 回访), given to the grid's head like the plans' tasks. They hang on an inactive plan per
 * community and purpose, so the daily generation never produces more of them, and they appear in
 * the grid worker's task list and field app like any other visit.
 */
export interface FollowUp {
  gridCode: string;
  /** The plan's name, e.g. 矛盾纠纷回访. */
  purpose: string;
  /** A registry person to visit, else the grid itself. */
  targetType: 'person' | 'grid';
  targetId: string;
  label: string;
  /** CST days the visits are due. */
  dueDays: string[];
}

export async function addFollowUpTasks(db: Db | Transaction<Database>, f: FollowUp): Promise<number> {
  const community = parentOf(f.gridCode) ?? f.gridCode;
  const plan =
    (await db
      .selectFrom('visit_plans')
      .select('id')
      .where('area_code', '=', community)
      .where('name', '=', f.purpose)
      .where('active', '=', false)
      .executeTakeFirst()) ??
    (await db
      .insertInto('visit_plans')
      .values({
        area_code: community,
        name: f.purpose,
        target_type: f.targetType,
        filter: '{}',
        frequency: 'daily',
        active: false,
      })
      .returning('id')
      .executeTakeFirstOrThrow());
  const result = await sql`
    insert into visit_tasks
      (plan_id, target_type, target_id, target_label, grid_code, assignee_id, period_start, period_end, due_at)
    select ${plan.id}::uuid, ${f.targetType}, ${f.targetId}, ${f.label}, ${f.gridCode},
      (select member_id from team_member_grids where grid_code = ${f.gridCode} and is_head limit 1),
      d.day, d.day, d.due
    from unnest(${f.dueDays}::date[], ${f.dueDays.map((d) => new Date(cstMidnight(d).getTime() + 86_400_000 - 1000))}::timestamptz[])
      as d(day, due)
    on conflict (plan_id, target_id, period_start) do nothing
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
