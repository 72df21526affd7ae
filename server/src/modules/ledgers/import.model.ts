import type { Db } from '../../db/database.ts';
import type { LedgerTypesTable } from '../../db/types.ts';
import type { Pii } from '../../platform/pii.ts';
import type { GridIndex } from '../areas/index.ts';
import type { Prepared } from './adapters.ts';
import type * as repo from './ledgers.repository.ts';

/** What the import's passes share: its context, progress, rules and rows (import.pipeline.ts). */

export interface LedgerContext {
  db: Db;
  pii: Pii;
  gridIndex: GridIndex;
}

export const BATCH_ROWS = 2_500;

/**
 * The most memory the row keys of a pass may take (key-table.ts, outside the worker's heap; about
 * 40–60 bytes per ID number): room for ledgers of several million rows. Beyond it the import fails.
 */
export const IMPORT_KEYS_MB = 256;

export interface Progress {
  phase: 'validating' | 'importing';
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportRules {
  /** Which value is current when two sources disagree. */
  current: 'most_recent' | 'priority';
}

export const DEFAULT_RULES: ImportRules = { current: 'most_recent' };

/** A manual edit outranks every ledger under the priority rule: someone checked it on site. */
export const MANUAL_PRIORITY = 1_000_000;

export type Import = NonNullable<Awaited<ReturnType<typeof repo.findImport>>>;
export type LedgerType = Pick<LedgerTypesTable, 'code' | 'entity' | 'priority'> & { priority: number };

export interface RowProblem {
  column: string | null;
  code: string;
  value: string | null;
  detail?: Record<string, unknown>;
}

export interface MappedRow {
  seq: number;
  sheet: string;
  row: number;
  problems: RowProblem[];
  /** What the import did on its own (a name normalised, the line skipped); never a rejection. */
  notes?: RowProblem[];
  /** Not data (a 合计 line, a notes sheet): neither imported nor rejected, reported by its note. */
  skipped?: boolean;
  prepared?: Prepared;
}
