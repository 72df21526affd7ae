import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { invalidateCases } from './cases.api';

/** The size of the caller's inbox, as the last `waiting` event gave it. */
export const WAITING_KEY = ['case-events', 'waiting'] as const;

// One stream per tab, however many components listen (the menu badge, the open page).
let source: EventSource | null = null;
let listeners = 0;

function open(queryClient: QueryClient) {
  source = new EventSource('/api/cases/events');
  source.addEventListener('waiting', (event) => {
    const { count } = JSON.parse((event as MessageEvent<string>).data) as { count: number };
    queryClient.setQueryData(WAITING_KEY, count);
  });
  source.addEventListener('case', () => {
    void invalidateCases(queryClient);
  });
}

/**
 * Live case updates from `GET /api/cases/events`: keeps the inbox count and refreshes every
 * case query when a case the user may act on changes. EventSource reconnects by itself.
 */
export function useCaseEvents(enabled: boolean): number | undefined {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    listeners += 1;
    if (!source) open(queryClient);
    return () => {
      listeners -= 1;
      if (listeners === 0) {
        source?.close();
        source = null;
      }
    };
  }, [enabled, queryClient]);
  const waiting = useQuery({
    queryKey: WAITING_KEY,
    queryFn: () => queryClient.getQueryData<number>(WAITING_KEY) ?? null,
    enabled: false,
  });
  return waiting.data ?? undefined;
}
