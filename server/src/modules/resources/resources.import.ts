import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import { excel } from '../../platform/exceljs.ts';
import { communitiesIn } from '../areas/index.ts';
import { fieldError } from './resources.messages.ts';
import * as repo from './resources.repository.ts';

/**
 * The resources ledger: one workbook with sheets `funds` (community code, category, allocated,
 * spent), `people` (community code, name, from unit, since, role) and `rooms` (community code,
 * purpose, m², address), a header row each; sheets may also be named 经费, 人员, 场所. Every row is
 * checked before anything is written; the whole import is one transaction.
 */
export async function importLedger(db: Db, auth: Auth | null, input: { year: number; file: string }) {
  if (!auth) throw new AppError('unauthenticated');
  if (!auth.permissions.includes('resources.write')) throw new AppError('forbidden');
  const workbook = new (excel().Workbook)();
  try {
    await workbook.xlsx.load(Buffer.from(input.file, 'base64') as unknown as ArrayBuffer);
  } catch {
    throw fieldError('file', 'unreadable');
  }
  const communities = new Set((await communitiesIn(db, auth.areaCode)).map((c) => c.code));
  const problems: string[] = [];
  const rowsOf = (names: string[]) => {
    const sheet = workbook.worksheets.find((w) => names.includes(w.name.trim().toLowerCase()));
    const rows: { n: number; cells: string[] }[] = [];
    sheet?.eachRow((row, n) => {
      if (n === 1) return;
      const values = (row.values as unknown[])
        .slice(1)
        .map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? '').trim()));
      if (values.some((v) => v !== '')) rows.push({ n, cells: values });
    });
    return { name: sheet?.name ?? names[0]!, rows };
  };
  const community = (sheet: string, n: number, code: string | undefined) => {
    if (!code || !communities.has(code) || !isWithin(code, auth.areaCode)) {
      problems.push(`${sheet}!${n}: ${code ?? ''}`);
      return null;
    }
    return code;
  };
  const number = (sheet: string, n: number, value: string | undefined, positive = false) => {
    const x = Number(value);
    if (value === undefined || value === '' || !Number.isFinite(x) || x < 0 || (positive && x === 0)) {
      problems.push(`${sheet}!${n}: ${value ?? ''}`);
      return 0;
    }
    return x;
  };
  const text = (sheet: string, n: number, value: string | undefined) => {
    if (!value) problems.push(`${sheet}!${n}`);
    return value ?? '';
  };
  const funds = rowsOf(['funds', '经费']);
  const fundRows = funds.rows.map(({ n, cells: [code, category, allocated, spent] }) => ({
    community_code: community(funds.name, n, code) ?? '',
    year: input.year,
    category: text(funds.name, n, category),
    allocated: number(funds.name, n, allocated),
    spent: spent ? number(funds.name, n, spent) : 0,
    note: null,
  }));
  const people = rowsOf(['people', '人员']);
  const personRows = people.rows.map(({ n, cells: [code, name, from, since, role] }) => {
    if (!since || !/^\d{4}-\d{2}-\d{2}$/.test(since)) problems.push(`${people.name}!${n}: ${since ?? ''}`);
    return {
      community_code: community(people.name, n, code) ?? '',
      year: input.year,
      name: text(people.name, n, name),
      from_unit: text(people.name, n, from),
      since: since ?? '',
      role: role || null,
    };
  });
  const rooms = rowsOf(['rooms', '场所']);
  const roomRows = rooms.rows.map(({ n, cells: [code, purpose, m2, address] }) => ({
    community_code: community(rooms.name, n, code) ?? '',
    year: input.year,
    purpose: text(rooms.name, n, purpose),
    area_m2: number(rooms.name, n, m2, true),
    address: address || null,
  }));
  if (problems.length > 0) throw fieldError('file', 'bad_rows', problems.slice(0, 20).join('; '));
  await db.transaction().execute(async (trx) => {
    await repo.insertFunds(trx, fundRows);
    await repo.insertPeople(trx, personRows);
    await repo.insertRooms(trx, roomRows);
    await audit(trx, auth, {
      action: 'resources.import',
      targetType: 'resources',
      targetId: String(input.year),
      detail: { funds: fundRows.length, people: personRows.length, rooms: roomRows.length },
    });
  });
  return { funds: fundRows.length, people: personRows.length, rooms: roomRows.length };
}
