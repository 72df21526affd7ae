import type { Db } from '../../db/database.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import { cleanText, LedgerReadError, parseDate, readLedger, withUploadedLedger } from '../ledgers/index.ts';
import { checkCreditCode, orgsByCreditCodes } from '../registry/index.ts';
import { periodOf } from './credit.periods.ts';
import * as repo from './credit.repository.ts';

/**
 * The abnormal operation list (经营异常名录) as market regulation hands it over: a spreadsheet
 * (CSV or XLSX, any of the encodings the ledger reader knows) with one row per listing. It is read
 * with the ledgers module's reader, like any department ledger, but its rows become credit
 * entries, not registry records: it is a ledger type of its own, defined here and not in the
 * registry's ledger types (whose rows change people, organizations and components).
 *
 * Each row is matched to a registry organization by its unified social credit code; a code no
 * current organization has is reported (with the row), never guessed from the name.
 */
export const ABNORMAL_LIST_TYPE = {
  code: 'market_abnormal_operation',
  departmentCode: 'market',
  zh: '市场监管—经营异常名录',
  en: 'Market regulation — abnormal operation list',
  columns: [
    { header: '统一社会信用代码', field: 'creditCode', aliases: ['信用代码', '统一社会信用代码/注册号'] },
    { header: '企业名称', field: 'name', aliases: ['市场主体名称', '单位名称', '名称'] },
    { header: '列入经营异常名录原因', field: 'reason', aliases: ['列入原因', '列入事由'] },
    { header: '列入日期', field: 'listedOn', aliases: ['列入时间', '作出决定日期'] },
    { header: '作出决定机关', field: 'authority', aliases: ['决定机关'] },
    { header: '决定书文号', field: 'documentNumber', aliases: ['文号', '决定文书号'] },
    { header: '移出日期', field: 'removedOn', aliases: ['移出时间'] },
  ],
} as const;
type Field = (typeof ABNORMAL_LIST_TYPE.columns)[number]['field'];
const REQUIRED: Field[] = ['creditCode', 'reason', 'listedOn'];
/** The rules a listing rests on (State Administration for Industry and Commerce order 68, 2014). */
export const ABNORMAL_LIST_BASIS = '《企业经营异常名录管理暂行办法》第四条';

const fieldOfHeader = new Map<string, Field>();
for (const c of ABNORMAL_LIST_TYPE.columns)
  for (const h of [c.header, ...c.aliases]) fieldOfHeader.set(h.replace(/\s+/g, ''), c.field);
const fieldOf = (header: string) => fieldOfHeader.get(cleanText(header).replace(/\s+/g, ''));

export interface AbnormalListResult {
  rows: number;
  added: number;
  alreadyRecorded: number;
  /** Rows whose listing was already lifted (移出日期): not recorded. */
  removed: number;
  unknownCodes: { row: number; creditCode: string; name: string }[];
  outsideScope: { row: number; creditCode: string; name: string }[];
  invalid: { row: number; field: string; problem: string }[];
}

/**
 * Reads the file and records an `abnormal_operation` entry (source `market_ledger`) per listing of
 * an organization in the caller's area; a listing already recorded (same code and day) is left as
 * it is. With `dryRun` nothing is written: the answer says what would be.
 */
export async function importAbnormalList(
  db: Db,
  auth: Auth | null,
  file: string,
  options: { dryRun?: boolean; fileName?: string } = {},
): Promise<AbnormalListResult> {
  const admin = requirePermission(auth, 'credit.manage');
  const result: AbnormalListResult = {
    rows: 0,
    added: 0,
    alreadyRecorded: 0,
    removed: 0,
    unknownCodes: [],
    outsideScope: [],
    invalid: [],
  };
  const listings: { row: number; creditCode: string; name: string; values: Record<Field, string> }[] = [];
  let columns: (Field | undefined)[] = [];
  try {
    for await (const event of readLedger(file, { isKnownHeader: (h) => fieldOf(h) !== undefined })) {
      if (event.kind === 'sheet') {
        columns = event.sheet.headers.map(fieldOf);
        const missing = REQUIRED.filter((f) => !columns.includes(f));
        if (missing.length > 0) throw new AppError('abnormal_list_columns', { columns: missing.join(', ') });
        continue;
      }
      const values = {} as Record<Field, string>;
      columns.forEach((f, i) => {
        if (f) values[f] = cleanText(event.cells[i] ?? '');
      });
      if (Object.values(values).every((v) => v === '')) continue;
      result.rows++;
      const problems: { field: string; problem: string }[] = [];
      const code = checkCreditCode(values.creditCode ?? '');
      if (!code.ok) problems.push({ field: 'creditCode', problem: code.problem });
      const listed = parseDate(values.listedOn ?? '');
      if (!listed.ok) problems.push({ field: 'listedOn', problem: listed.problem });
      if (!values.reason) problems.push({ field: 'reason', problem: 'required' });
      if (problems.length > 0) {
        for (const p of problems) result.invalid.push({ row: event.row, ...p });
        continue;
      }
      if (values.removedOn) {
        result.removed++;
        continue;
      }
      values.listedOn = (listed as { value: string }).value;
      listings.push({
        row: event.row,
        creditCode: (code as { creditCode: string }).creditCode,
        name: values.name ?? '',
        values,
      });
    }
  } catch (error) {
    if (error instanceof LedgerReadError)
      throw new AppError('abnormal_list_unreadable', { reason: error.message });
    throw error;
  }

  const orgs = new Map(
    (await orgsByCreditCodes(db, [...new Set(listings.map((l) => l.creditCode))])).map((o) => [
      o.credit_code!,
      o,
    ]),
  );
  const entries: repo.NewEntry[] = [];
  for (const l of listings) {
    const org = orgs.get(l.creditCode);
    if (!org) {
      result.unknownCodes.push({ row: l.row, creditCode: l.creditCode, name: l.name });
      continue;
    }
    if (!isWithin(org.grid_code, admin.areaCode)) {
      result.outsideScope.push({ row: l.row, creditCode: l.creditCode, name: l.name });
      continue;
    }
    const { reason, listedOn, authority, documentNumber } = l.values;
    entries.push({
      org_id: org.id,
      credit_code: org.credit_code,
      org_name: org.name,
      area_code: org.grid_code,
      source: 'market_ledger',
      source_ref: `market_ledger:${l.creditCode}:${listedOn}`,
      kind: 'abnormal_operation',
      severity: 'general',
      title: authority ? `${reason}（${authority}）` : reason,
      legal_basis: ABNORMAL_LIST_BASIS,
      document_number: documentNumber || null,
      decided_on: listedOn,
      publish_until: periodOf('abnormal_operation', 'general', listedOn).publishUntil,
      visibility: 'public',
    });
  }
  // One listing per code and day: a row repeated in the file counts once.
  const unique = [...new Map(entries.map((e) => [e.source_ref, e])).values()];
  const known = await repo.existingRefs(
    db,
    unique.map((e) => e.source_ref),
  );
  result.alreadyRecorded = known.size + (entries.length - unique.length);
  const fresh = unique.filter((e) => !known.has(e.source_ref));
  if (options.dryRun) {
    result.added = fresh.length;
    return result;
  }
  result.added = (await repo.insertEntries(db, fresh)).length;
  await audit(db, admin, {
    action: 'credit.abnormal_list',
    detail: {
      file: options.fileName ?? null,
      rows: result.rows,
      added: result.added,
      unknownCodes: result.unknownCodes.length,
      invalid: result.invalid.length,
    },
  });
  return result;
}

/** The largest list taken (a district's whole list is a few MB). */
export const MAX_LIST_BYTES = 50 * 1024 * 1024;

/** The list as uploaded (the request body, a stream): kept in a temporary file while it is read. */
export async function importAbnormalListUpload(
  db: Db,
  auth: Auth | null,
  body: unknown,
  options: { dryRun?: boolean; fileName?: string } = {},
): Promise<AbnormalListResult> {
  // Permission first: nothing is written to disk for a caller who may not import.
  requirePermission(auth, 'credit.manage');
  try {
    return await withUploadedLedger(body, MAX_LIST_BYTES, (file) =>
      importAbnormalList(db, auth, file, options),
    );
  } catch (error) {
    if (error instanceof LedgerReadError)
      throw new AppError('abnormal_list_unreadable', { reason: error.message });
    throw error;
  }
}
