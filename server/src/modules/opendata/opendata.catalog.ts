import type { Db } from '../../db/database.ts';
import type { OpendataField } from '../../db/types.ts';
import { ORG_KINDS, THING_CATEGORIES } from '../registry/index.ts';
import { type CountTable, cellKey, protect, protectedRate, TOTAL } from './disclosure.ts';
import * as src from './opendata.sources.ts';

/**
 * The datasets: each a query over CivicGrid's data, with its DCAT metadata. A built table is
 * what gets published: aggregates already protected (see disclosure.ts), places only where the
 * records are places (components, organizations), never a person.
 */

export type Row = Record<string, string | number | boolean | null>;
export interface Built {
  rows: Row[];
  suppressed: number;
}
export interface DatasetDef {
  name: string;
  title: { zh: string; en: string };
  description: { zh: string; en: string };
  theme: string;
  keywords: string[];
  frequency: 'daily' | 'weekly' | 'monthly';
  access: 'public' | 'restricted';
  fields: OpendataField[];
  /** Fields holding WGS84 coordinates: the dataset is also offered as GeoJSON. */
  geo?: { lon: string; lat: string };
  /** For the chart on the portal: a category field and a value field. */
  chart?: { category: string; value: string; where?: Record<string, string> };
  build(db: Db, ctx: BuildContext): Promise<Built>;
}
export interface BuildContext {
  k: number;
  asOf: string;
  now: Date;
}

const f = (name: string, type: OpendataField['type'], title: string, titleEn: string): OpendataField => ({
  name,
  type,
  title,
  titleEn,
});

const AREA_FIELDS = [
  f('area_code', 'string', '区划代码', 'Area code'),
  f('area_name', 'string', '区域名称', 'Area name'),
  f('area_level', 'string', '区域层级', 'Area level'),
];
const LEVELS = ['district', 'street', 'community', 'grid'] as const;

/**
 * Counts per area (grid → community → street → district) and category, protected together:
 * published levels are a subset of those protected, so a coarser dataset can never be
 * differenced against a finer one to reveal what the finer one hides.
 */
async function areaCounts(
  db: Db,
  counts: { grid_code: string; category: string; count: number }[],
  categories: string[],
  levels: readonly string[],
  k: number,
  column: string,
  valueColumn: string,
): Promise<Built> {
  const areas = await src.activeAreas(db);
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const value = new Map<string, number>();
  const add = (area: string, category: string, n: number) => {
    value.set(cellKey(area, category), (value.get(cellKey(area, category)) ?? 0) + n);
  };
  for (const c of counts) {
    for (let code: string | null = c.grid_code; code; code = byCode.get(code)?.parent_code ?? null) {
      add(code, c.category, c.count);
      add(code, TOTAL, c.count);
    }
  }
  // Areas nobody lives in are left out: an empty area tells nothing about anyone.
  const parents = new Map<string, string | null>();
  for (const a of areas) if ((value.get(cellKey(a.code, TOTAL)) ?? 0) > 0) parents.set(a.code, a.parent_code);
  const table: CountTable = {
    parents,
    categories,
    count: (area, category) => value.get(cellKey(area, category)) ?? 0,
  };
  const { suppressed } = protect(table, k);
  const rows: Row[] = [];
  let hidden = 0;
  for (const code of parents.keys()) {
    const area = byCode.get(code)!;
    if (!levels.includes(area.level)) continue;
    for (const category of [...categories, TOTAL]) {
      const key = cellKey(code, category);
      const isHidden = suppressed.has(key);
      if (isHidden) hidden++;
      rows.push({
        area_code: code,
        area_name: area.name,
        area_level: area.level,
        [column]: category === TOTAL ? 'total' : category,
        [valueColumn]: isHidden ? null : table.count(code, category),
      });
    }
  }
  return { rows, suppressed: hidden };
}

const AGE_BANDS = ['0-14', '15-59', '60-79', '80+'];
const population = (levels: readonly string[]) => async (db: Db, ctx: BuildContext) => {
  const counts = await src.populationByGridBand(db, ctx.asOf);
  return areaCounts(
    db,
    counts.map((c) => ({ grid_code: c.grid_code, category: c.band, count: c.count })),
    AGE_BANDS,
    levels,
    ctx.k,
    'age_band',
    'population',
  );
};

const USAGES = ['own_occupied', 'rented', 'vacant', 'commercial'];

/**
 * The last guard on free text (a notice's body, a question and its answer, a decision's facts):
 * whatever still looks like an ID number or a phone number is blanked. The owning modules mask
 * these already (questions when asked, decisions when published); a notice is written by staff
 * and not masked at all.
 */
export function redact(text: string | null): string {
  if (!text) return '';
  return text
    .replace(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, '******************')
    .replace(/(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g, '***********')
    .replace(/(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g, '************');
}

/** A day in China Standard Time. */
const cstDay = (at: Date | string) =>
  new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const communityOf = (code: string | null) => (code && code.length >= 12 ? code.slice(0, 12) : null);

const LICENCE = 'https://creativecommons.org/licenses/by/4.0/';
export const LICENCE_TITLE = 'CC-BY-4.0';

export const DATASETS: DatasetDef[] = [
  {
    name: 'population-by-area-age',
    title: { zh: '各社区人口（按年龄段）', en: 'Population by community and age band' },
    description: {
      zh: '区、街道、社区三级的实有人口数，按年龄段分组；小于阈值的数及可据以推算的数已隐去。',
      en: 'Residents per district, street and community by age band; counts below the threshold, and those that would reveal them, are withheld.',
    },
    theme: 'SOCI',
    keywords: ['人口', 'population', '年龄', 'age'],
    frequency: 'monthly',
    access: 'public',
    fields: [
      ...AREA_FIELDS,
      f('age_band', 'string', '年龄段', 'Age band'),
      f('population', 'integer', '人口数', 'Population'),
    ],
    chart: {
      category: 'area_name',
      value: 'population',
      where: { age_band: 'total', area_level: 'community' },
    },
    build: population(LEVELS.slice(0, 3)),
  },
  {
    name: 'population-by-grid-age',
    title: { zh: '各网格人口（按年龄段，受限）', en: 'Population by grid and age band (restricted)' },
    description: {
      zh: '网格一级的实有人口数，供经批准的研究使用（需合作方密钥）；与社区数据集同一套隐去规则。',
      en: 'Residents per grid by age band, for approved research (partner key needed); protected together with the community dataset.',
    },
    theme: 'SOCI',
    keywords: ['人口', 'population', '网格', 'grid'],
    frequency: 'monthly',
    access: 'restricted',
    fields: [
      ...AREA_FIELDS,
      f('age_band', 'string', '年龄段', 'Age band'),
      f('population', 'integer', '人口数', 'Population'),
    ],
    build: population(LEVELS),
  },
  {
    name: 'houses-by-community-usage',
    title: { zh: '各社区房屋（按用途）', en: 'Houses by community and usage' },
    description: {
      zh: '区、街道、社区三级的房屋数，按自住、出租、空置、商用分组；小数已隐去。',
      en: 'Houses per district, street and community by usage (own-occupied, rented, vacant, commercial); small counts withheld.',
    },
    theme: 'ECON',
    keywords: ['房屋', 'houses', '出租', 'rented'],
    frequency: 'monthly',
    access: 'public',
    fields: [
      ...AREA_FIELDS,
      f('usage', 'string', '用途', 'Usage'),
      f('houses', 'integer', '房屋数', 'Houses'),
    ],
    chart: { category: 'usage', value: 'houses', where: { area_level: 'district' } },
    build: async (db, ctx) =>
      areaCounts(
        db,
        (await src.housesByGridUsage(db)).map((c) => ({
          grid_code: c.grid_code,
          category: c.usage,
          count: c.count,
        })),
        USAGES,
        LEVELS.slice(0, 3),
        ctx.k,
        'usage',
        'houses',
      ),
  },
  {
    name: 'cases-by-category-month',
    title: { zh: '事件数（按类别和月份）', en: 'Cases by category and month' },
    description: {
      zh: '近 12 个月受理的事件数，按大类和月份统计；小数已隐去。',
      en: 'Cases reported in the last 12 months by top-level category and month; small counts withheld.',
    },
    theme: 'GOVE',
    keywords: ['事件', 'cases', '12345'],
    frequency: 'daily',
    access: 'public',
    fields: [
      f('month', 'string', '月份', 'Month'),
      f('category_code', 'string', '类别代码', 'Category code'),
      f('category_name', 'string', '类别', 'Category'),
      f('cases', 'integer', '事件数', 'Cases'),
    ],
    chart: { category: 'month', value: 'cases', where: { category_code: 'total' } },
    build: async (db, ctx) => {
      const since = new Date(ctx.now.getTime() - 365 * 86_400_000);
      const [counts, categories] = await Promise.all([
        src.casesByCategoryMonth(db, since),
        src.topCategories(db),
      ]);
      const value = new Map<string, number>();
      const parents = new Map<string, string | null>([[TOTAL, null]]);
      for (const c of counts) {
        parents.set(c.month, TOTAL);
        for (const m of [c.month, TOTAL])
          for (const cat of [c.category, TOTAL])
            value.set(cellKey(m, cat), (value.get(cellKey(m, cat)) ?? 0) + c.count);
      }
      const codes = categories.map((c) => c.code);
      const { suppressed } = protect(
        { parents, categories: codes, count: (m, c) => value.get(cellKey(m, c)) ?? 0 },
        ctx.k,
      );
      const names = new Map(categories.map((c) => [c.code, c.name_zh]));
      const rows: Row[] = [];
      for (const month of [...parents.keys()].sort())
        for (const code of [...codes, TOTAL])
          rows.push({
            month: month === TOTAL ? 'total' : month,
            category_code: code === TOTAL ? 'total' : code,
            category_name: code === TOTAL ? '合计' : names.get(code)!,
            cases: suppressed.has(cellKey(month, code)) ? null : (value.get(cellKey(month, code)) ?? 0),
          });
      return { rows, suppressed: suppressed.size };
    },
  },
  {
    name: 'department-performance',
    title: { zh: '部门按时办结率与满意率', en: 'Departments: on-time and satisfaction rates' },
    description: {
      zh: '各部门办理环节的按时办结率和结案事件的满意率（4、5 分）；样本少于阈值的比率不公布。',
      en: "Each department's share of steps finished on time and of closed cases rated satisfied (4 or 5); rates over fewer than the threshold are withheld.",
    },
    theme: 'GOVE',
    keywords: ['部门', 'departments', '满意率', 'satisfaction'],
    frequency: 'daily',
    access: 'public',
    fields: [
      f('department_code', 'string', '部门代码', 'Department code'),
      f('department_name', 'string', '部门', 'Department'),
      f('steps_finished', 'integer', '办结环节数', 'Steps finished'),
      f('on_time_rate', 'number', '按时办结率', 'On-time rate'),
      f('cases_rated', 'integer', '评价事件数', 'Cases rated'),
      f('satisfaction_rate', 'number', '满意率', 'Satisfaction rate'),
    ],
    chart: { category: 'department_name', value: 'on_time_rate' },
    build: async (db, ctx) => {
      const rows = (await src.departmentPerformance(db)).map((d) => ({
        department_code: d.code,
        department_name: d.name_zh,
        steps_finished: d.finished,
        on_time_rate: protectedRate(d.on_time, d.finished, ctx.k),
        cases_rated: d.rated,
        satisfaction_rate: protectedRate(d.satisfied, d.rated, ctx.k),
      }));
      const suppressed = rows.filter((r) => r.on_time_rate === null || r.satisfaction_rate === null).length;
      return { rows, suppressed };
    },
  },
  {
    name: 'urban-components',
    title: { zh: '城市部件', en: 'Urban components' },
    description: {
      zh: '井盖、路灯、消防栓等城市部件的位置与状态。',
      en: 'Location and state of manhole covers, street lights, hydrants and other urban components.',
    },
    theme: 'TRAN',
    keywords: ['部件', 'components', '地图', 'map'],
    frequency: 'weekly',
    access: 'public',
    fields: [
      f('id', 'string', '编号', 'ID'),
      f('category', 'string', '类别', 'Category'),
      f('category_name', 'string', '类别名称', 'Category name'),
      f('name', 'string', '名称', 'Name'),
      f('state', 'string', '状态', 'State'),
      f('grid_code', 'string', '网格', 'Grid'),
      f('lon', 'number', '经度', 'Longitude'),
      f('lat', 'number', '纬度', 'Latitude'),
    ],
    geo: { lon: 'lon', lat: 'lat' },
    chart: { category: 'state', value: '' },
    build: async (db) => {
      const names = new Map(THING_CATEGORIES.map((c) => [c.code, c.zh]));
      const rows = (await src.components(db)).map((t) => ({
        id: t.id,
        category: t.category,
        category_name: names.get(t.category) ?? t.category,
        name: t.name,
        state: t.state,
        grid_code: t.grid_code,
        lon: t.lon,
        lat: t.lat,
      }));
      return { rows, suppressed: 0 };
    },
  },
  {
    name: 'organizations',
    title: { zh: '商铺与单位', en: 'Shops and organizations' },
    description: {
      zh: '辖区内商铺、企业和社会组织的名称、统一社会信用代码与地址（不含负责人和联系电话）。',
      en: 'Names, credit codes and addresses of shops, enterprises and social organizations (no responsible person, no phone).',
    },
    theme: 'ECON',
    keywords: ['商铺', 'shops', '企业', 'organizations'],
    frequency: 'weekly',
    access: 'public',
    fields: [
      f('id', 'string', '编号', 'ID'),
      f('kind', 'string', '类型', 'Kind'),
      f('kind_name', 'string', '类型名称', 'Kind name'),
      f('name', 'string', '名称', 'Name'),
      f('credit_code', 'string', '统一社会信用代码', 'Credit code'),
      f('address', 'string', '地址', 'Address'),
      f('grid_code', 'string', '网格', 'Grid'),
      f('lon', 'number', '经度', 'Longitude'),
      f('lat', 'number', '纬度', 'Latitude'),
    ],
    geo: { lon: 'lon', lat: 'lat' },
    chart: { category: 'kind_name', value: '' },
    build: async (db) => {
      const kinds = new Map(ORG_KINDS.map((k) => [k.code, k.zh]));
      const rows = (await src.organizations(db)).map((o) => ({
        id: o.id,
        kind: o.kind,
        kind_name: kinds.get(o.kind) ?? o.kind,
        name: o.name,
        credit_code: o.credit_code,
        address: o.address,
        grid_code: o.grid_code,
        lon: o.lon,
        lat: o.lat,
      }));
      return { rows, suppressed: 0 };
    },
  },

  {
    name: 'public-notices',
    title: { zh: '公开通知公告', en: 'Public notices' },
    description: {
      zh: '社区、街道和区发布的公开通知公告（含已过期的），不含发布人；正文中形似身份证号、电话号码的内容已隐去。',
      en: 'Public notices of the communities, streets and district (expired ones too), without their authors; anything in a body that looks like an ID or phone number is blanked.',
    },
    theme: 'GOVE',
    keywords: ['通知', 'notices', '公告', 'announcements'],
    frequency: 'daily',
    access: 'public',
    fields: [
      f('id', 'string', '编号', 'ID'),
      f('title', 'string', '标题', 'Title'),
      f('body', 'string', '正文', 'Body'),
      f('area_codes', 'string', '发布范围（区划代码）', 'Addressed to (area codes)'),
      f('important', 'boolean', '重要', 'Important'),
      f('published_on', 'date', '发布日期', 'Published on'),
      f('expires_on', 'date', '截止日期', 'Expires on'),
    ],
    build: async (db) => {
      const rows = (await src.publishedPublicNotices(db)).map((n) => ({
        id: n.id,
        title: redact(n.title),
        body: redact(n.body),
        area_codes: n.area_codes.join(';'),
        important: n.important,
        published_on: cstDay(n.published_at),
        expires_on: n.expires_at ? cstDay(n.expires_at) : null,
      }));
      return { rows, suppressed: 0 };
    },
  },
  {
    name: 'answered-questions',
    title: { zh: '群众问政答复', en: 'Answered public questions' },
    description: {
      zh: '居民公开提出并已答复的问题：问题（提问时已遮蔽个人信息）、答复、答复单位或代表类别、是否按时、评价；不含提问人的任何信息。',
      en: "Residents' public questions that were answered: the question (personal data masked when asked), the answer, the answering department or a deputy, on time or not, the rating; nothing about the asker.",
    },
    theme: 'GOVE',
    keywords: ['问政', 'questions', '答复', 'answers'],
    frequency: 'daily',
    access: 'public',
    fields: [
      f('number', 'string', '编号', 'Number'),
      f('community_code', 'string', '社区代码', 'Community code'),
      f('community_name', 'string', '社区', 'Community'),
      f('answerer_kind', 'string', '答复方类别', 'Answerer kind'),
      f('answerer', 'string', '答复方', 'Answerer'),
      f('question', 'string', '问题', 'Question'),
      f('asked_on', 'date', '提问日期', 'Asked on'),
      f('answer', 'string', '答复', 'Answer'),
      f('answered_on', 'date', '答复日期', 'Answered on'),
      f('answered_on_time', 'boolean', '按时答复', 'Answered on time'),
      f('rating', 'integer', '评价（1–5）', 'Rating (1–5)'),
      f('followers', 'integer', '关注人数', 'Followers'),
    ],
    chart: { category: 'answerer', value: '' },
    build: async (db) => {
      const [questions, areas, departments] = await Promise.all([
        src.answeredPublicQuestions(db),
        src.activeAreas(db),
        src.departmentPerformance(db),
      ]);
      const areaName = new Map(areas.map((a) => [a.code, a.name]));
      const departmentName = new Map(departments.map((d) => [d.code, d.name_zh]));
      const rows = questions.map((q) => ({
        number: q.number,
        community_code: q.community_code,
        community_name: areaName.get(q.community_code) ?? null,
        answerer_kind: q.answerer_kind,
        // A department or a homeowners' committee by its name; a deputy is a person: named on the portal's own pages, not in
        // a bulk file that anyone may join with other data.
        answerer:
          q.answerer_kind === 'department'
            ? (departmentName.get(q.department_code ?? '') ?? q.department_code)
            : q.answerer_kind === 'committee'
              ? q.committee_name
              : '代表',
        question: redact(q.text),
        asked_on: cstDay(q.asked_at),
        answer: redact(q.answer_text),
        answered_on: q.answered_at ? cstDay(q.answered_at) : null,
        answered_on_time: q.answered_on_time,
        rating: q.rating,
        followers: q.follower_count,
      }));
      return { rows, suppressed: 0 };
    },
  },
  {
    name: 'enforcement-decisions',
    title: { zh: '行政处罚决定公示', en: 'Published enforcement decisions' },
    description: {
      zh: '已公示的行政处罚决定，文字与公示时一致：单位以名称和统一社会信用代码列示，个人仅记为“个人”，不列地址。',
      en: 'Published penalty decisions, in the words frozen at publication: an organization by its name and credit code, a natural person as "个人" only and without a place.',
    },
    theme: 'JUST',
    keywords: ['行政处罚', 'penalties', '执法', 'enforcement'],
    frequency: 'daily',
    access: 'public',
    fields: [
      f('document_number', 'string', '决定书文号', 'Document number'),
      f('decided_on', 'date', '决定日期', 'Decided on'),
      f('party', 'string', '当事人', 'Party'),
      f('credit_code', 'string', '统一社会信用代码', 'Credit code'),
      f('title', 'string', '案由', 'Matter'),
      f('facts', 'string', '违法事实', 'Facts'),
      f('penalty', 'string', '处罚内容', 'Penalty'),
      f('legal_basis', 'string', '处罚依据', 'Legal basis'),
      f('community_code', 'string', '社区代码', 'Community code'),
      f('published_on', 'date', '公示日期', 'Published on'),
    ],
    build: async (db) => {
      const rows = (await src.publishedDecisions(db)).map((d) => {
        const person = d.creditCode === null && d.party === '个人';
        return {
          document_number: d.documentNumber,
          decided_on: d.decidedOn,
          party: d.party,
          credit_code: d.creditCode,
          title: redact(d.title),
          facts: redact(d.facts),
          penalty: redact(d.penalty),
          legal_basis: d.legalBasis,
          community_code: person ? null : communityOf(d.gridCode),
          published_on: cstDay(d.publishedAt),
        };
      });
      return { rows, suppressed: 0 };
    },
  },
  {
    name: 'committee-statements',
    title: { zh: '业委会财务公开', en: "Homeowners' committees' statements" },
    description: {
      zh: '业主委员会按期公开的收支明细（当前公开版本）：小区、期间、版本、期初期末余额、收支类别、金额（分）与日期；不含交易对方、摘要和发布人。',
      en: "The income and expense lines homeowners' committees publish per period (current revisions): estate, period, revision, opening and closing balance, category, amount in fen and date; no counterparty, description or publisher.",
    },
    theme: 'GOVE',
    keywords: ['业委会', 'homeowners committee', '财务公开', 'financial disclosure'],
    frequency: 'daily',
    access: 'public',
    fields: [
      f('estate', 'string', '小区', 'Estate'),
      f('community_code', 'string', '社区代码', 'Community code'),
      f('period', 'string', '期间', 'Period'),
      f('revision', 'integer', '版本', 'Revision'),
      f('published_on', 'date', '公开日期', 'Published on'),
      f('opening_balance_fen', 'integer', '期初余额（分）', 'Opening balance (fen)'),
      f('closing_balance_fen', 'integer', '期末余额（分）', 'Closing balance (fen)'),
      f('direction', 'string', '收支', 'Income or expense'),
      f('category', 'string', '类别', 'Category'),
      f('amount_fen', 'integer', '金额（分）', 'Amount (fen)'),
      f('occurred_on', 'date', '发生日期', 'Occurred on'),
    ],
    build: async (db) => {
      const rows = (await src.committeeStatementLines(db)).map((l) => ({
        estate: l.estateName,
        community_code: l.communityCode,
        period: l.period,
        revision: l.revision,
        published_on: cstDay(l.publishedAt),
        opening_balance_fen: l.openingBalance,
        closing_balance_fen: l.closingBalance,
        direction: l.direction,
        category: l.category,
        amount_fen: l.amount,
        occurred_on: l.occurredOn,
      }));
      return { rows, suppressed: 0 };
    },
  },
];

export const LICENCE_URL = LICENCE;

export function datasetDef(name: string): DatasetDef | undefined {
  return DATASETS.find((d) => d.name === name);
}
