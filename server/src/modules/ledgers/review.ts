import type { FieldSources, LedgerEntity } from '../../db/types.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { insertHistory } from '../registry/index.ts';
import * as types from './ledger-types.repository.ts';
import { type LedgersContext, loadImport } from './ledgers.service.ts';
import * as repo from './review.repository.ts';

/**
 * What follows an import: undoing it as a whole, reviewing the conflicts it found, and telling
 * where each field of a record came from.
 */

// ---------------------------------------------------------------------------------------------
// Rollback

/**
 * Restores every record the import changed to its values before, and retires every record it
 * created — as long as none of them changed since (its version is still the import's); otherwise
 * nothing happens and the answer says how many records stand in the way.
 */
export async function rollbackImport(ctx: LedgersContext, auth: Auth | null, id: string) {
  const caller = requirePermission(auth, 'ledgers.import');
  await loadImport(ctx, caller, id);
  const result = await ctx.db.transaction().execute(async (trx) => {
    const imp = await repo.lockImport(trx, id);
    if (imp.state !== 'done') throw new AppError('import_wrong_state', { state: imp.state });
    const type = await types.ledgerTypeEntity(trx, imp.ledger_type);
    // Lock the records, then count those a later change depends on.
    const locked = await repo.lockImported(trx, type.entity, id);
    if (locked.changed > 0) throw new AppError('import_has_dependents', { count: locked.changed });

    await repo.restoreChanged(trx, type.entity, id);
    const retired = await repo.retireCreated(trx, type.entity, id);
    await repo.recordRollbackHistory(trx, type.entity, id, caller.userId);
    await repo.markRolledBack(trx, id, caller.userId);
    const counts = { restored: locked.n - retired, retired };
    await audit(trx, caller, {
      action: 'ledgers.import.rollback',
      targetType: 'ledger_import',
      targetId: id,
      detail: counts,
    });
    return counts;
  });
  return result;
}

// ---------------------------------------------------------------------------------------------
// Conflicts

const MANUAL_NAME = { zh: '手工录入', en: 'Manual edit' };

async function ledgerNames(db: LedgersContext['db'], lang: Lang) {
  const rows = await types.ledgerTypeNames(db);
  return new Map(rows.map((r) => [r.code, lang === 'zh' ? r.name_zh : r.name_en]));
}

export async function listConflicts(
  ctx: LedgersContext,
  auth: Auth | null,
  query: { state?: 'open' | 'resolved'; entity?: LedgerEntity; page: number; pageSize: number },
  lang: Lang,
) {
  const caller = requirePermission(auth, 'ledgers.import');
  const [{ rows, total }, names] = await Promise.all([
    repo.listConflicts(ctx.db, caller.areaCode, query),
    ledgerNames(ctx.db, lang),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      entity: r.entity,
      recordId: r.record_id,
      recordName: r.name,
      gridCode: r.grid_code,
      field: r.field,
      state: r.state,
      // The stored columns (encrypted numbers among them) stay on the server.
      candidates: r.candidates.map(({ source, ledgerType, importId, row, at, value }) => ({
        source,
        sourceName: ledgerType ? (names.get(ledgerType) ?? ledgerType) : MANUAL_NAME[lang],
        ledgerType,
        importId,
        row,
        at,
        value,
      })),
      currentIndex: r.current_index,
      createdAt: r.created_at.toISOString(),
      resolvedAt: r.resolved_at?.toISOString() ?? null,
      resolvedBy: r.display_name,
    })),
    total,
  };
}

/** The reviewer's choice becomes the record's value (a manual change, in its history) and closes the conflict. */
export async function resolveConflict(ctx: LedgersContext, auth: Auth | null, id: number, choice: number) {
  const caller = requirePermission(auth, 'ledgers.import');
  await ctx.db.transaction().execute(async (trx) => {
    const conflict = await repo.lockConflict(trx, id);
    if (!conflict) throw new AppError('record_not_found');
    const record = await repo.lockRecord(trx, conflict.entity, conflict.record_id);
    if (!record || !isWithin(record.grid_code, caller.areaCode)) throw new AppError('record_not_found');
    if (conflict.state !== 'open') throw new AppError('conflict_resolved');
    const chosen = conflict.candidates[choice] as (typeof conflict.candidates)[number] & {
      columns?: Record<string, unknown>;
    };
    if (!chosen)
      throw new AppError('validation_failed', {
        summary: `choice must be below ${conflict.candidates.length}`,
      });
    const current = conflict.candidates[conflict.current_index];
    const version = record.version + 1;
    if (choice !== conflict.current_index) {
      const stamp: FieldSources = {
        [conflict.field]: { source: 'manual', at: new Date().toISOString(), by: caller.userId },
      };
      await repo.applyChoice(trx, conflict.entity, conflict.record_id, chosen.columns ?? {}, version, stamp);
      await insertHistory(
        trx,
        [
          {
            entity: conflict.entity,
            recordId: conflict.record_id,
            version,
            changedBy: caller.userId,
            changes: { [conflict.field]: [current?.value ?? null, chosen.value] },
          },
        ],
        { source: 'manual', ref: `conflict:${id}` },
      );
    }
    await repo.closeConflict(trx, id, choice, caller.userId);
    await audit(trx, caller, {
      action: 'ledgers.conflict.resolve',
      targetType: conflict.entity,
      targetId: conflict.record_id,
      detail: { conflict: id, field: conflict.field, choice },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Provenance

export async function sourcesOf(
  ctx: LedgersContext,
  auth: Auth | null,
  entity: LedgerEntity,
  id: string,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'registry.read');
  const record = await repo.fieldSources(ctx.db, entity, id);
  if (!record || !isWithin(record.grid_code, caller.areaCode)) throw new AppError('record_not_found');
  const sources = record.field_sources ?? {};
  const importIds = [
    ...new Set(Object.values(sources).flatMap((s) => (s.source === 'ledger' ? [s.importId] : []))),
  ];
  const imports = importIds.length ? await repo.importFileNames(ctx.db, importIds) : [];
  const files = new Map(imports.map((i) => [i.id, i.file_name]));
  const names = await ledgerNames(ctx.db, lang);
  return {
    fields: Object.entries(sources).map(([field, s]) => ({
      field,
      source: s.source,
      at: s.at ?? null,
      ledgerType: s.source === 'ledger' ? s.ledgerType : null,
      ledgerName: s.source === 'ledger' ? (names.get(s.ledgerType) ?? s.ledgerType) : null,
      importId: s.source === 'ledger' ? s.importId : null,
      fileName: s.source === 'ledger' ? (files.get(s.importId) ?? null) : null,
      row: s.source === 'ledger' ? s.row : null,
    })),
  };
}
