import type { Db } from '../../db/database.ts';
import type { Pii } from '../../platform/pii.ts';
import {
  activePlans,
  addDays,
  cstDay,
  cstMidnight,
  generateVisitedTasks,
  periodOf,
} from '../patrols/index.ts';
import { maskPhone } from '../registry/index.ts';
import { personName } from './people.ts';
import { createRandom, type Random, randomInt } from './random.ts';
import * as repo from './teams.repository.ts';

/** The plans every district starts with (area: the whole district). */
export const DEFAULT_PLANS = [
  { name: '独居老人每周探访', target_type: 'person', filter: { tag: 'elderly_alone' }, frequency: 'weekly' },
  { name: '出租屋每月巡查', target_type: 'house', filter: { usage: 'rented' }, frequency: 'monthly' },
  { name: '沿街商铺每季度巡查', target_type: 'org', filter: { kind: 'shop' }, frequency: 'quarterly' },
] as const;

const FORCE_UNITS: Record<string, (community: string) => string> = {
  police: (c) => `${c}警务室`,
  enforcement: (c) => `${c}执法中队`,
  justice: (c) => `${c}司法所`,
  fire: (c) => `${c}微型消防站`,
  property: (c) => `${c}物业服务中心`,
  utilities: (c) => `${c}水电气服务点`,
};
const VOLUNTEER_DUTIES = ['楼栋长', '党员志愿者', '平安志愿者', '人大代表', '热心居民'];
const SERVICE_DUTIES = ['社会救助', '养老服务', '退役军人服务', '出租屋管理', '矛盾纠纷调解'];
const COURSES = ['网格员业务培训', '社会工作实务', '矛盾纠纷调解技巧', '消防安全知识', '个人信息保护'];

const mobile = (random: Random) =>
  `1${randomInt(random, 3, 9)}${String(randomInt(random, 0, 999_999_999)).padStart(9, '0')}`;
const workPhone = (random: Random) => `0755-8${String(randomInt(random, 0, 9_999_999)).padStart(7, '0')}`;

/**
 * The demo's grid teams: for every grid its head (the grid worker gw…, linked to the account), two
 * service workers and three volunteers; per community a community police officer serving its grids
 * and every force's on-duty contact; social-worker certificates and trainings; the three default
 * visit plans with this and the last period's tasks, most done (some late), so coverage reads true.
 * Runs once: a database with team members keeps them.
 */
export async function loadTeams(db: Db, pii: Pii, options: { seed: number; now?: Date }) {
  if (await repo.hasTeamMembers(db)) return { members: 0, visits: 0 };
  const random = createRandom(options.seed + 7);
  const now = options.now ?? new Date();
  const [grids, communities, forces] = await Promise.all([
    repo.gridsWithBounds(db),
    repo.communities(db),
    repo.forces(db),
  ]);
  if (grids.length === 0) return { members: 0, visits: 0 };

  type Member = {
    id: string;
    area_code: string;
    name: string;
    team: 'grid_manager' | 'service' | 'volunteer' | null;
    force_code: string | null;
    organization: string | null;
    duty: string | null;
    work_phone: string | null;
    private_phone_enc: string | null;
    private_phone_hash: string | null;
    private_phone_mask: string | null;
    user_id: string | null;
  };
  const members: Member[] = [];
  const links: { member_id: string; grid_code: string; is_head: boolean }[] = [];
  const qualifications: {
    member_id: string;
    level: 'junior' | 'intermediate' | 'senior';
    certificate_no: string;
    issued_on: string;
  }[] = [];
  const trainings: { member_id: string; held_on: string; course: string; hours: number }[] = [];
  const communityName = new Map(communities.map((c) => [c.code, c.name]));
  const year = Number(cstDay(now).slice(0, 4));
  const add = (
    m: Omit<Member, 'id' | 'private_phone_enc' | 'private_phone_hash' | 'private_phone_mask'>,
    privatePhone: string | null,
  ) => {
    const member: Member = {
      ...m,
      id: crypto.randomUUID(),
      private_phone_enc: privatePhone ? pii.encrypt(privatePhone) : null,
      private_phone_hash: privatePhone ? pii.hash(privatePhone) : null,
      private_phone_mask: privatePhone ? maskPhone(privatePhone) : null,
    };
    members.push(member);
    return member;
  };
  let certificate = 0;
  const qualify = (memberId: string) => {
    const r = random();
    const level = r < 0.55 ? 'junior' : r < 0.9 ? 'intermediate' : 'senior';
    const issued = `${year - randomInt(random, 0, 6)}-${String(randomInt(random, 1, 12)).padStart(2, '0')}-15`;
    certificate += 1;
    qualifications.push({
      member_id: memberId,
      level,
      certificate_no: `SW${issued.slice(0, 4)}${String(certificate).padStart(6, '0')}`,
      issued_on: issued,
    });
  };
  const train = (memberId: string) => {
    for (let i = randomInt(random, 0, 3); i > 0; i--)
      trainings.push({
        member_id: memberId,
        held_on: `${year}-${String(randomInt(random, 1, 11)).padStart(2, '0')}-${String(randomInt(random, 1, 28)).padStart(2, '0')}`,
        course: COURSES[randomInt(random, 0, COURSES.length - 1)],
        hours: randomInt(random, 2, 16),
      });
  };

  for (const grid of grids) {
    const community = grid.code.slice(0, 12);
    const org = `${communityName.get(community) ?? ''}社区工作站`;
    const head = add(
      {
        area_code: grid.code,
        name: grid.display_name ?? personName(random),
        team: 'grid_manager',
        force_code: null,
        organization: org,
        duty: '网格长',
        work_phone: workPhone(random),
        user_id: grid.head_id,
      },
      mobile(random),
    );
    links.push({ member_id: head.id, grid_code: grid.code, is_head: true });
    if (random() < 0.6) qualify(head.id);
    train(head.id);
    for (let i = 0; i < 2; i++) {
      const m = add(
        {
          area_code: grid.code,
          name: personName(random),
          team: 'service',
          force_code: null,
          organization: org,
          duty: SERVICE_DUTIES[randomInt(random, 0, SERVICE_DUTIES.length - 1)],
          work_phone: workPhone(random),
          user_id: null,
        },
        mobile(random),
      );
      links.push({ member_id: m.id, grid_code: grid.code, is_head: false });
      if (random() < 0.4) qualify(m.id);
      train(m.id);
    }
    for (let i = 0; i < 3; i++) {
      const m = add(
        {
          area_code: grid.code,
          name: personName(random),
          team: 'volunteer',
          force_code: null,
          organization: null,
          duty: VOLUNTEER_DUTIES[randomInt(random, 0, VOLUNTEER_DUTIES.length - 1)],
          work_phone: null,
          user_id: null,
        },
        mobile(random),
      );
      links.push({ member_id: m.id, grid_code: grid.code, is_head: false });
    }
  }
  const contacts: {
    force_code: string;
    area_code: string;
    unit: string;
    contact_name: string;
    work_phone: string;
  }[] = [];
  for (const c of communities) {
    const police = add(
      {
        area_code: c.code,
        name: personName(random),
        team: null,
        force_code: 'police',
        organization: `${c.name}警务室`,
        duty: '社区民警',
        work_phone: workPhone(random),
        user_id: null,
      },
      null,
    );
    for (const g of grids)
      if (g.code.startsWith(c.code)) links.push({ member_id: police.id, grid_code: g.code, is_head: false });
    for (const f of forces)
      contacts.push({
        force_code: f.code,
        area_code: c.code,
        unit: (FORCE_UNITS[f.code] ?? ((n: string) => `${n}${f.code}`))(c.name),
        contact_name: personName(random),
        work_phone: workPhone(random),
      });
  }

  await db.transaction().execute(async (trx) => {
    await repo.insertTeams(trx, { members, links, qualifications, trainings, contacts });
    const district = await repo.district(trx);
    await repo.insertPlans(
      trx,
      DEFAULT_PLANS.map((p) => ({ ...p, area_code: district.code, filter: JSON.stringify(p.filter) })),
    );
  });

  // This period's tasks of every plan (and last week's of a weekly one), a share already visited:
  // most of a past period's (a tenth late), fewer of the current one's so far.
  const today = cstDay(now);
  let visits = 0;
  await db.transaction().execute(async (trx) => {
    await repo.setRandomSeed(trx, ((options.seed % 1000) + 1) / 1001);
    for (const plan of await activePlans(trx)) {
      const days =
        plan.frequency === 'weekly' || plan.frequency === 'daily' ? [addDays(today, -7), today] : [today];
      for (const day of days) {
        const period = periodOf(plan.frequency, day);
        const share = period.dueAt <= now ? 0.88 : 0.45;
        visits += await generateVisitedTasks(
          trx,
          plan,
          { ...period, startAt: cstMidnight(period.start) },
          now,
          share,
        );
      }
    }
  });
  // Today's patrol of every grid by its head, a short walk round the middle of the grid.
  const patrols = grids.map((g) => {
    const cx = (g.min_lon + g.max_lon) / 2;
    const cy = (g.min_lat + g.max_lat) / 2;
    const dx = (g.max_lon - g.min_lon) * 0.15;
    const dy = (g.max_lat - g.min_lat) * 0.15;
    const coordinates = [0, 1, 2, 3, 4, 5, 6].map((i) => [
      Math.round((cx + dx * Math.cos(i * 0.9) + (random() - 0.5) * dx * 0.2) * 1e6) / 1e6,
      Math.round((cy + dy * Math.sin(i * 0.9) + (random() - 0.5) * dy * 0.2) * 1e6) / 1e6,
    ]);
    const at = new Date(
      Math.min(now.getTime(), Date.parse(`${today}T09:00:00+08:00`) + random() * 3 * 3600_000),
    );
    return {
      kind: 'patrol' as const,
      target_type: 'grid' as const,
      target_id: g.code,
      target_label: g.name,
      grid_code: g.code,
      visitor_id: g.head_id,
      visitor_name: g.display_name ?? '网格员',
      visited_at: at,
      lon: coordinates[0][0],
      lat: coordinates[0][1],
      track: JSON.stringify({ type: 'LineString', coordinates }),
      findings: '日常巡查，未见异常',
      result: 'normal' as const,
    };
  });
  await repo.insertVisits(db, patrols);
  return { members: members.length, visits: visits + patrols.length };
}
