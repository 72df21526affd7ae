import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DemoImage } from './images.ts';

export interface DemoPeriod {
  period: string;
  start: string;
  end: string;
  due: string;
}

/**
 * Four quarters of statements for every estate with a committee, set-based. Lines per statement:
 * parking, advertising and rent of common parts as income, the committee's running costs and a
 * maintenance job as expense, a few more for larger estates; sums from a hash of the estate and
 * period, so every run writes the same. Balances chain: a quarter opens with the last one's close.
 * Inserted as drafts and then published (the trigger refuses lines on a published statement).
 * About one estate in five published one quarter late (and is flagged); one in seven corrected one
 * quarter (revision 2 with its reason); one in eleven has not published the last quarter (flagged,
 * still open). The first estate of each kind is guaranteed.
 */
export async function insertDemoDisclosures(db: Db, periods: DemoPeriod[], vouchers: DemoImage[] = []) {
  return db.transaction().execute(async (trx) => {
    await sql`
      create temporary table demo_periods on commit drop as
      select * from unnest(${periods.map((p) => p.period)}::text[], ${periods.map((p) => p.start)}::date[],
        ${periods.map((p) => p.end)}::date[], ${periods.map((p) => p.due)}::date[])
        with ordinality as p(period, start_day, end_day, due_day, idx)
    `.execute(trx);
    await sql`
      create temporary table demo_estates on commit drop as
      select e.id, e.community_code, row_number() over (order by e.community_code, e.name) - 1 as n,
        abs(hashtext(e.id::text)) as h
      from estates e where e.committee_org_id is not null and e.retired_at is null
    `.execute(trx);
    await sql`create unique index on demo_estates (id); analyze demo_estates; analyze demo_periods`.execute(
      trx,
    );
    const last = periods.length;
    const inserted = await sql<{ n: number }>`
      with ins as (
        insert into disclosure_statements (estate_id, community_code, period, period_start, period_end,
          opening_balance, closing_balance, publisher_name)
        select e.id, e.community_code, p.period, p.start_day, p.end_day, 0, 0, '社区居委会（代业委会公开）'
        from demo_estates e cross join demo_periods p
        where not (p.idx = ${last} and (e.n = 2 or e.h % 11 = 0))
        returning 1
      ) select count(*)::int as n from ins
    `.execute(trx);
    await sql`analyze disclosure_statements`.execute(trx);
    // Lines: five kinds every quarter, up to four more (other income, interest, maintenance, other).
    await sql`
      insert into disclosure_lines (statement_id, position, direction, category, amount, counterparty, occurred_on, description)
      select s.id, g.k, x.direction, x.category,
        x.base + abs(hashtext(s.id::text || g.k::text)) % x.spread,
        x.counterparty,
        s.period_start + ((abs(hashtext(s.id::text || 'd' || g.k::text)) % (s.period_end - s.period_start + 1))),
        x.description
      from disclosure_statements s
      join demo_estates e on e.id = s.estate_id
      cross join lateral generate_series(1, 5 + (e.h % 5)) as g(k)
      cross join lateral (
        select * from (values
          (1, 'income', 'parking', 800000, 1200000, '小区停车管理服务部', '地面公共车位停车收益'),
          (2, 'income', 'advertising', 150000, 300000, '城市传媒广告有限公司', '电梯轿厢广告收益'),
          (3, 'income', 'common_rent', 200000, 250000, '便民快递驿站', '架空层共有部分场地租金'),
          (4, 'expense', 'running_costs', 120000, 100000, '业主委员会', '业委会办公用品、会议及通讯费用'),
          (5, 'expense', 'maintenance_fund_out', 300000, 900000, '安达电梯维保有限公司', '电梯维修（经业主大会表决）'),
          (6, 'income', 'bank_interest', 3000, 8000, '银行', '公共收益账户利息'),
          (7, 'expense', 'other', 50000, 80000, '社区文化活动中心', '业主活动场地布置'),
          (8, 'income', 'other_public_revenue', 60000, 120000, '共享充电桩运营商', '充电桩场地使用费'),
          (9, 'expense', 'running_costs', 200000, 100000, '会计师事务所', '年度账目审计费用')
        ) as v(k, direction, category, base, spread, counterparty, description)
        where v.k = g.k
      ) x
    `.execute(trx);
    // Balances: each estate starts with 30,000–80,000 yuan and carries its closing balance on.
    await sql`
      with net as (
        select s.id, s.estate_id,
          coalesce(sum(case when l.direction = 'income' then l.amount else -l.amount end), 0) as net
        from disclosure_statements s left join disclosure_lines l on l.statement_id = s.id
        group by s.id
      ), chained as (
        select n.id, 3000000 + (e.h % 5000000)
          + sum(n.net) over (partition by n.estate_id order by s.period) as closing, n.net
        from net n join disclosure_statements s on s.id = n.id join demo_estates e on e.id = n.estate_id
      )
      update disclosure_statements s set closing_balance = c.closing, opening_balance = c.closing - c.net
      from chained c where c.id = s.id
    `.execute(trx);
    await insertDemoVouchers(trx, vouchers);
    // Published a few days before the due day; late ones twelve days after it.
    await sql`
      update disclosure_statements s set state = 'published',
        published_at = (case when p.idx = 2 and (e.n = 0 or e.h % 5 = 0)
          then p.due_day + 12 else p.due_day - (3 + e.h % 20) end) + time '10:30' - interval '8 hours'
      from demo_periods p, demo_estates e
      where p.period = s.period and e.id = s.estate_id
    `.execute(trx);
    await sql`
      insert into disclosure_late (estate_id, period, community_code, due_on, flagged_at, published_at)
      select e.id, p.period, e.community_code, p.due_day, p.due_day + 1 + time '02:00',
        case when p.idx = 2 then p.due_day + 12 + time '02:30' end
      from demo_estates e cross join demo_periods p
      where (p.idx = 2 and (e.n = 0 or e.h % 5 = 0)) or (p.idx = ${last} and (e.n = 2 or e.h % 11 = 0))
    `.execute(trx);
    // Corrections: the third quarter's running-costs line was a maintenance job.
    const reason = '第4行支出类别更正：原误记为业委会工作经费，实为公共设施维修，金额不变';
    await sql`
      insert into disclosure_statements (estate_id, community_code, period, period_start, period_end, revision,
        corrects_id, correction_reason, opening_balance, closing_balance, publisher_name)
      select s.estate_id, s.community_code, s.period, s.period_start, s.period_end, 2, s.id, ${reason},
        s.opening_balance, s.closing_balance, s.publisher_name
      from disclosure_statements s join demo_estates e on e.id = s.estate_id join demo_periods p on p.period = s.period
      where p.idx = 3 and (e.n = 1 or e.h % 7 = 0) and s.revision = 1
    `.execute(trx);
    await sql`
      insert into disclosure_lines (statement_id, position, direction, category, amount, counterparty, occurred_on, description)
      select c.id, l.position, l.direction,
        case when l.position = 4 then 'maintenance_fund_out' else l.category end, l.amount,
        case when l.position = 4 then '小区公共设施维修队' else l.counterparty end, l.occurred_on,
        case when l.position = 4 then '单元门禁及路灯维修' else l.description end
      from disclosure_statements c join disclosure_lines l on l.statement_id = c.corrects_id
      where c.revision = 2
    `.execute(trx);
    await insertDemoVouchers(trx, vouchers);
    await sql`
      update disclosure_statements c set state = 'published',
        published_at = o.published_at + interval '9 days'
      from disclosure_statements o where o.id = c.corrects_id and c.state = 'draft'
    `.execute(trx);
    return { statements: inserted.rows[0]?.n ?? 0 };
  });
}

/**
 * Voucher scans for about two lines in five of the draft statements (before they are published:
 * the trigger refuses vouchers on a published one), each one of the generated pictures.
 */
export async function insertDemoVouchers(db: Db, images: DemoImage[]) {
  if (images.length === 0) return;
  await sql`
    insert into disclosure_vouchers (statement_id, line_id, file_name, content_type, size, sha256)
    select l.statement_id, l.id, i.file_name, 'image/png', i.size, i.sha256
    from disclosure_lines l
    join disclosure_statements s on s.id = l.statement_id and s.state = 'draft'
    join unnest(${images.map((i) => i.fileName)}::text[], ${images.map((i) => i.size)}::int[],
      ${images.map((i) => i.sha256)}::text[]) with ordinality as i(file_name, size, sha256, idx)
      on i.idx = abs(hashtext(l.id::text)) % ${images.length} + 1
    where abs(hashtext(l.id::text || 'v')) % 5 < 2
      and not exists (select 1 from disclosure_vouchers v where v.line_id = l.id)
  `.execute(db);
}
