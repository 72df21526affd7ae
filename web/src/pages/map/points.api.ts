import { queryOptions } from '@tanstack/react-query';
import { api, type Page, withQuery } from '../../app/api';
import type { Building, Thing } from '../../app/registry.model';
import { type AreaPoints, toPoints } from './points.model';

/** The lists allow 500 a page; more than a few pages means the area is not small after all. */
const PAGE_SIZE = 500;
const MAX_PAGES = 4;

async function listAll<T>(resource: 'buildings' | 'things', areaCode: string, signal: AbortSignal) {
  const page = (n: number) =>
    api.get<Page<T>>(withQuery(`/api/${resource}`, { areaCode, pageSize: PAGE_SIZE, page: n }), signal);
  const first = await page(1);
  const pages = Math.min(Math.ceil(first.total / PAGE_SIZE), MAX_PAGES);
  const rest = await Promise.all(Array.from({ length: Math.max(pages - 1, 0) }, (_, i) => page(i + 2)));
  return { items: [first, ...rest].flatMap((p) => p.items), total: first.total };
}

// Under `registry`, so that any registry write (a moved building, a repaired light) refreshes it.
export const pointQueries = {
  area: (areaCode: string) =>
    queryOptions({
      queryKey: ['registry', 'map-points', areaCode],
      queryFn: async ({ signal }): Promise<AreaPoints> => {
        const [buildings, things] = await Promise.all([
          listAll<Building>('buildings', areaCode, signal),
          listAll<Thing>('things', areaCode, signal),
        ]);
        return { ...toPoints(buildings.items, things.items), total: buildings.total + things.total };
      },
      staleTime: 60_000,
    }),
};
