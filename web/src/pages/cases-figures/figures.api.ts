import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { CaseSchema } from '../../../../server/src/modules/cases/cases.schemas.ts';
import type {
  FiguresQuery,
  FiguresSchema,
  OverviewSchema,
} from '../../../../server/src/modules/cases/figures.schemas.ts';
import { api, type Page, withQuery } from '../../app/api';
import i18n from '../../app/i18n';

export type Case = Static<typeof CaseSchema>;
export type Figures = Static<typeof FiguresSchema>;
export type FiguresRow = Figures['rows'][number];
export type Overview = Static<typeof OverviewSchema>;
export type GroupBy = NonNullable<Static<typeof FiguresQuery>['groupBy']>;
export type FiguresInput = Omit<Static<typeof FiguresQuery>, 'groupBy'> & { groupBy: GroupBy };

/** The supervision board's lists: each a filter of `GET /api/cases`. */
export const BOARD_FILTERS = {
  red: { alarm: 'red' },
  yellow: { alarm: 'yellow' },
  overdue: { overdue: 'true' },
  supervised: { supervised: 'true' },
} as const;
export type BoardList = keyof typeof BOARD_FILTERS;

// Names come in the caller's language, so the language is part of every key.
export const figuresQueries = {
  figures: (input: FiguresInput) =>
    queryOptions({
      queryKey: ['cases', 'figures', i18n.language, input],
      queryFn: ({ signal }) => api.get<Figures>(withQuery('/api/cases/figures', input), signal),
      placeholderData: keepPreviousData,
    }),
  overview: (areaCode?: string) =>
    queryOptions({
      queryKey: ['cases', 'overview', i18n.language, areaCode ?? null],
      queryFn: ({ signal }) => api.get<Overview>(withQuery('/api/cases/overview', { areaCode }), signal),
      refetchInterval: 60_000,
    }),
  board: (list: BoardList, page: number, pageSize: number) =>
    queryOptions({
      queryKey: ['cases', 'board', i18n.language, list, page, pageSize],
      queryFn: ({ signal }) =>
        api.get<Page<Case>>(
          withQuery('/api/cases', { ...BOARD_FILTERS[list], sort: 'deadline', page, pageSize }),
          signal,
        ),
      placeholderData: keepPreviousData,
      refetchInterval: 60_000,
    }),
};
