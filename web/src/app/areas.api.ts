import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, withQuery } from './api';
import type { Area, AreaCollection, AreaLevel, AreaSummary, HistoryEntry, TreeNode } from './areas.model';

/** The areas' queries, shared by every page, and the names of the caller's areas. */
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

/** The tree changes when an administrator edits areas; a few minutes' delay in names is fine. */
export const TREE_STALE_MS = 5 * 60_000;

/** Code → name of every area in the caller's scope (from the tree the area picker loads anyway). */
export function useAreaNames(): Map<string, string> {
  const tree = useQuery({ ...areaQueries.tree(), staleTime: TREE_STALE_MS });
  return useMemo(() => {
    const names = new Map<string, string>();
    const walk = (nodes: TreeNode[]) =>
      nodes.forEach((node) => {
        names.set(node.code, node.name);
        walk(node.children);
      });
    walk(tree.data?.items ?? []);
    return names;
  }, [tree.data]);
}
