import type { Static } from 'typebox';
import type {
  Column,
  ConflictSchema,
  FieldsSchema,
  ImportDetailSchema,
  ImportSchema,
  LedgerTypeSchema,
  ProblemItem,
  SourcesSchema,
  UploadResponse,
} from '../../../../server/src/modules/ledgers/ledgers.schemas.ts';

export type LedgerType = Static<typeof LedgerTypeSchema>;
export type LedgerColumn = Static<typeof Column>;
export type Fields = Static<typeof FieldsSchema>;
export type LedgerField = Fields[string][number];
export type Upload = Static<typeof UploadResponse>;
export type UploadSheet = Upload['sheets'][number];
export type Import = Static<typeof ImportSchema>;
export type ImportDetail = Static<typeof ImportDetailSchema>;
export type ImportState = Import['state'];
export type Problem = Static<typeof ProblemItem>;
export type Conflict = Static<typeof ConflictSchema>;
export type Sources = Static<typeof SourcesSchema>;

/** States an import does not leave by itself: polling stops there. */
export const SETTLED: readonly ImportState[] = ['validated', 'done', 'cancelled', 'failed', 'rolled_back'];
export const isRunning = (state: ImportState) => state === 'validating' || state === 'importing';

export const STATE_COLORS: Record<ImportState, string> = {
  validating: 'processing',
  validated: 'blue',
  importing: 'processing',
  done: 'green',
  cancelled: 'default',
  failed: 'red',
  rolled_back: 'orange',
};

/** What the user may do with an import in its state (the server's rules, ledgers.service.ts). */
export function importActions(
  imp: Pick<Import, 'state' | 'counts' | 'validatedAt'>,
): ('commit' | 'resume' | 'cancel' | 'rollback')[] {
  switch (imp.state) {
    case 'validated':
      return imp.counts.valid > 0 ? ['commit', 'cancel'] : ['cancel'];
    case 'importing':
      return ['resume'];
    case 'failed':
      // A commit that died part-way resumes; a failed validation can only be dropped.
      return imp.validatedAt !== null ? ['resume'] : ['cancel'];
    case 'done':
      return ['rollback'];
    default:
      return [];
  }
}

/** Ledger types grouped by department, for a select. */
export function typeOptions(types: readonly LedgerType[]) {
  const groups = new Map<string, { label: string; options: { value: string; label: string }[] }>();
  for (const type of types) {
    const group = groups.get(type.departmentCode) ?? { label: type.departmentName, options: [] };
    group.options.push({ value: type.code, label: type.name });
    groups.set(type.departmentCode, group);
  }
  return [...groups.values()];
}

/**
 * The mapping to start from for a file and a type: the upload's proposal for the type (its saved
 * columns found in the file, then header-name guesses), as a header → field record covering every
 * header of the sheet ('' = not imported).
 */
export function initialMapping(upload: Upload, ledgerType: string, headers: readonly string[]) {
  const proposal = upload.proposals.find((p) => p.ledgerType === ledgerType);
  const mapping: Record<string, string> = Object.fromEntries(headers.map((h) => [h, '']));
  for (const column of proposal?.columns ?? []) {
    if (column.header in mapping && !Object.values(mapping).includes(column.field)) {
      mapping[column.header] = column.field;
    }
  }
  return mapping;
}

/** The mapping as the server takes it: only the mapped headers, each field once. */
export function mappingColumns(mapping: Record<string, string>): LedgerColumn[] {
  const seen = new Set<string>();
  const columns: LedgerColumn[] = [];
  for (const [header, field] of Object.entries(mapping)) {
    if (!field || seen.has(field)) continue;
    seen.add(field);
    columns.push({ header, field });
  }
  return columns;
}

/** Fields mapped to more than one header (the server refuses such a mapping). */
export function duplicateFields(mapping: Record<string, string>): string[] {
  const counts = new Map<string, number>();
  for (const field of Object.values(mapping)) if (field) counts.set(field, (counts.get(field) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([field]) => field);
}

/** Required fields with neither a column nor a default in the type. */
export function missingRequired(
  fields: readonly LedgerField[],
  mapping: Record<string, string>,
  defaults: Record<string, unknown> = {},
): LedgerField[] {
  const mapped = new Set(Object.values(mapping));
  return fields.filter((f) => f.required && !mapped.has(f.key) && defaults[f.key] === undefined);
}

/**
 * The sheet as read with another header row. The upload answer holds the detected header row and
 * the rows after it, so a later header row can be taken from the preview; an earlier one cannot
 * (null: the server reads it when validating).
 */
export function withHeaderRow(sheet: UploadSheet, headerRow: number): UploadSheet | null {
  if (headerRow === sheet.headerRow) return sheet;
  const offset = headerRow - sheet.headerRow - 1;
  if (offset < 0 || offset >= sheet.preview.length) return null;
  const headers = sheet.preview[offset].map((h, i) => h.trim() || `#${i + 1}`);
  return { name: sheet.name, headerRow, headers, preview: sheet.preview.slice(offset + 1) };
}

/** The preview rows as the mapping reads them: one object per row, by field key. */
export function mappedPreview(sheet: UploadSheet, mapping: Record<string, string>) {
  const columns = sheet.headers
    .map((header, index) => ({ index, field: mapping[header] }))
    .filter((c): c is { index: number; field: string } => Boolean(c.field));
  return sheet.preview.map((cells, row) => ({
    // 1-based row in the spreadsheet, as the problems name it.
    row: sheet.headerRow + 1 + row,
    ...Object.fromEntries(columns.map(({ index, field }) => [field, cells[index] ?? ''])),
  })) as ({ row: number } & Record<string, string>)[];
}

/** Fraction done (0–1) of a reading pass, by bytes when known. */
export function progressOf(imp: Pick<Import, 'state' | 'progress' | 'counts'>): number {
  if (imp.state === 'importing') {
    return imp.counts.valid > 0 ? Math.min(1, imp.counts.committedRows / imp.counts.valid) : 0;
  }
  if (imp.state !== 'validating') return 1;
  const { bytesRead, totalBytes } = imp.progress;
  return totalBytes > 0 ? Math.min(1, bytesRead / totalBytes) : 0;
}

/** A duration as people read it: 850 ms, 12.3 s, 4 min 05 s. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A candidate's value as text (the server keeps values as JSON). */
export function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The registry page a record of an entity opens at. */
export const RECORD_PATH: Record<LedgerType['entity'], string> = {
  person: '/people',
  org: '/orgs',
  thing: '/things',
};
