import type { Db } from '../../db/database.ts';
import type { Pii } from '../../platform/pii.ts';
import { idCheckChar, maskIdNumber, maskPhone } from '../registry/index.ts';
import * as repo from './party.repository.ts';
import { personName } from './people.ts';
import { createRandom, type Random, randomInt } from './random.ts';

const TOPICS: Record<string, string[]> = {
  committee: ['研究本月党建工作安排', '讨论发展党员工作', '研究党费收缴情况', '部署社区志愿服务'],
  members: ['学习贯彻党的创新理论', '通报支部工作情况', '讨论预备党员转正', '民主评议党员动员'],
  group: ['党小组学习交流', '学习党章党规', '交流思想工作情况'],
  class: ['书记讲党课：践行初心使命', '党课：基层治理中的党员作用', '党课：学习党史'],
  theme_day: ['主题党日：社区环境整治', '主题党日：走访困难群众', '主题党日：参观红色教育基地'],
  democratic_review: ['年度组织生活会和民主评议党员'],
};
const ACTIVITIES = [
  '社区环境清洁',
  '政策宣传',
  '关爱独居老人',
  '文明交通劝导',
  '垃圾分类督导',
  '疫苗接种引导',
];
const OUTSIDE = ['南山区委组织部', '福田区某街道党工委', '广州市某高校党委', '武汉市某企业党委', '部队转业'];
const DUES_CENTS = [200, 500, 1000, 2000, 3000, 5000];

const pad = (n: number) => String(n).padStart(2, '0');
const addMonths = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + m - 1 + n;
  return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;
};
const daysIn = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
};
const dayIn = (random: Random, month: string, maxDay = daysIn(month)) =>
  `${month}-${pad(randomInt(random, 1, maxDay))}`;
const mobile = (random: Random) =>
  `1${randomInt(random, 3, 9)}${String(randomInt(random, 0, 999_999_999)).padStart(9, '0')}`;

/** A version-4 UUID from the seeded stream, so that re-generating gives the same ids. */
function uuid(random: Random): string {
  let hex = '';
  for (let i = 0; i < 4; i++)
    hex += Math.floor(random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/**
 * The demo's party building: per street a working committee; per community a general branch with
 * two or three branches (one of retired members); a branch in one registered enterprise, school or
 * social organization per community where the registry has one. Members in every status with
 * their dates, dues (most paid up, some in arrears), transfers in and between branches, in-service
 * members registered at their residential community with volunteer hours; a year of meetings,
 * most organizations keeping to 三会一课 and a few missing some. Runs once.
 */
export async function loadParty(db: Db, pii: Pii, options: { seed: number; now?: Date }) {
  if (await repo.hasPartyOrgs(db)) return { orgs: 0, members: 0 };
  const random = createRandom(options.seed + 21);
  const now = options.now ?? new Date();
  const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const month = today.slice(0, 7);
  const first = addMonths(month, -11);
  const areas = await repo.streetsAndCommunities(db);
  const streets = areas.filter((a) => a.level === 'street');
  const communities = areas.filter((a) => a.level === 'community');
  if (communities.length === 0) return { orgs: 0, members: 0 };
  const hosts = await repo.hostOrgs(db);
  const party: repo.NewParty = { orgs: [], members: [], transfers: [], meetings: [], hours: [] };
  type Org = { id: string; kind: 'committee' | 'general_branch' | 'branch'; members: number; poor: boolean };
  const orgs: Org[] = [];
  const branchesOfStreet = new Map<string, string[]>();
  const usedIds = new Set<string>();

  const addOrg = (values: Omit<repo.NewParty['orgs'][number], 'id'>) => {
    const id = uuid(random);
    party.orgs.push({ id, ...values, founded_on: `${randomInt(random, 1995, 2015)}-07-01` });
    orgs.push({ id, kind: values.kind, members: 0, poor: random() < 0.12 });
    return id;
  };

  const idNumber = (district: string) => {
    for (;;) {
      const born = `${randomInt(random, 1950, 2003)}${pad(randomInt(random, 1, 12))}${pad(randomInt(random, 1, 28))}`;
      const first17 = `${district}${born}${String(randomInt(random, 0, 999)).padStart(3, '0')}`;
      const id = first17 + idCheckChar(first17);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };

  const addMember = (
    orgId: string,
    areaCode: string,
    kind: { inService: boolean; retired: boolean; residence: string },
  ) => {
    const r = random();
    const status = r < 0.8 ? 'full' : r < 0.88 ? 'probationary' : r < 0.95 ? 'activist' : 'applicant';
    const id = uuid(random);
    const fullYear = kind.retired
      ? randomInt(random, 1970, 2000)
      : randomInt(random, 2000, Number(month.slice(0, 4)) - 1);
    const dates = { applied_on: null, activist_on: null, probationary_on: null, full_on: null } as Record<
      string,
      string | null
    >;
    if (status === 'full') {
      dates.full_on = `${fullYear}-${pad(randomInt(random, 1, 12))}-${pad(randomInt(random, 1, 28))}`;
      dates.probationary_on = `${fullYear - 1}${dates.full_on.slice(4)}`;
      dates.activist_on = `${fullYear - 2}${dates.full_on.slice(4)}`;
      dates.applied_on = `${fullYear - 3}${dates.full_on.slice(4)}`;
    } else {
      const m = addMonths(month, -randomInt(random, 1, 11));
      const key = `${status === 'probationary' ? 'probationary' : status === 'activist' ? 'activist' : 'applied'}_on`;
      dates[key] = dayIn(random, m);
      if (status !== 'applicant') dates.applied_on = dayIn(random, addMonths(m, -randomInt(random, 8, 14)));
      if (status === 'probationary')
        dates.activist_on = dayIn(random, addMonths(m, -randomInt(random, 12, 18)));
    }
    const pays = status === 'full' || status === 'probationary';
    const lag = random();
    const behind =
      lag < 0.85 ? randomInt(random, 0, 1) : lag < 0.95 ? randomInt(random, 2, 4) : randomInt(random, 6, 9);
    const id18 = idNumber(areaCode.slice(0, 6));
    const phone = mobile(random);
    const registered = kind.inService && random() < 0.85;
    party.members.push({
      id,
      org_id: orgId,
      name: personName(random),
      gender: random() < 0.5 ? 'male' : 'female',
      id_number_enc: pii.encrypt(id18),
      id_number_hash: pii.hash(id18),
      id_number_mask: maskIdNumber(id18),
      phone_enc: pii.encrypt(phone),
      phone_hash: pii.hash(phone),
      phone_mask: maskPhone(phone),
      status: status as 'full',
      ...dates,
      dues_cents: pays ? DUES_CENTS[randomInt(random, 0, kind.retired ? 1 : DUES_CENTS.length - 1)] : 0,
      dues_paid_to: pays ? addMonths(month, -behind) : null,
      in_service: kind.inService,
      workplace: kind.inService ? '区属机关企事业单位' : null,
      residence_community: registered ? kind.residence : null,
      registered_on: registered ? dayIn(random, addMonths(month, -11)) : null,
    });
    if (registered)
      for (let i = randomInt(random, 2, 8); i > 0; i--) {
        const m = addMonths(month, -randomInt(random, 0, 10));
        party.hours.push({
          member_id: id,
          community_code: kind.residence,
          served_on: dayIn(random, m, m === month ? Number(today.slice(8)) : undefined),
          hours: randomInt(random, 2, 8) / 2,
          activity: ACTIVITIES[randomInt(random, 0, ACTIVITIES.length - 1)],
        });
      }
    const roll = random();
    if (roll < 0.05)
      party.transfers.push({
        member_id: id,
        direction: 'in',
        to_org_id: orgId,
        outside_org: OUTSIDE[randomInt(random, 0, OUTSIDE.length - 1)],
        transferred_on: dayIn(random, addMonths(month, -randomInt(random, 1, 11))),
      });
    return { id, roll };
  };

  const pickCommunity = () => communities[randomInt(random, 0, communities.length - 1)].code;
  for (const street of streets) {
    const committee = addOrg({
      parent_id: null,
      kind: 'committee',
      name: `${street.name}党工委`,
      area_code: street.code,
    });
    branchesOfStreet.set(street.code, []);
    const staff = randomInt(random, 3, 5);
    for (let i = 0; i < staff; i++)
      addMember(committee, street.code, { inService: true, retired: false, residence: pickCommunity() });
    orgs.find((o) => o.id === committee)!.members = staff;
    for (const community of communities.filter((c) => c.parent_code === street.code)) {
      const general = addOrg({
        parent_id: committee,
        kind: 'general_branch',
        name: `${community.name}党总支`,
        area_code: community.code,
      });
      const names = ['第一党支部', '第二党支部', ...(random() < 0.6 ? ['离退休党员支部'] : [])];
      const host = hosts.find((h) => h.grid_code.startsWith(community.code));
      const branches: { id: string; name: string; inService: boolean; retired: boolean }[] = names.map(
        (n) => ({
          id: addOrg({
            parent_id: general,
            kind: 'branch',
            name: `${community.name}${n}`,
            area_code: community.code,
          }),
          name: n,
          inService: false,
          retired: n.startsWith('离退休'),
        }),
      );
      if (host)
        branches.push({
          id: addOrg({
            parent_id: committee,
            kind: 'branch',
            name: `${host.name}党支部`,
            area_code: community.code,
            org_id: host.id,
          }),
          name: host.name,
          inService: true,
          retired: false,
        });
      for (const branch of branches) {
        branchesOfStreet.get(street.code)!.push(branch.id);
        const count = randomInt(random, 8, 16);
        orgs.find((o) => o.id === branch.id)!.members = count;
        for (let i = 0; i < count; i++) {
          const inService = branch.inService || (!branch.retired && random() < 0.2);
          const { id, roll } = addMember(branch.id, community.code, {
            inService,
            retired: branch.retired,
            residence: branch.inService ? pickCommunity() : community.code,
          });
          // A few moved here from another branch of the street during the year.
          const others = branchesOfStreet.get(street.code)!.filter((b) => b !== branch.id);
          if (roll > 0.97 && others.length > 0)
            party.transfers.push({
              member_id: id,
              direction: 'internal',
              from_org_id: others[randomInt(random, 0, others.length - 1)],
              to_org_id: branch.id,
              transferred_on: dayIn(random, addMonths(month, -randomInt(random, 1, 10))),
              note: '工作调动',
            });
        }
      }
    }
  }

  // A year of meetings: monthly committee, group and theme-day meetings; quarterly members' meeting
  // and party class; the yearly review in January. "Poor" organizations skip more often.
  const months = Array.from({ length: 12 }, (_, i) => addMonths(first, i));
  for (const org of orgs) {
    const keep = org.poor ? 0.6 : 0.93;
    const held = (kind: string, m: string) => {
      const maxDay = m === month ? Number(today.slice(8)) : daysIn(m);
      const attendees = Math.max(1, org.members - randomInt(random, 0, 2));
      const topics = TOPICS[kind];
      party.meetings.push({
        org_id: org.id,
        kind: kind as 'committee',
        held_on: dayIn(random, m, maxDay),
        topic: topics[randomInt(random, 0, topics.length - 1)],
        attendees,
        absentees: Math.max(0, org.members - attendees),
        minutes: `会议由书记主持，应到${org.members}人，实到${attendees}人。`,
      });
    };
    for (const m of months) {
      const isCurrent = m === month;
      // The current month is under way: only some of its meetings are held yet.
      const p = isCurrent ? keep * 0.5 : keep;
      if (random() < p) held('committee', m);
      if (org.kind === 'branch' && random() < p) held('group', m);
      if (org.kind !== 'committee' && random() < p * 0.8) held('theme_day', m);
      const monthNo = Number(m.slice(5));
      if (org.kind !== 'committee' && (monthNo % 3 === 2 || (isCurrent && monthNo % 3 !== 1))) {
        if (random() < keep) held('members', m);
        if (random() < keep) held('class', m);
      }
      if (monthNo === 1 && org.kind !== 'committee' && random() < keep) held('democratic_review', m);
    }
  }
  // A few members transferred out of the district during the year.
  for (const member of party.members) {
    if (random() < 0.01 && member.status === 'full') {
      const on = dayIn(random, addMonths(month, -randomInt(random, 1, 10)));
      member.left_on = on;
      member.left_to = OUTSIDE[randomInt(random, 0, OUTSIDE.length - 1)];
      party.transfers.push({
        member_id: member.id!,
        direction: 'out',
        from_org_id: member.org_id,
        outside_org: member.left_to,
        transferred_on: on,
      });
    }
  }
  await db.transaction().execute((trx) => repo.insertParty(trx, party));
  return { orgs: party.orgs.length, members: party.members.length };
}
