import { keepPreviousData, type QueryClient, queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  CaseDetailSchema,
  CaseSchema,
  MoveBody,
  ReportBody,
  ReportResponse,
  TimelineSchema,
} from '../../../../server/src/modules/cases/cases.schemas.ts';
import { ApiError, api, type Page, type Problem, withQuery } from '../../app/api';
import { SESSION_KEY } from '../../app/auth';
import i18n from '../../app/i18n';
import { queryClient } from '../../app/query';

export type Case = Static<typeof CaseSchema>;
export type CaseDetail = Static<typeof CaseDetailSchema>;
export type CaseState = Case['state'];
export type CaseStep = NonNullable<Case['step']>;
export type Timeline = Static<typeof TimelineSchema>;
export type TimelineEvent = Timeline['events'][number];
export type ReportInput = Static<typeof ReportBody>;
export type Reported = Static<typeof ReportResponse>;
export type SimilarCase = Reported['likelyDuplicates'][number];
export type MoveInput = Static<typeof MoveBody>;

/** The filters of `GET /api/cases`, as the list keeps them. */
export interface CaseListQuery {
  state?: CaseState[];
  category?: string;
  areaCode?: string;
  overdue?: boolean;
  supervised?: boolean;
  alarm?: 'yellow' | 'red';
  departmentCode?: string;
  mine?: boolean;
  q?: string;
  page?: number;
  pageSize?: number;
  sort?: 'deadline' | 'reportedAt' | '-reportedAt' | 'number';
}

function listPath(query: CaseListQuery): string {
  const { state, ...rest } = query;
  const path = withQuery('/api/cases', rest as Record<string, string | number | undefined>);
  if (!state?.length) return path;
  const states = state.map((s) => `state=${encodeURIComponent(s)}`).join('&');
  return `${path}${path.includes('?') ? '&' : '?'}${states}`;
}

/** Exactly a hot spot's cases (the command centre's wall links to them), with the hot spot. */
export interface HotspotCases extends Page<Case> {
  hotspot: { id: string; categoryName: string; gridName: string; size: number; first: string; last: string };
}

/** The settings a hot spot was found with, as the wall's link carries them (see `hotspotLink`). */
export const HOTSPOT_PARAMS = ['days', 'meters', 'spanDays', 'minCases', 'at'] as const;

// Category, department and state names come in the caller's language: it is part of every key.
export const caseQueries = {
  hotspot: (id: string, settings: Record<string, string | undefined>, page: number, pageSize: number) =>
    queryOptions({
      queryKey: ['cases', 'hotspot', i18n.language, id, settings, page, pageSize],
      queryFn: ({ signal }) =>
        api.get<HotspotCases>(
          withQuery(`/api/command/hotspots/${encodeURIComponent(id)}/cases`, { ...settings, page, pageSize }),
          signal,
        ),
      placeholderData: keepPreviousData,
      enabled: id !== '',
    }),
  list: (query: CaseListQuery) =>
    queryOptions({
      queryKey: ['cases', 'list', i18n.language, query],
      queryFn: ({ signal }) => api.get<Page<Case>>(listPath(query), signal),
      placeholderData: keepPreviousData,
    }),
  inbox: (page: number, pageSize: number) =>
    queryOptions({
      queryKey: ['cases', 'inbox', i18n.language, page, pageSize],
      queryFn: ({ signal }) => api.get<Page<Case>>(withQuery('/api/cases/inbox', { page, pageSize }), signal),
      placeholderData: keepPreviousData,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: ['cases', 'detail', i18n.language, id],
      queryFn: ({ signal }) => api.get<CaseDetail>(`/api/cases/${id}`, signal),
    }),
  timeline: (id: string) =>
    queryOptions({
      queryKey: ['cases', 'timeline', id],
      queryFn: ({ signal }) => api.get<Timeline>(`/api/cases/${id}/timeline`, signal),
    }),
  suggestion: (id: string) =>
    queryOptions({
      queryKey: ['cases', 'suggestion', id],
      queryFn: ({ signal }) =>
        api.get<{ departmentCode: string | null }>(`/api/cases/${id}/suggestion`, signal),
    }),
  similar: (categoryCode: string, lon: number, lat: number) =>
    queryOptions({
      queryKey: ['cases', 'similar', i18n.language, categoryCode, lon, lat],
      queryFn: ({ signal }) =>
        api.get<{ items: SimilarCase[] }>(
          withQuery('/api/cases/similar', { categoryCode, lon, lat }),
          signal,
        ),
    }),
};

export const MOVES = [
  'register',
  'reject',
  'merge',
  'dispatch',
  'accept',
  'send_back',
  'feedback',
  'verify',
  'reopen',
  'close',
] as const;
export type Move = (typeof MOVES)[number];
export type CaseAction = Move | 'supervise' | 'evaluate';

export const reportCase = (input: ReportInput) => api.post<Reported>('/api/cases', input);
export const moveCase = (id: string, move: Move, body: MoveInput) =>
  api.post<CaseDetail>(`/api/cases/${id}/${move}`, body);
export const superviseCase = (id: string, instruction: string) =>
  api.post<CaseDetail>(`/api/cases/${id}/supervise`, { instruction });
export const evaluateCase = (id: string, satisfaction: number, comment?: string) =>
  api.post<CaseDetail>(`/api/cases/${id}/evaluate`, { satisfaction, comment });

export const attachmentUrl = (caseId: string, fileId: string) => `/api/cases/${caseId}/attachments/${fileId}`;

/** Uploads one file as the raw body (the JSON client cannot send bytes). */
export async function uploadAttachment(caseId: string, file: File): Promise<void> {
  // The session answer carries the token the JSON client sends on writes.
  const csrfToken = queryClient.getQueryData<{ csrfToken: string } | null>(SESSION_KEY)?.csrfToken;
  const headers: Record<string, string> = {
    'Content-Type': file.type,
    Accept: 'application/json',
    'Accept-Language': i18n.language,
  };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(`/api/cases/${caseId}/attachments`, { fileName: file.name }), {
      method: 'POST',
      headers,
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({ status: 0, code: 'network_error', detail: i18n.t('error.network') });
  }
  if (response.ok) return;
  const body = (await response.json().catch(() => null)) as Partial<Problem> | null;
  throw new ApiError({
    status: response.status,
    code: body?.code ?? `http_${response.status}`,
    detail: body?.detail ?? i18n.t('error.server', { status: response.status }),
  });
}

/** After any move: lists, the inbox and the case itself may all have changed. */
export function invalidateCases(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: ['cases'] });
}
