import { type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, withQuery } from '../../app/api';
import type { Area, AreaCollection, AreaLevel, AreaSummary, HistoryEntry, TreeNode } from './areas.model';

export const areaQueries = {
  detail: (code: string) =>
    queryOptions({
      queryKey: ['areas', 'detail', code],
      queryFn: ({ signal }) => api.get<Area>(`/api/areas/${code}`, signal),
    }),
  history: (code: string) =>
    queryOptions({
      queryKey: ['areas', 'history', code],
      queryFn: ({ signal }) => api.get<{ items: HistoryEntry[] }>(`/api/areas/${code}/history`, signal),
    }),
  tree: () =>
    queryOptions({
      queryKey: ['areas', 'tree'],
      queryFn: ({ signal }) => api.get<{ items: TreeNode[] }>('/api/areas/tree?depth=grid', signal),
    }),
  search: (q: string) =>
    queryOptions({
      queryKey: ['areas', 'search', q],
      queryFn: ({ signal }) =>
        api.get<{ items: AreaSummary[]; total: number }>(
          withQuery('/api/areas', { q, pageSize: 20 }),
          signal,
        ),
      staleTime: 60_000,
    }),
  geojson: (level: AreaLevel) =>
    queryOptions({
      queryKey: ['areas', 'geojson', level],
      queryFn: ({ signal }) => api.get<AreaCollection>(`/api/areas.geojson?level=${level}`, signal),
      staleTime: 5 * 60_000,
      // Tens of megabytes for a city: comparing a refetch with the old copy costs more than it saves.
      structuralSharing: false,
    }),
};

/** After any write: areas, tree, search results and map layers may all have changed. */
export function invalidateAreas(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: ['areas'] });
}
