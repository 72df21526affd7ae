import { createHash } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type {
  EnforcementEvidenceTable,
  EnforcementMattersTable,
  EnforcementStepsTable,
} from '../../db/types.ts';
import { type NewDomainEvent, recordEvents } from '../../platform/domain-events.ts';
import { jobsInsert, type NewJob } from '../../platform/jobs.ts';
import { loadCalendar } from '../cases/index.ts';
import {
  afterDays,
  afterWorkingDays,
  cstDay,
  DECISION_DAYS,
  DECISION_FINAL_EVENT,
  FILING_WORKING_DAYS,
  type MatterState,
  publicText,
  SERVICE_DAYS,
} from '../enforcement/index.ts';
import * as repo from './enforcement.repository.ts';
import { createRandom, randomInt } from './random.ts';

const DAY = 86_400_000;

/** Per community, the states its matters end in: every step of the procedure appears. */
const PLAN: MatterState[] = [
  'discovered',
  'discovered',
  'investigating',
  'investigating',
  'investigating',
  'notified',
  'notified',
  'hearing',
  'heard',
  'reviewing',
  'reviewed',
  'decided',
  'served',
  'served',
  'executed',
  'executed',
  'closed',
  'closed',
  'closed',
  'closed',
];

const VIOLATIONS = [
  {
    title: '店外经营占道',
    facts: '当事人在店铺门前人行道上摆放货架、桌椅经营，占用道路约6平方米',
    penalty: '责令改正，罚款人民币500元',
    basis: '《城市市容和环境卫生管理条例》第十七条',
  },
  {
    title: '擅自设置户外广告',
    facts: '当事人未经批准在建筑物外立面设置户外广告招牌一块，面积约8平方米',
    penalty: '责令限期拆除，罚款人民币2000元',
    basis: '《城市市容和环境卫生管理条例》第十一条',
  },
  {
    title: '违法建设',
    facts: '当事人未取得建设工程规划许可证，在楼顶平台搭建彩钢板房约40平方米',
    penalty: '责令限期拆除违法建筑，罚款人民币30000元',
    basis: '《中华人民共和国城乡规划法》第六十四条',
  },
  {
    title: '随意倾倒建筑垃圾',
    facts: '当事人在装修过程中将建筑垃圾倾倒于小区绿化带内',
    penalty: '责令清理，罚款人民币5000元',
    basis: '《城市建筑垃圾管理规定》第二十六条',
  },
];

const ORDER: MatterState[] = [
  'discovered',
  'investigating',
  'notified',
  'hearing',
  'heard',
  'reviewing',
  'reviewed',
  'decided',
  'served',
  'executed',
  'closed',
];
const reached = (final: MatterState, state: MatterState) => ORDER.indexOf(final) >= ORDER.indexOf(state);

/**
 * The demo's administrative enforcement: in the first two communities, matters at every step of
 * the procedure against their shops and companies (some from a street-order case), with evidence,
 * two major decisions that went through legal review, every decision published on time but one,
 * and the decisions' domain events. Three statements, whatever the number of matters.
 */
export async function loadEnforcement(db: Db, options: { seed: number; now?: Date }) {
  if (await repo.hasMatters(db)) return { matters: 0 };
  const random = createRandom(options.seed + 11);
  const now = options.now ?? new Date();
  const [orgs, people, calendar] = await Promise.all([
    repo.orgsForMatters(db, 2000),
    repo.officers(db),
    loadCalendar(db),
  ]);
  const officer = people.filter((p) => p.role === 'enforcement_officer');
  const reviewer = people.find((p) => p.role === 'legal_reviewer');
  if (officer.length < 2 || !reviewer) return { matters: 0 };
  const byCommunity = new Map<string, typeof orgs>();
  for (const org of orgs) {
    const key = org.grid_code.slice(0, 12);
    const list = byCommunity.get(key) ?? [];
    if (list.length < PLAN.length) list.push(org);
    byCommunity.set(key, list);
  }
  const chosen = [...byCommunity.values()].filter((l) => l.length === PLAN.length).slice(0, 2);
  const cases = await repo.casesInGrids(
    db,
    chosen.flat().map((o) => o.grid_code),
  );
  const matters: Insertable<EnforcementMattersTable>[] = [];
  const steps: Insertable<EnforcementStepsTable>[] = [];
  const evidence: Insertable<EnforcementEvidenceTable>[] = [];
  const events: NewDomainEvent[] = [];
  const jobs: NewJob[] = [];
  let serial = 0;
  let majors = 0;
  let overdueChosen = false;
  for (const community of chosen)
    community.forEach((org, i) => {
      const final = PLAN[i];
      serial += 1;
      const id = uuidOf(options.seed, serial);
      const v = VIOLATIONS[serial % VIOLATIONS.length];
      const kase = cases.find((c) => c.grid_code === org.grid_code && serial % 3 === 0);
      // Two decided majors in all (legal review done), and the matters waiting for review are major too.
      const major = final === 'reviewing' || final === 'reviewed' || (final === 'executed' && majors++ < 2);
      const dropped = final === 'closed' && i === PLAN.length - 1;
      // Days between the steps, then the whole run placed so that its last step is in the past.
      const gaps = {
        filed: randomInt(random, 2, 9),
        notified: randomInt(random, 15, 40),
        hearing: 3,
        heard: 10,
        review: 3,
        reviewed: 4,
        decided: randomInt(random, 3, 8),
        served: randomInt(random, 1, 5),
        executed: randomInt(random, 10, 20),
        closed: randomInt(random, 2, 6),
      };
      const lateFiling = final === 'discovered' && i === 0;
      const lateDecision = final === 'investigating' && i === 2;
      let t = 0;
      const at: Partial<Record<string, number>> = { discovered: 0 };
      const step = (name: keyof typeof gaps, state: MatterState) => {
        if (!reached(final, state)) return;
        t += gaps[name];
        at[name] = t;
      };
      step('filed', 'investigating');
      if (!dropped) {
        step('notified', 'notified');
        if (major || final === 'hearing' || final === 'heard') {
          step('hearing', 'hearing');
          step('heard', 'heard');
        }
        if (major) {
          step('review', 'reviewing');
          step('reviewed', 'reviewed');
        }
        step('decided', 'decided');
        step('served', 'served');
        step('executed', 'executed');
      }
      if (final === 'closed') step('closed', 'closed');
      // The first served decision is the one left unpublished past its limit.
      const unpublished = final === 'served' && !overdueChosen;
      if (unpublished) overdueChosen = true;
      const tail = lateFiling ? 25 : lateDecision ? 100 - t : unpublished ? 20 : randomInt(random, 2, 12);
      const start = now.getTime() - (t + tail) * DAY - randomInt(random, 0, 8) * 3_600_000;
      const when = (name: string) => (at[name] === undefined ? null : new Date(start + at[name]! * DAY));
      const discovered = new Date(start);
      const filed = when('filed');
      const decided = when('decided');
      const publicationDue = decided ? afterWorkingDays(calendar, decided, 7) : null;
      // The others are published two days after the decision (not yet, for the newest).
      const published =
        decided && !unpublished && decided.getTime() + 2 * DAY < now.getTime()
          ? new Date(decided.getTime() + 2 * DAY)
          : null;
      const filingDeadline = afterWorkingDays(calendar, discovered, FILING_WORKING_DAYS);
      const decisionDeadline = filed ? afterDays(filed, DECISION_DAYS) : null;
      const serviceDeadline = decided ? afterDays(decided, SERVICE_DAYS) : null;
      const state: MatterState = dropped ? 'closed' : final;
      const stepDeadline =
        state === 'discovered'
          ? filingDeadline
          : decided
            ? state === 'decided'
              ? serviceDeadline
              : null
            : state === 'closed'
              ? null
              : decisionDeadline;
      const documentNumber = decided
        ? `深南执罚〔${cstDay(decided).slice(0, 4)}〕${String(serial).padStart(4, '0')}号`
        : null;
      const row = {
        id,
        number: `ZF${cstDay(discovered).slice(0, 4)}${String(serial).padStart(6, '0')}`,
        state,
        grid_code: org.grid_code,
        case_id: kase?.id ?? null,
        case_number: kase?.number ?? null,
        title: `${org.name}${v.title}`,
        facts: v.facts,
        address: org.address,
        party_kind: 'org' as const,
        org_id: org.id,
        party_name: org.name,
        major,
        discovered_at: discovered,
        filing_deadline: filingDeadline,
        filed_at: filed,
        decision_deadline: decisionDeadline,
        hearing_requested: at.hearing !== undefined,
        review_opinion: at.reviewed !== undefined ? '事实清楚，证据确凿，适用法律正确，程序合法，同意' : null,
        reviewed_by: at.reviewed !== undefined ? reviewer.display_name : null,
        reviewed_at: when('reviewed'),
        penalty: at.notified !== undefined ? v.penalty : null,
        legal_basis: at.notified !== undefined ? v.basis : null,
        document_number: documentNumber,
        decided_at: decided,
        service_deadline: serviceDeadline,
        served_at: when('served'),
        executed_at: when('executed'),
        closed_at: when('closed'),
        outcome: dropped ? 'no_penalty' : decided ? 'penalized' : null,
        publication_due: publicationDue,
        published_at: published,
        public_text:
          published && decided
            ? JSON.stringify(
                publicText({
                  party_kind: 'org',
                  party_name: org.name,
                  credit_code: org.credit_code,
                  title: `${org.name}${v.title}`,
                  facts: v.facts,
                  penalty: v.penalty,
                  legal_basis: v.basis,
                  document_number: documentNumber,
                  decided_on: cstDay(decided),
                }),
              )
            : null,
        step_started_at: new Date(start + t * DAY),
        step_deadline: stepDeadline,
        alarm: stepDeadline && stepDeadline < now ? ('red' as const) : null,
        version: Object.keys(at).length,
        created_by: officer[0].id,
        created_at: discovered,
      };
      matters.push(row);
      if (stepDeadline && stepDeadline > now) {
        const from = state === 'discovered' ? discovered : (decided ?? filed ?? discovered);
        jobs.push({
          kind: 'enforcement.alarm',
          key: id,
          runAt: new Date(from.getTime() + 0.8 * (stepDeadline.getTime() - from.getTime())),
          payload: { matterId: id, deadline: stepDeadline.toISOString(), level: 'yellow' },
        });
      }
      const [a, b] = serial % 2 ? [officer[0], officer[1]] : [officer[1], officer[0]];
      const log = (
        move: string,
        name: string,
        s: MatterState,
        onSite = false,
        note: string | null = null,
      ) => {
        const time = when(name);
        if (time)
          steps.push({
            matter_id: id,
            move,
            state: s,
            acted_at: time,
            actor_id: move === 'approve' ? reviewer.id : a.id,
            actor_name: move === 'approve' ? reviewer.display_name : a.display_name,
            second_officer_id: onSite ? b.id : null,
            second_officer_name: onSite ? b.display_name : null,
            note,
            data: '{}',
          });
      };
      log('open', 'discovered', 'discovered', false, kase ? `case ${kase.number}` : null);
      log('file', 'filed', 'investigating');
      if (dropped)
        log('drop', 'closed', 'closed', false, '经调查，当事人已自行改正，违法行为轻微，依法不予处罚');
      log('notify', 'notified', 'notified');
      log('request_hearing', 'hearing', 'hearing');
      log('hold_hearing', 'heard', 'heard', true);
      log('submit_review', 'review', 'reviewing');
      log('approve', 'reviewed', 'reviewed', false, row.review_opinion);
      log('decide', 'decided', 'decided');
      log('serve', 'served', 'served', true);
      log('execute', 'executed', 'executed', true);
      if (!dropped) log('close', 'closed', 'closed');
      if (filed && reached(final, 'investigating')) {
        const taken = new Date(Math.min(filed.getTime() + DAY, now.getTime() - 3_600_000));
        const items: Array<[EnforcementEvidenceTable['kind'], string, string | null]> = [
          ['photo', '现场照片', 'image/jpeg'],
          ['note', '现场检查笔录', null],
          ['document', '询问笔录', 'application/pdf'],
        ];
        for (const [k, [kind, title, type]] of items.entries())
          evidence.push({
            matter_id: id,
            seq: k + 1,
            kind,
            title,
            file_name: type ? `${title}.${type === 'image/jpeg' ? 'jpg' : 'pdf'}` : null,
            content_type: type,
            size: type ? randomInt(random, 80_000, 900_000) : 0,
            sha256: createHash('sha256').update(`${id}/${k}`).digest('hex'),
            note: kind === 'note' ? `${v.facts}，当事人在场。` : null,
            taken_at: taken,
            location: org.address ?? org.grid_code,
            officer_id: a.id,
            officer_name: a.display_name,
            second_officer_id: kind === 'photo' ? b.id : null,
            second_officer_name: kind === 'photo' ? b.display_name : null,
            recorded_at: taken,
          });
      }
      if (decided)
        events.push({
          kind: DECISION_FINAL_EVENT,
          subjectType: 'org',
          subjectId: org.id,
          areaCode: org.grid_code,
          occurredAt: decided,
          payload: {
            creditCode: org.credit_code,
            orgName: org.name,
            documentNumber: documentNumber!,
            decidedOn: cstDay(decided),
            penalty: v.penalty,
            legalBasis: v.basis,
            major,
            matterId: id,
          },
        });
    });
  if (matters.length === 0) return { matters: 0 };
  await repo.insertAll(db, matters, steps, evidence);
  await recordEvents(db, events);
  if (jobs.length) await jobsInsert(jobs).execute(db);
  return { matters: matters.length };
}

/** A deterministic UUID (v4 layout) per demo matter. */
function uuidOf(seed: number, serial: number): string {
  const hex = createHash('sha256').update(`enforcement/${seed}/${serial}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
