import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import { loadCalendar } from '../cases/index.ts';
import { addDays, cstDay, cstMidnight } from '../patrols/index.ts';
import { DEFAULT_QUESTION_SETTINGS, deadlineOf, QUESTION_ALARM_JOB } from '../questions/index.ts';
import type { DemoAccount } from './demo.service.ts';
import { personName } from './people.ts';
import { createRandom, type Random, randomInt } from './random.ts';
import * as repo from './residents.repository.ts';

/** Residents with an account, per grid with people; questions a day over the whole district. */
const ACCOUNTS_PER_GRID = 8;
const DISTRICT_QUESTIONS_PER_DAY = 12;

const TOPICS = [
  '小区东门外的路灯一个多月不亮，晚上出行很不方便，什么时候能修好？',
  '楼下餐馆油烟直排，家里窗户都不敢开，能否督促整改？',
  '小区周边缺少公共停车位，晚上车辆乱停，消防通道被堵，建议规划停车场。',
  '老旧小区加装电梯的补贴政策是怎样的？需要多少户同意？',
  '社区卫生服务站周末不开门，老人看病不方便，能否延长服务时间？',
  '附近工地夜间施工噪音很大，已经持续两周，影响休息。',
  '公交站台没有遮雨棚，下雨天等车很困难，建议增设。',
  '小区垃圾分类投放点太少，垃圾经常满溢，能否增加收运次数？',
  '学校门口上下学时段交通拥堵，建议安排交警或志愿者疏导。',
  '河道有异味，夏天更明显，请相关部门检查排污情况。',
  '社区能否开设老年食堂？独居老人吃饭是个难题。',
  '菜市场周边占道经营严重，行人只能走机动车道。',
  '希望在公园增设儿童游乐设施和健身器材。',
  '电动自行车充电桩不够，很多人飞线充电，存在安全隐患。',
  '物业服务质量差，收费却在上涨，业主该如何维权？',
];
const ANSWERS = [
  '您反映的问题已收悉。经现场核实，已协调相关单位于本周内处理完毕，感谢您的监督。',
  '感谢您的建议。该事项已纳入今年的民生实事计划，预计下季度实施，届时将在社区公告。',
  '经与主管部门沟通，相关政策及办理流程已在社区公告栏公示，社区工作人员可上门协助办理。',
  '已转交执法部门处理，执法人员已上门责令整改，后续将持续跟踪复查。',
  '该问题涉及多个部门，已提请街道协调会研究，我们会及时向您反馈进展。',
];
const COMMENTS: Record<number, string[]> = {
  5: ['回复及时，问题已解决，非常满意！', '代表很负责，感谢！', '处理很快，点赞。'],
  4: ['基本解决了，希望后续保持。', '回复清楚，效率可以再高一点。'],
  3: ['有回复，但还没有看到实际变化。', '答复比较笼统。'],
  2: ['答复没有解决实际问题。', '等了很久，只是说在研究。'],
  1: ['问题依旧，敷衍了事。', '完全没有处理。'],
};
const RATINGS: [number, number][] = [
  [5, 45],
  [4, 30],
  [3, 12],
  [2, 8],
  [1, 5],
];
const NOTICES = [
  ['关于开展消防安全检查的通知', '本周六上午，社区将联合消防部门开展入户消防安全检查，请居民配合。'],
  ['停水通知', '因供水管网维修，周三8:00至18:00停水，请居民提前储水。'],
  ['免费体检活动通知', '社区卫生服务站为65岁以上老人提供免费体检，请携带身份证到站登记。'],
  ['垃圾分类宣传周活动', '本月开展垃圾分类宣传周，欢迎居民到社区广场参加互动活动。'],
  ['防汛防台风提醒', '气象台发布台风预警，请居民收好阳台物品，减少外出。'],
  ['社区议事会征求意见', '关于小区停车管理方案，请居民于本月底前提出意见和建议。'],
  ['反诈骗宣传', '近期冒充客服退款诈骗高发，请勿向陌生人转账，有疑问拨打96110。'],
  ['电动自行车安全充电通知', '严禁电动自行车进楼入户充电，社区已新增充电桩，请规范使用。'],
  ['暑期青少年托管班报名', '社区暑期托管班开始报名，名额有限，请到社区服务中心登记。'],
  ['春节期间值班安排', '春节期间社区值班电话保持畅通，如遇紧急情况请及时联系网格员。'],
] as const;

function weighted<T>(random: Random, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[0][0];
}

const pick = <T>(random: Random, items: readonly T[]): T => items[randomInt(random, 0, items.length - 1)];

/**
 * The residents' channel of the demo: accounts for some adults of every grid with people (signed
 * up against the registry, bound to their grid), a deputy for each such community without one, a year of
 * questions (most answered and rated, a few overdue, held or hidden, some the resident's reports
 * became cases from), followers, and notices to every community with the households' read receipts.
 * Deterministic for a seed; runs once.
 */
export async function loadResidentsChannel(
  db: Db,
  options: { seed: number; now?: Date; passwordHash: string },
): Promise<{ residents: number; questions: number; notices: number; accounts: DemoAccount[] }> {
  if (await repo.hasQuestions(db)) return { residents: 0, questions: 0, notices: 0, accounts: [] };
  const random = createRandom(options.seed + 31);
  const now = options.now ?? new Date();
  const today = cstDay(now);
  const [grids, people, staff, calendar] = await Promise.all([
    repo.gridsWithParents(db),
    repo.signUpCandidates(db, ACCOUNTS_PER_GRID),
    repo.staff(db),
    loadCalendar(db),
  ]);
  if (people.length === 0) return { residents: 0, questions: 0, notices: 0, accounts: [] };
  const gridOf = new Map(grids.map((g) => [g.code, g]));
  const rows: repo.NewResidentsData = {
    users: [],
    signups: [],
    questions: [],
    events: [],
    followers: [],
    notices: [],
    reads: [],
    domainEvents: [],
    caseLinks: [],
    jobs: [],
  };
  const signedUpAt = new Date(cstMidnight(addDays(today, -400)).getTime() + 10 * 3600_000);

  // Residents' accounts, as a verified sign-up makes them: role resident, area = the person's grid.
  interface Resident {
    id: string;
    name: string;
    grid: string;
    community: string;
    household: string | null;
  }
  const residents: Resident[] = [];
  people.forEach((p, i) => {
    const grid = gridOf.get(p.grid_code);
    if (!grid) return;
    const id = randomUUID();
    const username = `r${String(i + 1).padStart(5, '0')}`;
    rows.users.push({
      id,
      username,
      display_name: p.name,
      password_hash: options.passwordHash,
      role: 'resident',
      area_code: p.grid_code,
      department_code: null,
    });
    rows.signups.push({
      kind: 'verified',
      person_id: p.id,
      name: p.name,
      id_number_enc: p.id_number_enc,
      id_number_hash: p.id_number_hash,
      id_number_mask: p.id_number_mask,
      phone_enc: p.phone_enc,
      phone_hash: p.phone_hash,
      phone_mask: p.phone_mask,
      community_code: grid.community_code,
      grid_code: p.grid_code,
      username,
      password_hash: options.passwordHash,
      state: 'done',
      user_id: id,
      created_at: signedUpAt,
    });
    residents.push({
      id,
      name: p.name,
      grid: p.grid_code,
      community: grid.community_code,
      household: p.household_id,
    });
  });
  const byCommunity = new Map<string, Resident[]>();
  for (const r of residents) byCommunity.set(r.community, [...(byCommunity.get(r.community) ?? []), r]);

  // A deputy for each community with residents that has none (a deputy serves the communities of
  // their area; the questions' answerer list matches a community's own code).
  const deputies = staff
    .filter((u) => u.role === 'deputy')
    .map((u) => ({ id: u.id, name: u.display_name, area: u.area_code }));
  const streets = [...new Set(grids.map((g) => g.street_code).filter((s): s is string => Boolean(s)))];
  for (const community of byCommunity.keys()) {
    if (deputies.some((d) => d.area === community)) continue;
    const d = { id: randomUUID(), name: personName(random), area: community };
    rows.users.push({
      id: d.id,
      username: `deputy.${community}`,
      display_name: d.name,
      password_hash: options.passwordHash,
      role: 'deputy',
      area_code: community,
      department_code: null,
    });
    deputies.push(d);
  }
  const handlers = staff.filter(
    (u) => u.role === 'dept_handler' && u.department_code && u.username.includes('.'),
  );
  const admin = staff.find((u) => u.role === 'district_admin');
  const leaders = staff.filter((u) => u.role === 'area_leader');

  // A year of questions.
  const perDay = (DISTRICT_QUESTIONS_PER_DAY * new Set(residents.map((r) => r.grid)).size) / grids.length;
  const settings = DEFAULT_QUESTION_SETTINGS;
  const asked: { id: string; number: string; community: string; asker: string; at: Date; public: boolean }[] =
    [];
  const addQuestion = (
    asker: { id: string; name: string; community: string; grid: string },
    askedAt: Date,
    text: string,
    caseId: string | null,
  ) => {
    const id = randomUUID();
    const number = `Q${askedAt.getUTCFullYear()}${String(rows.questions.length + 1).padStart(6, '0')}`;
    const own = deputies.filter((d) => d.area === asker.community);
    const toDeputy = own.length > 0 && random() < 0.55;
    const deputy = toDeputy ? pick(random, own) : null;
    const handler = deputy ? null : pick(random, handlers);
    const kind = deputy ? 'deputy' : 'department';
    const isPublic = random() < 0.8;
    const roll = random();
    const events: repo.NewResidentsData['events'] = [
      { question_id: id, actor_id: asker.id, actor_name: asker.name, action: 'ask', at: askedAt },
    ];
    let state: 'held' | 'hidden' | 'open' | 'answered' = 'open';
    let dueAt: Date | null = null;
    let answeredAt: Date | null = null;
    let alarm: 'yellow' | 'red' | null = null;
    let rating: number | null = null;
    if (!caseId && roll < 0.02) {
      state = 'held';
      events.push({ question_id: id, action: 'hold', note: '敏感词', at: askedAt });
    } else if (!caseId && roll < 0.03) {
      state = 'hidden';
      events.push({
        question_id: id,
        actor_id: admin?.id,
        actor_name: admin?.display_name,
        action: 'hide',
        note: '内容与问政无关',
        at: new Date(askedAt.getTime() + 3600_000),
      });
    } else {
      const deadline = deadlineOf(calendar, settings, kind, askedAt);
      dueAt = deadline.dueAt;
      const span = dueAt.getTime() - askedAt.getTime();
      const at = new Date(askedAt.getTime() + span * (caseId ? 0.05 : 0.1 + random() * 1.05));
      if (at < now && (caseId || roll > 0.07)) {
        state = 'answered';
        answeredAt = at;
      } else if (dueAt < now) alarm = 'red';
      else {
        // Still running: the alarm job a live question has (yellow, or red when already yellow).
        if (deadline.yellowAt <= now) alarm = 'yellow';
        rows.jobs.push({
          kind: QUESTION_ALARM_JOB,
          key: id,
          runAt: alarm === 'yellow' ? dueAt : deadline.yellowAt,
          payload: {
            questionId: id,
            dueAt: dueAt.toISOString(),
            level: alarm === 'yellow' ? 'red' : 'yellow',
          },
        });
      }
    }
    const answererName = deputy?.name ?? handler?.display_name ?? null;
    const answerText = caseId
      ? '您反映的问题已转为案件办理，处理进展可在"我的上报"中查看。'
      : pick(random, ANSWERS);
    if (answeredAt) {
      events.push({
        question_id: id,
        actor_id: deputy?.id ?? handler?.id,
        actor_name: answererName,
        action: 'answer',
        at: answeredAt,
      });
      if (now.getTime() - answeredAt.getTime() > 86_400_000 && random() < 0.65) {
        rating = weighted(random, RATINGS);
        events.push({
          question_id: id,
          actor_id: asker.id,
          actor_name: asker.name,
          action: 'rate',
          note: String(rating),
          at: new Date(answeredAt.getTime() + 20 * 3600_000),
        });
      }
    }
    if (caseId)
      events.push({
        question_id: id,
        actor_id: deputy?.id ?? handler?.id,
        actor_name: answererName,
        action: 'to_case',
        data: { caseId },
        at: askedAt,
      });
    rows.events.push(...events);
    rows.questions.push({
      id,
      number,
      asker_id: asker.id,
      community_code: asker.community,
      grid_code: asker.grid,
      answerer_kind: kind,
      answerer_id: deputy?.id ?? null,
      department_code: deputy ? null : (handler?.department_code ?? null),
      is_public: isPublic,
      text,
      state,
      held_words: state === 'held' ? ['敏感词'] : [],
      moderation_reason: state === 'hidden' ? '内容与问政无关' : null,
      asked_at: askedAt,
      due_at: dueAt,
      alarm,
      escalated: alarm === 'red',
      answer_text: answeredAt ? answerText : null,
      answerer_name: answeredAt ? answererName : null,
      answered_at: answeredAt,
      answered_on_time: answeredAt && dueAt ? answeredAt <= dueAt : null,
      rating,
      rating_comment: rating ? pick(random, COMMENTS[rating]) : null,
      rated_at: rating && answeredAt ? new Date(answeredAt.getTime() + 20 * 3600_000) : null,
      case_id: caseId,
      created_at: askedAt,
      updated_at: answeredAt ?? askedAt,
    });
    if (state === 'open' || state === 'answered')
      asked.push({ id, number, community: asker.community, asker: asker.id, at: askedAt, public: isPublic });
    return number;
  };

  let quota = 0;
  for (let back = 365; back >= 0; back--) {
    const day = addDays(today, -back);
    quota += perDay;
    for (; quota >= 1; quota--) {
      const askedAt = new Date(cstMidnight(day).getTime() + randomInt(random, 7 * 3600, 22 * 3600) * 1000);
      if (askedAt > now) continue;
      const asker = pick(random, residents);
      addQuestion(asker, askedAt, pick(random, TOPICS), null);
    }
  }

  // Some of the demo resident's reports began as a question (the case keeps the question's number).
  const resident = staff.find((u) => u.username === 'resident');
  if (resident) {
    const cases = await repo.residentCases(db, resident.id);
    for (const [i, c] of cases.entries()) {
      if (i % 8 !== 3 || rows.caseLinks.length >= 60) continue;
      const grid = gridOf.get(c.grid_code);
      if (!grid) continue;
      const askedAt = new Date(c.reported_at.getTime() - 2 * 3600_000);
      const asker = {
        id: resident.id,
        name: resident.display_name,
        community: grid.community_code,
        grid: c.grid_code,
      };
      const number = addQuestion(asker, askedAt, c.description.slice(0, 2000), c.id);
      rows.caseLinks.push({ caseId: c.id, questionNumber: number });
      rows.domainEvents.push({
        kind: 'questions.became_case',
        subject_type: 'question',
        subject_id: rows.questions[rows.questions.length - 1].id as string,
        area_code: c.grid_code,
        payload: JSON.stringify({ caseId: c.id, caseNumber: c.number, questionNumber: number }),
        occurred_at: askedAt,
      });
    }
  }

  // Followers ("me too") of public questions, from the asker's community.
  const questionRow = new Map(rows.questions.map((q) => [q.id as string, q]));
  for (const q of asked) {
    if (!q.public || random() > 0.3) continue;
    const pool = (byCommunity.get(q.community) ?? []).filter((r) => r.id !== q.asker);
    const n = Math.min(pool.length, randomInt(random, 1, 4));
    const start = randomInt(random, 0, Math.max(0, pool.length - 1));
    for (let k = 0; k < n; k++)
      rows.followers.push({
        question_id: q.id,
        user_id: pool[(start + k) % pool.length].id,
        at: new Date(q.at.getTime() + (k + 1) * 3600_000),
      });
    const row = questionRow.get(q.id);
    if (row) row.follower_count = n;
  }

  // Notices: about one a month to each community with residents (some to one grid), a few per street.
  const authorFor = (area: string) => {
    const own = leaders
      .filter((l) => isWithin(area, l.area_code))
      .sort((a, b) => b.area_code.length - a.area_code.length);
    return own[0] ?? admin;
  };
  const targets: string[] = [...byCommunity.keys()];
  for (const street of streets)
    if (residents.some((r) => isWithin(r.community, street))) targets.push(street);
  // Who each target reaches: a community's residents, or a street's (its communities').
  const reach = new Map<string, Resident[]>(byCommunity);
  for (const street of streets)
    reach.set(
      street,
      residents.filter((r) => isWithin(r.community, street)),
    );
  for (const area of targets) {
    const isStreet = !byCommunity.has(area);
    const count = isStreet ? 4 : 10;
    const communityGrids = grids.filter((g) => g.community_code === area).map((g) => g.code);
    for (let k = 0; k < count; k++) {
      const back = Math.floor(((count - k) * 365) / count) - randomInt(random, 0, 20);
      const publishedAt = new Date(cstMidnight(addDays(today, -Math.max(1, back))).getTime() + 9 * 3600_000);
      const [title, body] = pick(random, NOTICES);
      const important = random() < 0.3;
      const oneGrid = !isStreet && communityGrids.length > 1 && random() < 0.2;
      const areaCodes = oneGrid ? [pick(random, communityGrids)] : [area];
      const author = authorFor(area);
      const id = randomUUID();
      rows.notices.push({
        id,
        title,
        body,
        area_codes: areaCodes,
        author_id: author?.id ?? null,
        author_name: author?.display_name ?? '社区',
        pinned: important && k === count - 1,
        important,
        is_public: random() < 0.6,
        published_at: publishedAt,
        expires_at: k < count - 3 ? new Date(publishedAt.getTime() + 30 * 86_400_000) : null,
      });
      const share = important ? 0.75 : 0.5;
      const addressed = oneGrid
        ? (byCommunity.get(area) ?? []).filter((r) => r.grid === areaCodes[0])
        : (reach.get(area) ?? []);
      for (const r of addressed) {
        if (random() > share) continue;
        const readAt = new Date(publishedAt.getTime() + randomInt(random, 1, 96) * 3600_000);
        if (readAt > now) continue;
        rows.reads.push({ notice_id: id, user_id: r.id, household_id: r.household, read_at: readAt });
      }
    }
  }

  await repo.insertResidentsData(db, rows);
  // A few of the accounts for demo-accounts.json: residents of the first communities, and their deputies.
  const accounts: DemoAccount[] = [];
  for (const community of [...byCommunity.keys()].sort().slice(0, 3)) {
    const first = (byCommunity.get(community) ?? []).slice(0, 2);
    for (const r of first) {
      const user = rows.users.find((u) => u.id === r.id);
      if (user) accounts.push({ username: String(user.username), role: 'resident', areaCode: r.grid });
    }
    if (rows.users.some((u) => u.username === `deputy.${community}`))
      accounts.push({ username: `deputy.${community}`, role: 'deputy', areaCode: community });
  }
  return {
    residents: residents.length,
    questions: rows.questions.length,
    notices: rows.notices.length,
    accounts,
  };
}
