import type { FieldSource, FieldSources } from '../../db/types.ts';
import type { Changes } from '../registry/index.ts';
import type { Adapter, ExistingRow, Prepared } from './adapters.ts';
import { type ImportRules, type LedgerType, MANUAL_PRIORITY } from './import.model.ts';

// ---------------------------------------------------------------------------------------------
// Deciding: what a row changes on the record it matches

export interface Decision {
  changes: Changes;
  set: Record<string, unknown>;
  before: Record<string, unknown>;
  sources: FieldSources;
  tagsToAdd: string[];
  conflicts: { field: string; candidates: ReturnType<typeof candidate>[]; currentIndex: number }[];
}

export function candidate(
  source: FieldSource | undefined,
  value: { shown: unknown; columns: Record<string, unknown> },
) {
  return {
    source: source?.source ?? 'unknown',
    ledgerType: source?.source === 'ledger' ? source.ledgerType : null,
    importId: source?.source === 'ledger' ? source.importId : null,
    row: source?.source === 'ledger' ? source.row : null,
    at: source?.at ?? null,
    value: value.shown,
    // What restores the value if a reviewer chooses it (encrypted where the record keeps it so).
    columns: { ...value.columns },
  };
}

export function decide(
  adapter: Adapter,
  type: LedgerType,
  priorities: Map<string, number>,
  rules: ImportRules,
  existing: ExistingRow,
  row: Prepared,
  source: FieldSource,
): Decision {
  const d: Decision = { changes: {}, set: {}, before: {}, sources: {}, tagsToAdd: [], conflicts: [] };
  for (const field of adapter.fields) {
    const incoming = adapter.incoming(row, field);
    if (!incoming) continue;
    const current = adapter.current(existing, field);
    if (field === 'tags') {
      const have = current.shown as string[];
      const add = (incoming.shown as string[]).filter((t) => !have.includes(t));
      if (add.length === 0) continue;
      d.tagsToAdd = add;
      d.changes.tags = [have, [...have, ...add].sort()];
      d.before.tags = have;
      d.sources.tags = source;
      continue;
    }
    if (current.cmp === incoming.cmp) continue;
    const previous = existing.field_sources?.[field];
    const rival =
      previous !== undefined && !(previous.source === 'ledger' && previous.ledgerType === type.code);
    let apply = true;
    if (rival && current.cmp !== null) {
      if (rules.current === 'priority') {
        const theirs =
          previous.source === 'ledger' ? (priorities.get(previous.ledgerType) ?? 0) : MANUAL_PRIORITY;
        apply = type.priority >= theirs;
      }
      d.conflicts.push({
        field,
        candidates: [candidate(previous, current), candidate(source, incoming)],
        currentIndex: apply ? 1 : 0,
      });
    }
    if (!apply) continue;
    d.changes[field] = [current.shown, incoming.shown];
    Object.assign(d.before, current.columns);
    Object.assign(d.set, incoming.columns);
    d.sources[field] = source;
  }
  if (Object.keys(d.changes).length > 0) d.before.field_sources = existing.field_sources ?? {};
  return d;
}
