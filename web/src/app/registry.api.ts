import { keepPreviousData, type QueryClient, queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { StatsSchema } from '../../../server/src/modules/registry/stats.schemas.ts';
import { api, type Page, withQuery } from './api';
import i18n from './i18n';
import type { HistoryEntry, ListQuery, RecordTypes, Resource, TagList, TagSetting } from './registry.model';

/**
 * `GET /api/registry/stats`, as docs/api-registry.md describes it. Written out here because the
 * server keeps its schema (`StatsSchema` in stats.routes.ts) private; once exported, derive it.
 */
export type AreaStats = Static<typeof StatsSchema>;

// Tag names come in the caller's language, so the language is part of every key.
export const registryQueries = {
  list: <R extends Resource>(resource: R, query: ListQuery) =>
    queryOptions({
      queryKey: ['registry', resource, 'list', i18n.language, query],
      queryFn: ({ signal }) => api.get<Page<RecordTypes[R]>>(withQuery(`/api/${resource}`, query), signal),
      placeholderData: keepPreviousData,
    }),
  detail: <R extends Resource>(resource: R, id: string) =>
    queryOptions({
      queryKey: ['registry', resource, 'detail', i18n.language, id],
      queryFn: ({ signal }) => api.get<RecordTypes[R]>(`/api/${resource}/${id}`, signal),
    }),
  history: (resource: Resource, id: string) =>
    queryOptions({
      queryKey: ['registry', resource, 'history', id],
      queryFn: ({ signal }) => api.get<{ items: HistoryEntry[] }>(`/api/${resource}/${id}/history`, signal),
    }),
  tags: () =>
    queryOptions({
      queryKey: ['registry', 'tags', i18n.language],
      queryFn: ({ signal }) => api.get<TagList>('/api/tags', signal),
      staleTime: 5 * 60_000,
    }),
  tagSettings: () =>
    queryOptions({
      queryKey: ['registry', 'tags', 'settings'],
      queryFn: ({ signal }) => api.get<{ items: TagSetting[] }>('/api/tags/settings', signal),
    }),
  stats: (areaCode: string | null) =>
    queryOptions({
      queryKey: ['registry', 'stats', i18n.language, areaCode],
      queryFn: ({ signal }) =>
        api.get<AreaStats>(withQuery('/api/registry/stats', { areaCode: areaCode ?? undefined }), signal),
      staleTime: 60_000,
    }),
};

export const saveTag = ({ code, ...body }: TagSetting) =>
  api.put<{ code: string }>(`/api/tags/${encodeURIComponent(code)}`, body);

/** After any write: lists, details, histories and the figures may all have changed. */
export function invalidateRegistry(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: ['registry'] });
}
