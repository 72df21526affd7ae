/**
 * Sample department ledgers for trying an import against the demo district: the same seed gives
 * the same files, and they describe the same people, organizations and components the demo
 * registry holds (regenerated from the seed with the demo's own generator, no database needed),
 * with the changes and defects real ledgers bring, at known rates.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Worksheet } from 'exceljs';
import { excel } from '../../platform/exceljs.ts';
import { encodeGb18030 } from '../ledgers/index.ts';
import { creditCheckChar, idCheckChar, ORG_KINDS, THING_CATEGORIES } from '../registry/index.ts';
import { writeAbnormalListSample } from './abnormal-list.sample.ts';
import { generateAreas } from './areas.generator.ts';
import { personName } from './people.ts';
import { type DemoOrg, type DemoPerson, type DemoThing, generatePopulation } from './population.generator.ts';
import { createRandom, hashSeed, type Random, randomInt } from './random.ts';

export interface SampleLedger {
  file: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' | null;
  /** Data rows per sheet (header and title rows not counted). */
  sheets: { name: string; rows: number }[];
  rows: number;
  /** Rows planted with each defect or change (e.g. `wrong_check_digit`, `changed_phone`, `new_record`). */
  defects: Record<string, number>;
}

type Row = (string | number | Date)[];

interface Resident extends DemoPerson {
  address: string;
}

/** What the demo generator gives, sampled: about `target` of each kind across the whole district. */
interface Source {
  registered: Resident[];
  /** Non-registered residents of the first two streets, by street name. */
  floating: Map<string, Resident[]>;
  lowIncome: Resident[];
  orgs: DemoOrg[];
  things: DemoThing[];
  districtCode: string;
  ids: Set<string>;
  addresses: string[];
}

function collect(seed: number): Source {
  const areas = generateAreas({ seed, scale: 'district' });
  const names = new Map(areas.map((a) => [a.code, a.name]));
  const district = areas.find((a) => a.level === 'district')!;
  const streets = areas.filter((a) => a.level === 'street').slice(0, 2);
  const grids = areas
    .filter((a) => a.level === 'grid')
    .map((a) => ({
      code: a.code,
      boundary: a.boundary,
      households: a.households ?? 300,
      population: a.population,
    }));
  const random = createRandom(hashSeed(seed, 0x6c656467));
  const source: Source = {
    registered: [],
    floating: new Map(streets.map((s) => [s.name, []])),
    lowIncome: [],
    orgs: [],
    things: [],
    districtCode: district.code,
    ids: new Set(),
    addresses: [],
  };
  for (const grid of generatePopulation({ seed, grids, areas })) {
    const buildings = new Map(grid.buildings.map((b) => [b.key, b.address]));
    // The registry's address of a house: building address, a space, the room.
    const houses = new Map(grid.houses.map((h) => [h.key, `${buildings.get(h.buildingKey)} ${h.room}`]));
    const street = names.get(`${grid.gridCode.slice(0, 9)}000`) ?? '';
    for (const person of grid.people) {
      source.ids.add(person.idNumber);
      const resident = { ...person, address: houses.get(person.houseKey)! };
      if (random() < 0.002) source.addresses.push(resident.address);
      if (person.tags.includes('low_income')) source.lowIncome.push(resident);
      if (person.residency === 'registered' && random() < 0.0125) source.registered.push(resident);
      if (person.residency === 'non_registered' && source.floating.has(street) && random() < 0.12)
        source.floating.get(street)!.push(resident);
    }
    for (const org of grid.orgs) if (org.creditCode) source.orgs.push(org);
    for (const thing of grid.things) if (random() < 0.15) source.things.push(thing);
  }
  return source;
}

/** Counts what is planted; one draw per row picks at most one defect among `rates`. */
class Planter {
  readonly counts: Record<string, number> = {};
  constructor(private readonly random: Random) {}
  pick<T extends string>(rates: [T, number][]): T | null {
    let r = this.random();
    for (const [code, rate] of rates) {
      if (r < rate) {
        this.counts[code] = (this.counts[code] ?? 0) + 1;
        return code;
      }
      r -= rate;
    }
    return null;
  }
  /** The row could not take the defect drawn after all. */
  undo(code: string) {
    this.counts[code]--;
    if (this.counts[code] === 0) delete this.counts[code];
  }
}

const fullWidth = (s: string) =>
  s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const sexOf = (id: string) => (Number(id[16]) % 2 === 1 ? '男' : '女');
const birthOf = (id: string) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
const serialOf = (iso: string) =>
  Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000 + 25569;

/** A date as clerks type it: mostly ISO, otherwise one of four other ways (or, in XLSX, a date cell or serial). */
function typedDate(random: Random, iso: string, xlsx: boolean): string | number | Date {
  const [y, m, d] = [iso.slice(0, 4), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
  const r = random();
  if (xlsx && r < 0.4) return new Date(`${iso}T00:00:00Z`);
  if (xlsx && r < 0.5) return serialOf(iso);
  if (r < 0.7) return iso;
  if (r < 0.8) return `${y}/${m}/${d}`;
  if (r < 0.88) return `${y}年${m}月${d}日`;
  if (r < 0.95) return iso.replaceAll('-', '');
  return `${d}/${m}/${y}`;
}

function wrongCheck(id: string): string {
  const right = id[17];
  const chars = '0123456789X'.replace(right, '');
  return id.slice(0, 17) + chars[(Number(id[10]) + Number(id[13])) % chars.length];
}

function newPhone(random: Random): string {
  return `1${randomInt(random, 3, 9)}${String(randomInt(random, 0, 999_999_999)).padStart(9, '0')}`;
}

function newIdNumber(random: Random, ids: Set<string>, region: string): string {
  for (;;) {
    const birth = new Date(
      Date.UTC(randomInt(random, 1950, 2005), randomInt(random, 0, 11), randomInt(random, 1, 28)),
    );
    const date = birth.toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = `${region}${date}${String(randomInt(random, 0, 999)).padStart(3, '0')}`;
    const id = first17 + idCheckChar(first17);
    if (!ids.has(id)) {
      ids.add(id);
      return id;
    }
  }
}

const OUTSIDE = [
  '广州市天河区体育西路 191 号 3 栋 1201',
  '东莞市南城区鸿福路 88 号 2 栋 502',
  '深圳市福田区深南大道 6008 号 1 栋 903',
];

/** People rows with the defects of a police or civil-affairs export. `xlsx` allows numeric ID cells and date cells. */
function personRows(
  random: Random,
  planter: Planter,
  people: Resident[],
  source: Source,
  xlsx: boolean,
  build: (p: {
    name: string;
    id: string | number;
    sex: string;
    birth: string | number | Date;
    phone: string;
    address: string;
    residency: string;
    moveIn: string | number | Date;
    person: Resident;
  }) => Row,
  /** The code of the residency column, or null when the ledger has none. */
  residency: ((p: Resident) => string) | null,
): Row[] {
  const rows: Row[] = [];
  for (const person of people) {
    let name = person.name;
    let id: string | number = person.idNumber;
    let phone = person.phone ?? '';
    let address = person.address;
    let code = residency?.(person) ?? '';
    let birth = typedDate(random, birthOf(person.idNumber), xlsx);
    let moveIn = typedDate(random, person.moveInDate, xlsx);
    let sex = sexOf(person.idNumber);
    const defect = planter.pick([
      ['changed_phone', 0.05],
      ['new_record', 0.02],
      ['id_as_number', xlsx ? 0.01 : 0],
      ['wrong_check_digit', 0.005],
      ['impossible_date', 0.005],
      ['full_width', 0.01],
      ['spaces', 0.02],
      ['duplicate_row', 0.005],
      ['missing_required', 0.005],
      ['unknown_code', residency ? 0.003 : 0],
      ['outside_district', 0.003],
      ['sex_mismatch', 0.002],
      ['bad_phone', 0.002],
    ]);
    switch (defect) {
      case 'changed_phone':
        phone = newPhone(random);
        break;
      case 'new_record':
        name = personName(random);
        id = newIdNumber(random, source.ids, source.districtCode.slice(0, 6));
        sex = sexOf(id);
        birth = typedDate(random, birthOf(id), xlsx);
        phone = newPhone(random);
        address = source.addresses[Math.floor(random() * source.addresses.length)];
        break;
      case 'id_as_number':
        // Excel keeps 15 significant digits of a number: the last three digits become 0.
        if (/^\d{18}$/.test(person.idNumber)) id = Number(`${person.idNumber.slice(0, 15)}000`);
        else planter.undo('id_as_number');
        break;
      case 'wrong_check_digit':
        id = wrongCheck(person.idNumber);
        break;
      case 'impossible_date':
        moveIn = `${person.moveInDate.slice(0, 4)}-02-30`;
        break;
      case 'full_width':
        id = fullWidth(person.idNumber);
        phone = fullWidth(phone);
        break;
      case 'spaces':
        name = random() < 0.5 ? ` ${name} ` : `${name}\u3000`;
        address = `${address} `;
        id = ` ${person.idNumber}`;
        break;
      case 'missing_required':
        if (random() < 0.5) name = '';
        else id = '';
        break;
      case 'unknown_code':
        code = '暂住';
        break;
      case 'outside_district':
        address = OUTSIDE[Math.floor(random() * OUTSIDE.length)];
        break;
      case 'sex_mismatch':
        sex = sex === '男' ? '女' : '男';
        break;
      case 'bad_phone':
        phone = phone.slice(0, 10) || '1380013800';
        break;
    }
    const row = build({ name, id, sex, birth, phone, address, residency: code, moveIn, person });
    rows.push(row);
    if (defect === 'duplicate_row') rows.push([...row]);
  }
  return rows;
}

const numbered = (rows: Row[]) => rows.map((row, i) => [i + 1, ...row]);

function writeCsv(file: string, header: string[], rows: Row[], encoding: 'utf-8' | 'utf-8-bom' | 'gb18030') {
  const quote = (v: string | number | Date) => {
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const text = `${[header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
  if (encoding === 'gb18030') fs.writeFileSync(file, encodeGb18030(text));
  else fs.writeFileSync(file, (encoding === 'utf-8-bom' ? '\ufeff' : '') + text);
}

function titled(sheet: Worksheet, title: string, width: number) {
  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, width);
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
}

const DATE_STYLE = 'yyyy-mm-dd';

function addDataRows(sheet: Worksheet, rows: Row[]) {
  for (const row of rows) {
    const added = sheet.addRow(row);
    row.forEach((v, i) => {
      if (v instanceof Date) added.getCell(i + 1).numFmt = DATE_STYLE;
    });
  }
}

/** Writes the sample ledgers into `dir` and says what each holds. */
export async function writeSampleLedgers(dir: string, options: { seed: number }): Promise<SampleLedger[]> {
  fs.mkdirSync(dir, { recursive: true });
  const source = collect(options.seed);
  const out: SampleLedger[] = [];
  const rng = (n: number) => createRandom(hashSeed(options.seed, 0x73616d70, n));

  // 公安 — registered population, GB18030 as the bureau's system exports it.
  {
    const random = rng(1);
    const planter = new Planter(random);
    const rows = numbered(
      personRows(
        random,
        planter,
        source.registered,
        source,
        false,
        (p) => [p.name, p.id, p.sex, p.birth, p.phone, p.address, p.residency, p.moveIn],
        () => '户籍',
      ),
    );
    const file = '公安-户籍人口.csv';
    writeCsv(
      path.join(dir, file),
      ['序号', '姓名', '公民身份号码', '性别', '出生日期', '联系电话', '现住址', '户籍类别', '迁入日期'],
      rows,
      'gb18030',
    );
    out.push({
      file,
      encoding: 'gb18030',
      sheets: [{ name: '', rows: rows.length }],
      rows: rows.length,
      defects: planter.counts,
    });
  }

  // 公安 — floating population: a sheet per police station, title row, two-level header.
  {
    const random = rng(2);
    const planter = new Planter(random);
    const workbook = new (excel().Workbook)();
    const sheets: SampleLedger['sheets'] = [];
    for (const [street, people] of source.floating) {
      const name = `${street.replace(/街道$/, '')}派出所`;
      const sheet = workbook.addWorksheet(name);
      titled(sheet, `${name}流动人口登记表`, 9);
      sheet.addRow(['序号', '基本信息', '', '', '', '联系方式', '居住信息', '', '']);
      sheet.addRow([
        '',
        '姓名',
        '身份证号',
        '性别',
        '出生日期',
        '手机号码',
        '居住地址',
        '居住类别',
        '迁入日期',
      ]);
      sheet.mergeCells('A2:A3');
      sheet.mergeCells('B2:E2');
      sheet.mergeCells('G2:I2');
      const rows = numbered(
        personRows(
          random,
          planter,
          people,
          source,
          true,
          (p) => [p.name, p.id, p.sex, p.birth, p.phone, p.address, p.residency, p.moveIn],
          () => '流动',
        ),
      );
      addDataRows(sheet, rows);
      sheets.push({ name, rows: rows.length });
    }
    const file = '公安-流动人口.xlsx';
    await workbook.xlsx.writeFile(path.join(dir, file));
    out.push({
      file,
      encoding: null,
      sheets,
      rows: sheets.reduce((n, s) => n + s.rows, 0),
      defects: planter.counts,
    });
  }

  // 民政 — minimum-subsistence households, with a notes sheet after the data.
  {
    const random = rng(3);
    const planter = new Planter(random);
    const workbook = new (excel().Workbook)();
    const sheet = workbook.addWorksheet('低保户');
    titled(sheet, '城乡最低生活保障对象花名册', 9);
    sheet.addRow([
      '序号',
      '姓名',
      '身份证号码',
      '性别',
      '家庭住址',
      '联系电话',
      '与户主关系',
      '批准日期',
      '月保障金额（元）',
    ]);
    const relations: Record<string, string> = {
      head: '户主',
      spouse: '配偶',
      child: '子女',
      parent: '父母',
      grandchild: '孙子女',
      other: '其他',
      tenant: '其他',
    };
    const rows = numbered(
      personRows(
        random,
        planter,
        source.lowIncome,
        source,
        true,
        (p) => [
          p.name,
          p.id,
          p.sex,
          p.address,
          p.phone,
          relations[p.person.relation],
          p.moveIn,
          1120 + 40 * randomInt(random, 0, 10),
        ],
        null,
      ),
    );
    addDataRows(sheet, rows);
    const notes = workbook.addWorksheet('填表说明');
    notes.addRow(['1. 本表由社区民政专干每月更新。']);
    notes.addRow(['2. 身份证号码请以文本格式录入。']);
    const file = '民政-低保户.xlsx';
    await workbook.xlsx.writeFile(path.join(dir, file));
    out.push({
      file,
      encoding: null,
      sheets: [
        { name: '低保户', rows: rows.length },
        { name: '填表说明', rows: 1 },
      ],
      rows: rows.length,
      defects: planter.counts,
    });
  }

  // 市场监管 — market entities, UTF-8 with BOM.
  {
    const random = rng(4);
    const planter = new Planter(random);
    const kinds = new Map(ORG_KINDS.map((k) => [k.code, k.zh]));
    const rows: Row[] = [];
    for (const org of source.orgs) {
      let code = org.creditCode!;
      let name = org.name;
      let kind = kinds.get(org.kind)!;
      let person = org.responsiblePerson;
      let phone = org.contactPhone;
      let address = org.address;
      const defect = planter.pick([
        ['changed_phone', 0.05],
        ['new_record', 0.03],
        ['wrong_check_character', 0.01],
        ['full_width', 0.01],
        ['spaces', 0.02],
        ['duplicate_row', 0.005],
        ['missing_required', 0.005],
        ['unknown_code', 0.005],
        ['outside_district', 0.005],
      ]);
      if (defect === 'changed_phone') phone = newPhone(random);
      if (defect === 'new_record') {
        const body = `92${source.districtCode.slice(0, 6)}MA${String(randomInt(random, 0, 9_999_999)).padStart(7, '0')}`;
        code = `${body}${creditCheckChar(body)}`;
        name = `深圳市${personName(random)}${['商行', '便利店', '餐饮店', '科技有限公司'][randomInt(random, 0, 3)]}`;
        person = personName(random);
        phone = newPhone(random);
        address = source.addresses[Math.floor(random() * source.addresses.length)];
        kind = kinds.get('shop')!;
      }
      if (defect === 'wrong_check_character') code = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
      if (defect === 'full_width') code = fullWidth(code);
      if (defect === 'spaces') name = ` ${name}\u3000`;
      if (defect === 'missing_required') name = '';
      if (defect === 'unknown_code') kind = '个体户';
      if (defect === 'outside_district') address = OUTSIDE[Math.floor(random() * OUTSIDE.length)];
      const row = [code, name, kind, person, phone, address];
      rows.push(row);
      if (defect === 'duplicate_row') rows.push([...row]);
    }
    const file = '市场监管-市场主体.csv';
    writeCsv(
      path.join(dir, file),
      ['统一社会信用代码', '单位名称', '类型', '负责人', '联系电话', '注册地址'],
      rows,
      'utf-8-bom',
    );
    out.push({
      file,
      encoding: 'utf-8-bom',
      sheets: [{ name: '', rows: rows.length }],
      rows: rows.length,
      defects: planter.counts,
    });
  }

  // 城管 — urban components, UTF-8.
  {
    const random = rng(5);
    const planter = new Planter(random);
    const categories = new Map(THING_CATEGORIES.map((c) => [c.code, c.zh]));
    const states: Record<DemoThing['state'], string> = {
      normal: '完好',
      damaged: '破损',
      missing: '丢失',
      under_repair: '维修中',
    };
    const rows: Row[] = [];
    let serial = 0;
    for (const thing of source.things) {
      serial++;
      let code = `${source.districtCode.slice(0, 6)}${thing.category}${String(serial).padStart(5, '0')}`;
      let category = categories.get(thing.category)!;
      let lon = thing.lon.toFixed(6);
      let lat = thing.lat.toFixed(6);
      let state = states[thing.state];
      const defect = planter.pick([
        ['changed_state', 0.05],
        ['new_record', 0.02],
        ['moved_2m', 0.03],
        ['spaces', 0.02],
        ['duplicate_row', 0.005],
        ['missing_required', 0.005],
        ['unknown_code', 0.005],
        ['outside_district', 0.003],
        ['bad_number', 0.003],
      ]);
      if (defect === 'changed_state') state = state === '完好' ? '破损' : '完好';
      if (defect === 'new_record') {
        lon = (thing.lon + 0.0005).toFixed(6);
        lat = (thing.lat - 0.0004).toFixed(6);
        code = `${source.districtCode.slice(0, 6)}${thing.category}9${String(serial).padStart(4, '0')}`;
      }
      // About two metres: still the same component for matching within 5 m.
      if (defect === 'moved_2m') lon = (thing.lon + 0.00002).toFixed(6);
      if (defect === 'spaces') category = ` ${category} `;
      if (defect === 'missing_required') category = '';
      if (defect === 'unknown_code') state = '报废';
      if (defect === 'outside_district') lon = (thing.lon + 0.8).toFixed(6);
      if (defect === 'bad_number') lat = `${lat.slice(0, 5)}。${lat.slice(6)}`;
      const row = [code, category, lon, lat, thing.ownerDepartment, state];
      rows.push(row);
      if (defect === 'duplicate_row') rows.push([...row]);
    }
    const file = '城管-部件.csv';
    writeCsv(
      path.join(dir, file),
      ['部件编码', '部件类型', '经度', '纬度', '权属单位', '状态'],
      rows,
      'utf-8',
    );
    out.push({
      file,
      encoding: 'utf-8',
      sheets: [{ name: '', rows: rows.length }],
      rows: rows.length,
      defects: planter.counts,
    });
  }
  return out;
}

/**
 * The sample abnormal operation list (经营异常名录) of the demo district's organizations, beside
 * the other sample ledgers (`civicgrid seed --ledgers DIR`); its rows become credit entries.
 */
export function writeSampleAbnormalList(dir: string, options: { seed: number }) {
  const orgs = collect(options.seed).orgs.map((o) => ({ creditCode: o.creditCode!, name: o.name }));
  return writeAbnormalListSample(dir, orgs, {
    seed: options.seed,
    today: new Date().toISOString().slice(0, 10),
  });
}
