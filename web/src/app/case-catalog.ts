import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { CategorySchema } from '../../../server/src/modules/cases/catalog.schemas.ts';
import type { DepartmentSchema } from '../../../server/src/modules/departments/departments.schemas.ts';
import { api } from './api';
import i18n from './i18n';

/** The case catalog's categories and the departments cases go to, as reporting, handling and the admin pages read them. */
export type Category = Static<typeof CategorySchema>;
export type Department = Static<typeof DepartmentSchema>;

// Names come in the caller's language: it is part of every key.
export const catalogQueries = {
  categories: () =>
    queryOptions({
      queryKey: ['case-catalog', 'categories', i18n.language],
      queryFn: ({ signal }) => api.get<{ items: Category[] }>('/api/case-categories', signal),
      staleTime: 10 * 60_000,
    }),
  departments: () =>
    queryOptions({
      queryKey: ['case-catalog', 'departments', i18n.language],
      queryFn: ({ signal }) => api.get<{ items: Department[] }>('/api/departments', signal),
      staleTime: 10 * 60_000,
    }),
};
