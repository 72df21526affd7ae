import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { ancestorCodesOf, isWithin, levelOfCode } from '../../geo/area-code.ts';
import type { Pii } from '../../platform/pii.ts';
import { loadCalendar } from '../cases/index.ts';
import { MEDIATION_DAYS, workingDeadline } from '../disputes/index.ts';
import { addDays, cstDay, cstMidnight } from '../patrols/index.ts';
import { maskPhone } from '../registry/index.ts';
import * as repo from './disputes.repository.ts';
import { personName } from './people.ts';
import { createRandom, type Random, randomInt } from './random.ts';

/** Kinds with their weight in a year of grid disputes, and a few summaries of each. */
const KINDS: Record<string, { weight: number; titles: string[]; terms: string }> = {
  neighbours: {
    weight: 30,
    titles: ['楼上漏水致楼下墙面受损', '楼道堆物引发邻里争执', '宠物扰邻多次争吵', '装修噪音扰民'],
    terms: '一、漏水/扰邻一方于十日内整改完毕。\n二、双方互相谅解，今后友好相处。',
  },
  family: {
    weight: 15,
    titles: ['赡养老人费用分担纠纷', '夫妻感情不和家庭矛盾', '兄弟姐妹房屋继承争议'],
    terms: '一、子女按月分担赡养费用。\n二、双方尊重老人意愿，定期探望。',
  },
  property_management: {
    weight: 18,
    titles: ['物业费收缴争议', '小区停车位管理纠纷', '电梯维修费用分摊争议'],
    terms: '一、物业公司于十五日内完成整改。\n二、业主按约定缴纳物业费。',
  },
  labour_wages: {
    weight: 12,
    titles: ['装修工人讨要工资', '商铺店员工资拖欠', '工地农民工欠薪'],
    terms: '一、用工方于约定日期前一次性支付拖欠工资。\n二、劳动者不再就此事另行主张。',
  },
  land_housing: {
    weight: 8,
    titles: ['租房押金退还纠纷', '违建遮挡采光争议'],
    terms: '一、出租方于七日内退还押金。\n二、双方解除租赁关系。',
  },
  consumer: {
    weight: 10,
    titles: ['预付卡退费纠纷', '商品质量退换争议'],
    terms: '一、商家退还剩余预付款。\n二、消费者返还赠品。',
  },
  other: {
    weight: 7,
    titles: ['广场舞噪音纠纷', '绿化带占用争议'],
    terms: '一、双方约定活动时间与范围。\n二、社区加强协调。',
  },
};
const RISKS: [string, number][] = [
  ['low', 55],
  ['medium', 30],
  ['high', 12],
  ['major', 3],
];
const SOURCES: [string, number][] = [
  ['patrol', 45],
  ['resident', 25],
  ['hotline', 15],
  ['department', 10],
  ['case', 5],
];
const RISK_REASONS: Record<string, string> = {
  low: '双方情绪平稳',
  medium: '双方多次争执',
  high: '一方情绪激动，扬言上访',
  major: '涉及多人聚集，存在激化风险',
};

function weighted(random: Random, items: [string, number][]): string {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[0][0];
}

/**
 * A year of disputes over the demo's grids: most mediated to an agreement, some referred to a
 * court, arbitration or the petitions office, a few withdrawn or escalated, a handful overdue; the
 * grids' monthly screening returns (a few missing, this month half filed). Deterministic for a seed;
 * runs once.
 */
export async function loadDisputes(db: Db, pii: Pii, options: { seed: number; now?: Date }) {
  if (await repo.hasDisputes(db)) return { disputes: 0 };
  const random = createRandom(options.seed + 21);
  const now = options.now ?? new Date();
  const today = cstDay(now);
  const [grids, mediators, calendar] = await Promise.all([
    repo.gridsWithResident(db),
    repo.mediators(db),
    loadCalendar(db),
  ]);
  if (grids.length === 0) return { disputes: 0 };
  const rows: repo.NewDisputes = {
    disputes: [],
    parties: [],
    sessions: [],
    events: [],
    notices: [],
    returns: [],
  };
  const kindItems = Object.entries(KINDS).map(([k, v]) => [k, v.weight] as [string, number]);
  const perGridMonth = new Map<string, number>();
  const mediatorFor = (grid: string) => {
    const own = mediators.filter((m) => isWithin(grid, m.area_code));
    return own.length ? own[randomInt(random, 0, own.length - 1)] : null;
  };

  for (let back = 365; back >= 0; back--) {
    const day = addDays(today, -back);
    const count = randomInt(random, 1, 6);
    for (let i = 0; i < count; i++) {
      const grid = grids[randomInt(random, 0, grids.length - 1)];
      const kind = weighted(random, kindItems);
      const risk = weighted(random, RISKS);
      const source = weighted(random, SOURCES);
      const reportedAt = new Date(cstMidnight(day).getTime() + randomInt(random, 8 * 3600, 18 * 3600) * 1000);
      if (reportedAt > now) continue;
      const id = randomUUID();
      const number = `JF${day.replaceAll('-', '')}${String(rows.disputes.length + 1).padStart(5, '0')}`;
      const title = KINDS[kind].titles[randomInt(random, 0, KINDS[kind].titles.length - 1)];
      const month = day.slice(0, 7);
      perGridMonth.set(`${grid.code}|${month}`, (perGridMonth.get(`${grid.code}|${month}`) ?? 0) + 1);

      // Reported within two days: not yet assigned. Otherwise mediated from the next day.
      const assigned = back >= 2;
      const mediator = assigned ? mediatorFor(grid.code) : null;
      const assignedAt = assigned ? new Date(reportedAt.getTime() + 20 * 3600_000) : null;
      const deadline = assignedAt ? workingDeadline(calendar, assignedAt, MEDIATION_DAYS) : null;
      const roll = random();
      let state = 'reported';
      let closedAt: Date | null = null;
      if (assignedAt && deadline) {
        const closeBy = new Date(assignedAt.getTime() + randomInt(random, 3, 35) * 86_400_000);
        // Recent ones still in mediation; 3% of older ones overdue (never closed).
        if (closeBy > now || roll < 0.03) state = 'mediating';
        else {
          state = roll < 0.82 ? 'agreed' : roll < 0.92 ? 'failed' : roll < 0.97 ? 'withdrawn' : 'escalated';
          closedAt = closeBy < deadline ? closeBy : new Date(deadline.getTime() - 3600_000);
        }
      }
      const referredTo =
        state === 'failed' ? (['court', 'arbitration', 'petitions'] as const)[randomInt(random, 0, 2)] : null;
      rows.disputes.push({
        id,
        number,
        kind_code: kind,
        title,
        description: `${grid.name}居民反映：${title}。`,
        grid_code: grid.code,
        address: grid.name,
        source: source as 'patrol',
        risk: risk as 'low',
        risk_reason: RISK_REASONS[risk],
        state: state as 'reported',
        mediator_id: mediator?.id ?? null,
        committee: assigned && !mediator ? `${grid.name.replace(/第.*网格$/, '')}人民调解委员会` : null,
        assigned_at: assignedAt,
        deadline,
        alarm: state === 'mediating' && deadline && deadline < now ? 'red' : null,
        referred_to: referredTo,
        receiving_body: referredTo
          ? { court: '区人民法院', arbitration: '区劳动人事争议仲裁委员会', petitions: '区信访局' }[
              referredTo
            ]
          : null,
        agreement_terms: state === 'agreed' ? KINDS[kind].terms : null,
        closed_at: closedAt,
        reported_by: null,
        reported_by_name: '网格员',
        reported_at: reportedAt,
        updated_at: closedAt ?? assignedAt ?? reportedAt,
      });
      const phone = `13${String(randomInt(random, 0, 999_999_999)).padStart(9, '0')}`;
      rows.parties.push(
        grid.person_id
          ? {
              dispute_id: id,
              seq: 1,
              kind: 'person',
              person_id: grid.person_id,
              name: grid.person_name ?? '',
            }
          : { dispute_id: id, seq: 1, kind: 'outsider', name: personName(random) },
        {
          dispute_id: id,
          seq: 2,
          kind: 'outsider',
          name: personName(random),
          phone_enc: pii.encrypt(phone),
          phone_mask: maskPhone(phone),
        },
      );
      rows.events.push({
        dispute_id: id,
        action: 'report',
        actor_name: '网格员',
        data: '{}',
        created_at: reportedAt,
      });
      if (risk === 'high' || risk === 'major') {
        const ancestors = ancestorCodesOf(grid.code);
        const street = ancestors.find((c) => levelOfCode(c) === 'street') ?? grid.code;
        const district = ancestors.find((c) => levelOfCode(c) === 'district') ?? street;
        const message = `${number} 高风险：${title}（${grid.name}）`;
        rows.notices.push(
          {
            dispute_id: id,
            kind: 'high_risk',
            audience: 'street',
            area_code: street,
            message,
            created_at: reportedAt,
          },
          {
            dispute_id: id,
            kind: 'high_risk',
            audience: 'stability_office',
            area_code: district,
            message,
            created_at: reportedAt,
          },
        );
      }
      if (assignedAt) {
        rows.events.push({
          dispute_id: id,
          action: 'assign',
          actor_name: '社区调委会',
          data: '{}',
          created_at: assignedAt,
        });
        const sessions = state === 'reported' ? 0 : randomInt(random, 1, 3);
        for (let s = 0; s < sessions; s++) {
          const at = new Date(assignedAt.getTime() + (s + 1) * 2 * 86_400_000);
          if (at > now || (closedAt && at > closedAt)) break;
          rows.sessions.push({
            dispute_id: id,
            held_on: cstDay(at),
            place: '社区人民调解室',
            attendees: '双方当事人、调解员',
            notes: '听取双方陈述，释法说理。',
            created_at: at,
          });
          rows.events.push({
            dispute_id: id,
            action: 'session',
            actor_name: mediator?.display_name ?? '调解员',
            data: '{}',
            created_at: at,
          });
        }
      }
      if (closedAt)
        rows.events.push({
          dispute_id: id,
          action: state === 'escalated' ? 'escalate' : state === 'withdrawn' ? 'withdraw' : 'outcome',
          actor_name: mediator?.display_name ?? '调解员',
          data: JSON.stringify({ outcome: state }),
          created_at: closedAt,
        });
    }
  }

  // Monthly returns: every grid for the past eleven months (one in forty missed), half of this month's.
  for (let m = 0; m < 12; m++) {
    const first = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
    first.setUTCMonth(first.getUTCMonth() - m);
    const month = first.toISOString().slice(0, 7);
    for (const grid of grids) {
      if (random() < (m === 0 ? 0.5 : 0.025)) continue;
      const disputes = perGridMonth.get(`${grid.code}|${month}`) ?? 0;
      rows.returns.push({
        grid_code: grid.code,
        month,
        none_found: disputes === 0,
        note: disputes === 0 ? '经排查，本月未发现矛盾纠纷' : '',
        reported_by: null,
        reported_by_name: '网格员',
        reported_at:
          m === 0 ? now : new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0, 10)),
      });
    }
  }
  await repo.insertDisputes(db, rows);
  return { disputes: rows.disputes.length };
}
