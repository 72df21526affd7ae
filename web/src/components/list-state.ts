import { useMemo } from 'react';
import { useSearchParams } from 'react-router';

/** A list's filters, page and sort, kept in the URL (under `prefix` when a page has two lists). */
export interface ListState {
  get(name: string): string | undefined;
  /** Changes filters; anything but a page change goes back to the first page. */
  set(patch: Record<string, string | undefined>): void;
}

export function useListState(prefix = ''): ListState {
  const [params, setParams] = useSearchParams();
  return useMemo(
    () => ({
      get: (name) => params.get(prefix + name) ?? undefined,
      set: (patch) =>
        setParams(
          (current) => {
            const next = new URLSearchParams(current);
            for (const [name, value] of Object.entries(patch)) {
              if (value) next.set(prefix + name, value);
              else next.delete(prefix + name);
            }
            if (!('page' in patch)) next.delete(`${prefix}page`);
            return next;
          },
          { replace: true },
        ),
    }),
    [params, setParams, prefix],
  );
}
