import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { ImportBody, LedgerTypeBody } from '../../../../server/src/modules/ledgers/ledgers.schemas.ts';
import { ApiError, api, csrfHeader, type Page, withQuery } from '../../app/api';
import i18n from '../../app/i18n';
import type {
  Conflict,
  Fields,
  Import,
  ImportDetail,
  LedgerColumn,
  LedgerType,
  Problem,
  Upload,
} from './ledgers.model';

// Names (ledger types, fields, problem messages) come in the caller's language.
export const ledgerQueries = {
  types: () =>
    queryOptions({
      queryKey: ['ledgers', 'types', i18n.language],
      queryFn: ({ signal }) => api.get<LedgerType[]>('/api/ledger-types', signal),
    }),
  fields: () =>
    queryOptions({
      queryKey: ['ledgers', 'fields', i18n.language],
      queryFn: ({ signal }) => api.get<Fields>('/api/ledger-fields', signal),
      staleTime: 10 * 60_000,
    }),
  rules: () =>
    queryOptions({
      queryKey: ['ledgers', 'rules'],
      queryFn: ({ signal }) => api.get<{ current: 'most_recent' | 'priority' }>('/api/ledger-rules', signal),
    }),
  imports: (query: { ledgerType?: string; page: number; pageSize: number }) =>
    queryOptions({
      queryKey: ['ledgers', 'imports', i18n.language, query],
      queryFn: ({ signal }) => api.get<Page<Import>>(withQuery('/api/ledger-imports', query), signal),
      placeholderData: keepPreviousData,
    }),
  import: (id: string) =>
    queryOptions({
      queryKey: ['ledgers', 'import', i18n.language, id],
      queryFn: ({ signal }) => api.get<ImportDetail>(`/api/ledger-imports/${id}`, signal),
    }),
  problems: (id: string, query: { code?: string; page: number; pageSize: number }) =>
    queryOptions({
      queryKey: ['ledgers', 'problems', i18n.language, id, query],
      queryFn: ({ signal }) =>
        api.get<Page<Problem>>(withQuery(`/api/ledger-imports/${id}/problems`, query), signal),
      placeholderData: keepPreviousData,
    }),
  conflicts: (query: { state?: 'open' | 'resolved'; entity?: string; page: number; pageSize: number }) =>
    queryOptions({
      queryKey: ['ledgers', 'conflicts', i18n.language, query],
      queryFn: ({ signal }) => api.get<Page<Conflict>>(withQuery('/api/ledger-conflicts', query), signal),
      placeholderData: keepPreviousData,
    }),
};

export type ImportInput = Static<typeof ImportBody>;

export const startImport = (body: ImportInput) => api.post<{ id: string }>('/api/ledger-imports', body);
export const commitImport = (id: string) => api.post<{ id: string }>(`/api/ledger-imports/${id}/commit`);
export const cancelImport = (id: string) => api.post<void>(`/api/ledger-imports/${id}/cancel`);
export const rollbackImport = (id: string) => api.post<unknown>(`/api/ledger-imports/${id}/rollback`);
export const resolveConflict = (id: number, choice: number) =>
  api.post<unknown>(`/api/ledger-conflicts/${id}/resolve`, { choice });
export const putRules = (current: 'most_recent' | 'priority') =>
  api.put<unknown>('/api/ledger-rules', { current });

export type LedgerTypeInput = Static<typeof LedgerTypeBody>;
export const putLedgerType = (code: string, body: LedgerTypeInput) =>
  api.put<LedgerType>(`/api/ledger-types/${encodeURIComponent(code)}`, body);

/** The type as PUT takes it, with the mapping replaced. */
export const typeInput = (type: LedgerType, columns: LedgerColumn[]): LedgerTypeInput => ({
  departmentCode: type.departmentCode,
  nameZh: type.nameZh,
  nameEn: type.nameEn,
  entity: type.entity,
  columns,
  defaults: type.defaults,
  priority: type.priority,
  version: type.version,
});

export const reportUrl = (id: string) => `/api/ledger-imports/${id}/report.xlsx`;
export const exportUrl = (code: string, format: 'csv' | 'xlsx') =>
  withQuery(`/api/ledger-types/${encodeURIComponent(code)}/export`, { format });

/**
 * Uploads a ledger as the raw request body with XMLHttpRequest, which (unlike fetch) reports
 * upload progress: a 500 MB file takes a while even on the office network.
 */
export function uploadLedger(
  file: File,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withQuery('/api/ledger-files', { name: file.name }));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', i18n.language);
    // The server streams these three types to disk; anything else is sent as plain bytes.
    const type = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'].includes(
      file.type,
    )
      ? file.type
      : 'application/octet-stream';
    xhr.setRequestHeader('Content-Type', type);
    for (const [name, value] of Object.entries(csrfHeader())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) =>
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: handled below
      }
      if (xhr.status === 201) resolve(body as Upload);
      else {
        const problem = (body ?? {}) as { code?: string; detail?: string };
        reject(
          new ApiError({
            ...problem,
            status: xhr.status,
            code: problem.code ?? `http_${xhr.status}`,
            detail: problem.detail ?? i18n.t('error.server', { status: xhr.status }),
          }),
        );
      }
    };
    xhr.onerror = () =>
      reject(new ApiError({ status: 0, code: 'network_error', detail: i18n.t('error.network') }));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
