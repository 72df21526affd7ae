import type { Db } from '../../db/database.ts';
import type { BookingState } from '../../db/types.ts';
import type { Pii } from '../../platform/pii.ts';
import { communitiesIn, districtAndStreets } from '../areas/index.ts';
import { insertActivities, insertPairings, insertYears, JOINT_AREAS } from '../pairing/index.ts';
import { bindAccount, insertBookings, insertPartners, insertServices } from '../partners/index.ts';
import { maskPhone } from '../registry/index.ts';
import type { DemoImage } from './images.ts';
import * as repo from './partners.repository.ts';
import { createRandom, randomInt } from './random.ts';

type Kind = 'bank' | 'shop' | 'charity' | 'it';
const PARTNERS: Record<Kind, string[]> = {
  bank: ['中国工商银行{c}支行', '中国建设银行{c}网点', '农村商业银行{c}分理处'],
  shop: ['{c}便民超市', '{c}社区药房', '{c}家电维修部'],
  charity: ['{c}爱心公益服务中心', '{c}志愿者协会'],
  it: ['{c}宽带营业厅', '智联数字科技（{c}服务站）'],
};
const SERVICES: Record<Kind, [name: string, kind: string, priceFen: number, home: boolean][]> = {
  bank: [
    ['防诈骗金融知识讲座', 'finance', 0, false],
    ['上门激活社保卡', 'finance', 0, true],
    ['老年人手机支付教学', 'digital', 0, false],
  ],
  shop: [
    ['小家电免费上门维修', 'repair', 0, true],
    ['常用药送药上门', 'health', 500, true],
    ['生鲜团购到社区', 'shopping', 0, false],
  ],
  charity: [
    ['独居老人陪伴探访', 'elderly', 0, true],
    ['四点半课堂', 'education', 0, false],
    ['爱心义剪', 'charity', 0, false],
  ],
  it: [
    ['宽带上门安装', 'digital', 10_000, true],
    ['智能门锁调试', 'digital', 3_000, true],
    ['老年人智能手机课', 'digital', 0, false],
  ],
};
const HOURS = ['周一至周五 9:00–17:00', '每周六 9:00–11:30', '每月第一个周三 14:30', '工作日 8:30–18:00'];
const UNITS = ['区税务局', '区人民医院', '第一实验小学', '区供电局', '区市场监管局', '国网营业厅'];
const ACTIVITY_KINDS: Record<string, string[]> = {
  party: ['主题党日', '党课联学'],
  civility: ['文明实践', '志愿服务'],
  service: ['便民服务日', '义诊'],
  stability: ['平安巡防', '反诈宣传'],
  environment: ['环境整治', '垃圾分类宣传'],
};
const PLAN_ITEMS: Record<string, string> = {
  party: '每季度联合开展一次主题党日',
  civility: '共建新时代文明实践点',
  service: '每月一次便民服务进社区',
  stability: '节假日联合平安巡防',
  environment: '每月一次环境卫生整治',
};

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * The demo's partners and five-joint pairings: per community two to four approved partners
 * (banks, shops, charities, IT firms) with one to three services each and a year of residents'
 * bookings (most done and rated, some cancelled or declined, the last weeks' still open); a few
 * pending and rejected applications; one or two pairings per community with a party organization
 * or a unit, this year's plan, last year's review and activities month by month. The `partner`
 * demo account is bound to the first community's first partner. Bulk inserts, a few per table.
 */
export async function loadPartners(
  db: Db,
  pii: Pii,
  options: { seed: number; now?: Date; photos?: DemoImage[] },
) {
  if (await repo.hasPartners(db)) return { partners: 0, bookings: 0, pairings: 0 };
  const now = (options.now ?? new Date()).getTime();
  const random = createRandom(options.seed + 33);
  const pick = <T>(items: readonly T[]) => items[randomInt(random, 0, items.length - 1)]!;
  const [district] = await districtAndStreets(db);
  if (!district) return { partners: 0, bookings: 0, pairings: 0 };
  const communities = await communitiesIn(db, district);
  const residents = await repo.residentAccounts(db);
  const byCommunity = new Map<string, typeof residents>();
  for (const r of residents) {
    const c = r.area_code.slice(0, 12);
    byCommunity.set(c, [...(byCommunity.get(c) ?? []), r]);
  }
  const phone = () =>
    `1${pick(['38', '39', '58', '86'])}${String(randomInt(random, 0, 99_999_999)).padStart(8, '0')}`;
  const contactPhone = phone();
  const contact = { enc: pii.encrypt(contactPhone), mask: maskPhone(contactPhone) };

  // Partners: approved ones (with services), and a few applications still pending or rejected.
  const partnerRows: Parameters<typeof insertPartners>[1] = [];
  const kinds: Kind[] = [];
  communities.forEach((c, i) => {
    const kindsHere = (['bank', 'shop', 'charity', 'it'] as Kind[]).slice(0, randomInt(random, 2, 4));
    for (const kind of kindsHere) {
      const appliedAt = new Date(now - randomInt(random, 300, 420) * DAY);
      partnerRows.push({
        name: pick(PARTNERS[kind]).replace('{c}', c.name),
        kind,
        area_code: c.code,
        contact_name: `${pick(['王', '李', '张', '刘', '陈'])}经理`,
        contact_phone_enc: contact.enc,
        contact_phone_mask: contact.mask,
        description: '助力社区“最后一百米”便民服务',
        state: 'approved',
        created_at: appliedAt,
        decided_at: new Date(appliedAt.getTime() + 3 * DAY),
      });
      kinds.push(kind);
    }
    if (i % 3 === 0)
      partnerRows.push({
        name: `${c.name}${pick(['家政服务社', '眼镜店', '培训学校'])}`,
        kind: 'shop',
        area_code: c.code,
        contact_name: '赵店长',
        contact_phone_enc: contact.enc,
        contact_phone_mask: contact.mask,
        state: i % 2 === 0 ? 'pending' : 'rejected',
        reason: i % 2 === 0 ? null : '营业执照信息与登记不符，请补充材料后重新申请',
        created_at: new Date(now - randomInt(random, 2, 20) * DAY),
      });
  });
  const partners = await insertPartners(db, partnerRows);
  const approved = partners.filter((_, i) => partnerRows[i]!.state === 'approved');

  // Services: one to three per approved partner, in its community or one of its grids.
  const serviceRows: Parameters<typeof insertServices>[1] = [];
  approved.forEach((p, i) => {
    const templates = SERVICES[kinds[i]!];
    for (const [name, kind, priceFen, home] of templates.slice(0, randomInt(random, 1, 3)))
      serviceRows.push({
        partner_id: p.id,
        name,
        kind,
        area_code: p.area_code,
        hours: pick(HOURS),
        price_fen: priceFen,
        capacity: randomInt(random, 8, 30) * 5,
        needs_contact: home,
        description: `${name}，预约后由工作人员电话或现场确认。`,
        created_at: new Date(now - randomInt(random, 250, 360) * DAY),
      });
  });
  const services = await insertServices(db, serviceRows);

  // A year of bookings: distinct residents per service; old ones done (mostly rated), cancelled
  // or declined; the last three weeks' booked or confirmed.
  const bookingRows: Parameters<typeof insertBookings>[1] = [];
  services.forEach((s, i) => {
    const community = serviceRows[i]!.area_code.slice(0, 12);
    const pool = byCommunity.get(community) ?? [];
    const n = Math.min(pool.length, randomInt(random, 3, 18), s.capacity);
    const start = randomInt(random, 0, Math.max(0, pool.length - n));
    for (const r of pool.slice(start, start + n)) {
      const created = now - randomInt(random, 1, 330) * DAY - randomInt(random, 0, 10) * 3_600_000;
      const recent = now - created < 21 * DAY;
      const roll = random();
      const state: BookingState = recent
        ? roll < 0.5
          ? 'booked'
          : 'confirmed'
        : roll < 0.8
          ? 'done'
          : roll < 0.92
            ? 'cancelled'
            : 'declined';
      const rated = state === 'done' && random() < 0.75;
      const ph = serviceRows[i]!.needs_contact ? phone() : null;
      bookingRows.push({
        service_id: s.id,
        partner_id: s.partner_id,
        resident_id: r.id,
        community_code: community,
        area_code: r.area_code,
        resident_name: r.display_name,
        phone_enc: ph ? pii.encrypt(ph) : null,
        phone_mask: ph ? maskPhone(ph) : null,
        state,
        reason: state === 'declined' ? '服务人员临时有事，已电话致歉' : null,
        rating: rated ? pick([3, 4, 4, 5, 5, 5]) : null,
        comment: rated ? pick(['很方便', '师傅很专业', '服务热情', '下次还来', null]) : null,
        rated_at: rated ? new Date(created + 5 * DAY) : null,
        confirmed_at: state === 'booked' || state === 'cancelled' ? null : new Date(created + DAY),
        done_at: state === 'done' ? new Date(created + 3 * DAY) : null,
        created_at: new Date(created),
        updated_at: new Date(created),
      });
    }
  });
  for (let i = 0; i < bookingRows.length; i += 2000) await insertBookings(db, bookingRows.slice(i, i + 2000));
  await repo.countBooked(db);

  // The demo's partner account serves the first partner of its community (the first one).
  const account = await repo.userOf(db, 'partner');
  const first = approved.find((p) => p.area_code === account?.area_code);
  if (account && first) await bindAccount(db, account.id, first.id);

  // Pairings: one or two per community, with a party organization above it or a unit.
  const orgs = await repo.partyOrgs(db);
  const year = new Date(now).getUTCFullYear();
  const pairingRows = communities.flatMap((c, i) => {
    const org =
      orgs.find((o) => c.code.startsWith(o.area_code) && o.area_code !== c.code) ??
      orgs[i % Math.max(1, orgs.length)];
    const rows = [
      org
        ? {
            community_code: c.code,
            unit_kind: 'party_org' as const,
            party_org_id: org.id,
            unit_name: org.name,
          }
        : { community_code: c.code, unit_kind: 'unit' as const, party_org_id: null, unit_name: pick(UNITS) },
    ];
    if (i % 2 === 0)
      rows.push({
        community_code: c.code,
        unit_kind: 'unit' as const,
        party_org_id: null,
        unit_name: UNITS[i % UNITS.length]!,
      });
    return rows.map((r) => ({
      ...r,
      agreement: `${r.unit_name}与${c.name}结对共建，在党建联建、文明联创、服务联办、平安联防、环境联治五个方面开展共建共治。`,
      signed_on: `${year - 1}-0${randomInt(random, 1, 6)}-15`,
    }));
  });
  const pairings = await insertPairings(db, pairingRows);
  const plans = pairings.flatMap((p) =>
    [year - 1, year].map((y) => ({
      pairing_id: p.id,
      year: y,
      items: JOINT_AREAS.map((area) => ({ area, item: PLAN_ITEMS[area]! })),
    })),
  );
  const reviews = pairings.map((p) => ({
    pairing_id: p.id,
    year: year - 1,
    summary: '全年按计划开展共建活动，居民参与度高；环境联治需进一步常态化。',
    scores: Object.fromEntries(JOINT_AREAS.map((a) => [a, randomInt(random, 3, 5)])),
  }));
  await insertYears(db, plans, reviews);
  const activities: Parameters<typeof insertActivities>[1] = [];
  for (const p of pairings) {
    for (let m = 11; m >= 0; m--) {
      if (random() < 0.25) continue;
      const area = pick(JOINT_AREAS);
      const kind = pick(ACTIVITY_KINDS[area]!);
      activities.push({
        pairing_id: p.id,
        held_on: iso(now - m * 30 * DAY - randomInt(random, 0, 20) * DAY),
        area,
        kind,
        title: `${kind}·${p.community_code.slice(-3)}`,
        participants: randomInt(random, 12, 80),
      });
    }
  }
  await insertActivities(db, activities);
  await repo.insertActivityPhotos(db, options.photos ?? []);
  return { partners: partners.length, bookings: bookingRows.length, pairings: pairings.length };
}
