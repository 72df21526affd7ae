import { type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, request } from '../../app/api';
import type { Boundary } from '../../app/areas.model';
import type { SizingReport, SizingRule, SplitProposal, SplitResult } from './sizing.model';

export const sizingQueries = {
  report: () =>
    queryOptions({
      queryKey: ['grid-sizing'],
      queryFn: ({ signal }) => api.get<SizingReport>('/api/grid-sizing', signal),
    }),
};

export const sizingApi = {
  putRule: (rule: SizingRule) => request<SizingRule>('/api/grid-sizing/rule', { method: 'PUT', body: rule }),
  proposal: (code: string) => api.get<SplitProposal>(`/api/areas/${code}/split-proposal`),
  split: (code: string, body: { version: number; parts: { name: string; boundary: Boundary }[] }) =>
    api.post<SplitResult>(`/api/areas/${code}/split`, body),
};

/** After a split: the sizing report, the areas and every map layer have changed. */
export async function invalidateSizing(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['grid-sizing'] }),
    queryClient.invalidateQueries({ queryKey: ['areas'] }),
  ]);
}
