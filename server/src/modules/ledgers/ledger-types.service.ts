import type { Static } from 'typebox';
import { putSetting } from '../../db/settings.ts';
import type { LedgerColumn, LedgerEntity } from '../../db/types.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { FIELDS } from './fields.ts';
import { type ImportRules, importRules } from './import.pipeline.ts';
import * as types from './ledger-types.repository.ts';
import type { LedgerTypeBody } from './ledgers.schemas.ts';
import type { LedgersContext } from './ledgers.service.ts';

export const localName = (lang: Lang, row: { name_zh: string; name_en: string }) =>
  lang === 'zh' ? row.name_zh : row.name_en;

// ---------------------------------------------------------------------------------------------
// Ledger types and fields

export async function listLedgerTypes(ctx: LedgersContext, auth: Auth | null, lang: Lang) {
  requirePermission(auth, 'ledgers.import');
  const rows = await types.listLedgerTypes(ctx.db);
  return rows.map((r) => ({
    code: r.code,
    departmentCode: r.department_code,
    departmentName: lang === 'zh' ? r.department_zh : r.department_en,
    name: localName(lang, r),
    nameZh: r.name_zh,
    nameEn: r.name_en,
    entity: r.entity,
    columns: r.columns,
    defaults: r.defaults,
    priority: r.priority,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  }));
}

export function ledgerFields(auth: Auth | null, lang: Lang) {
  requirePermission(auth, 'ledgers.import');
  return Object.fromEntries(
    Object.entries(FIELDS).map(([entity, fields]) => [
      entity,
      fields.map((f) => ({
        key: f.key,
        name: lang === 'zh' ? f.zh : f.en,
        required: Boolean(f.required),
        headers: f.headers,
      })),
    ]),
  );
}

export type LedgerTypeInput = Static<typeof LedgerTypeBody>;

export function checkColumns(
  entity: LedgerEntity,
  columns: LedgerColumn[],
  defaults: Record<string, unknown>,
) {
  const fields = new Map(FIELDS[entity].map((f) => [f.key, f]));
  const seen = new Set<string>();
  for (const c of columns) {
    if (!fields.has(c.field))
      throw new AppError('ledger_mapping_invalid', { reason: `unknown field ${c.field}` });
    if (seen.has(c.field))
      throw new AppError('ledger_mapping_invalid', { reason: `${c.field} mapped twice` });
    seen.add(c.field);
  }
  for (const f of FIELDS[entity]) {
    if (f.required && !seen.has(f.key) && defaults[f.key] === undefined)
      throw new AppError('ledger_mapping_invalid', { reason: `${f.zh} (${f.key}) has no column` });
  }
  for (const key of Object.keys(defaults)) {
    if (!fields.has(key)) throw new AppError('ledger_mapping_invalid', { reason: `unknown default ${key}` });
  }
}

/** Creates a ledger type, or changes one at the version the editor read. */
export async function putLedgerType(
  ctx: LedgersContext,
  auth: Auth | null,
  code: string,
  input: LedgerTypeInput,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'ledgers.configure');
  const defaults = input.defaults ?? {};
  checkColumns(input.entity, input.columns, defaults);
  await ctx.db.transaction().execute(async (trx) => {
    const department = await types.departmentExists(trx, input.departmentCode);
    if (!department)
      throw new AppError('validation_failed', { summary: `unknown department ${input.departmentCode}` });
    const current = await types.lockLedgerType(trx, code);
    const values = {
      department_code: input.departmentCode,
      name_zh: input.nameZh.trim(),
      name_en: input.nameEn.trim(),
      entity: input.entity,
      columns: JSON.stringify(input.columns),
      defaults: JSON.stringify(defaults),
      priority: input.priority,
      updated_by: caller.userId,
    };
    if (!current) {
      await types.insertLedgerType(trx, code, values);
    } else {
      if (input.version !== current.version)
        throw new AppError('version_conflict', { currentVersion: current.version });
      await types.updateLedgerType(trx, code, values, current.version + 1);
    }
    await audit(trx, caller, {
      action: current ? 'ledgers.type.update' : 'ledgers.type.create',
      targetType: 'ledger_type',
      targetId: code,
      detail: { columns: input.columns.length, priority: input.priority },
    });
  });
  return (await listLedgerTypes(ctx, caller, lang)).find((t) => t.code === code);
}

export async function getRules(ctx: LedgersContext, auth: Auth | null) {
  requirePermission(auth, 'ledgers.import');
  return importRules(ctx.db);
}

export async function putRules(ctx: LedgersContext, auth: Auth | null, rules: ImportRules) {
  const caller = requirePermission(auth, 'ledgers.configure');
  await putSetting(ctx.db, 'ledger_rules', rules, caller.userId);
  await audit(ctx.db, caller, {
    action: 'ledgers.rules.update',
    targetType: 'setting',
    targetId: 'ledger_rules',
    detail: { ...rules },
  });
  return importRules(ctx.db);
}
