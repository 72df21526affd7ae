import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * A year of meetings over the demo's estates, set-based: per estate (a few per community) one
 * meeting a month — consultations, hearings and owners' assemblies — with two agenda items, five
 * residents of the community and the homeowners' committee as participants; the held ones with
 * minutes, attendance and a decision per item in every state (some overdue), each with a milestone.
 */
export async function insertDemoMeetings(db: Db, now: Date) {
  return db.transaction().execute(async (trx) => {
    await sql`
      create temporary table demo_meetings on commit drop as
      with e as (
        select e.id, e.community_code, e.name,
               row_number() over (partition by e.community_code order by e.name) as k
        from estates e where e.retired_at is null
      )
      select gen_random_uuid() as id, e.id as estate_id, e.community_code, e.name as estate_name, m,
        (array['consultation', 'hearing', 'consultation', 'owners_assembly'])[1 + (m + e.k::int) % 4] as kind,
        date_trunc('day', ${now}::timestamptz) - make_interval(days => 365 - m * 30 - (abs(hashtext(e.id::text)) % 20))
          + interval '19 hours' as starts_at
      from e cross join generate_series(0, 12) as m
      where e.k <= 2
    `.execute(trx);
    const meetings = await sql<{ n: number }>`
      with ins as (
        insert into meetings (id, community_code, estate_id, kind, title, place, starts_at, is_public, state, minutes)
        select d.id, d.community_code, d.estate_id, d.kind,
          d.estate_name || (array['停车位规划', '加装电梯', '垃圾分类', '公共区域改造', '物业服务评价', '维修资金使用'])[1 + (d.m % 6)]
            || (case d.kind when 'hearing' then '听证会' when 'owners_assembly' then '业主大会' else '协商议事会' end),
          d.estate_name || '党群服务站', d.starts_at, d.m % 5 <> 4,
          case when d.starts_at < ${now}::timestamptz then 'held' else 'planned' end,
          case when d.starts_at < ${now}::timestamptz then '会议听取了各方意见，经充分协商形成如下决定。' end
        from demo_meetings d
        returning 1
      ) select count(*)::int as n from ins
    `.execute(trx);
    await sql`
      insert into meeting_items (meeting_id, position, title, description)
      select d.id, p, (array['方案说明', '意见征集', '费用分摊', '实施时间'])[p + (d.m % 2) * 2], ''
      from demo_meetings d cross join generate_series(1, 2) as p
    `.execute(trx);
    await sql`
      insert into meeting_participants (meeting_id, kind, name, person_id, registered_at, attended)
      select d.id, 'resident', p.name, p.id, d.starts_at - interval '3 days',
        case when d.starts_at < ${now}::timestamptz then abs(hashtext(p.id::text || d.id::text)) % 5 <> 0 end
      from demo_meetings d
      cross join lateral (
        select o.person_id as id, pe.name from house_owners o
        join estate_houses h on h.house_id = o.house_id and h.estate_id = d.estate_id
        join people pe on pe.id = o.person_id
        order by md5(o.person_id::text || d.m::text) limit 5
      ) p
    `.execute(trx);
    await sql`
      insert into meeting_participants (meeting_id, kind, name, org_id, registered_at, attended)
      select d.id, 'organization', o.name, o.id, d.starts_at - interval '5 days',
        case when d.starts_at < ${now}::timestamptz then true end
      from demo_meetings d join estates e on e.id = d.estate_id join orgs o on o.id = e.committee_org_id
    `.execute(trx);
    // A decision per item of a held meeting: status by a hash, the older ones further along.
    const decisions = await sql<{ n: number }>`
      with src as (
        select d.id as meeting_id, i.id as item_id, i.title, d.starts_at, d.m,
          abs(hashtext(i.id::text)) % 10 as h
        from demo_meetings d join meeting_items i on i.meeting_id = d.id
        where d.starts_at < ${now}::timestamptz
      ), ins as (
        insert into meeting_decisions (meeting_id, item_id, text, responsible, due_date, status, progress, created_at)
        select meeting_id, item_id, '就“' || title || '”形成决定，按期落实并向居民公示',
          (array['物业服务企业', '业主委员会', '社区居委会', '街道城建办'])[1 + h % 4],
          (starts_at + make_interval(days => 30 + (h % 3) * 30))::date,
          case when h = 9 then 'cancelled'
               when m < 6 and h < 7 then 'completed'
               when h < 3 then 'not_started'
               else 'in_progress' end,
          case when h = 9 then 0
               when m < 6 and h < 7 then 100
               when h < 3 then 0
               else 20 + (h * 7) % 70 end,
          starts_at + interval '1 day'
        from src
        returning 1
      ) select count(*)::int as n from ins
    `.execute(trx);
    await sql`
      insert into decision_milestones (decision_id, title, due_date, done_on)
      select d.id, '完成方案并公示', (d.created_at + interval '15 days')::date,
        case when d.status = 'completed' or (d.status = 'in_progress' and d.progress >= 50)
          then (d.created_at + interval '12 days')::date end
      from meeting_decisions d
      join demo_meetings m on m.id = d.meeting_id
    `.execute(trx);
    return { meetings: meetings.rows[0]?.n ?? 0, decisions: decisions.rows[0]?.n ?? 0 };
  });
}

/** The demo's estates, in a stable order. */
export function demoEstates(db: Db) {
  return db
    .selectFrom('estates')
    .select(['id', 'community_code as communityCode', 'name'])
    .where('retired_at', 'is', null)
    .orderBy('community_code')
    .orderBy('name')
    .execute();
}
