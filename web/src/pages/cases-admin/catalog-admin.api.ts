import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { CategoryBody, RuleSchema } from '../../../../server/src/modules/cases/catalog.schemas.ts';
import type {
  CreateDepartmentBody,
  UpdateDepartmentBody,
} from '../../../../server/src/modules/departments/departments.schemas.ts';
import { api, request } from '../../app/api';
import type { Category, Department } from '../../app/case-catalog';

export const STEPS = ['register', 'dispatch', 'handle', 'verify', 'close'] as const;
export type Step = (typeof STEPS)[number];
export type TimeLimits = CategoryBody['timeLimits'];

export type RoutingRule = Static<typeof RuleSchema>;

/** A department as the admin form edits it; the code is fixed once created. */
export type DepartmentInput = Omit<CreateDepartmentBody, 'code'>;

export type CategoryInput = CategoryBody;

/** The categories named in one language: the GET names them in the language asked for only. */
const categoriesIn = (language: 'zh-CN' | 'en') =>
  queryOptions({
    queryKey: ['case-catalog', 'admin-categories', language],
    queryFn: ({ signal }) =>
      request<{ items: Category[] }>('/api/case-categories', {
        signal,
        headers: { 'Accept-Language': language },
      }),
  });

export const catalogAdminQueries = {
  categoriesZh: () => categoriesIn('zh-CN'),
  categoriesEn: () => categoriesIn('en'),
  /** Every unit, the retired ones too (departments.manage); the cases pages read the active ones. */
  departments: () =>
    queryOptions({
      queryKey: ['case-catalog', 'departments', 'all'],
      queryFn: ({ signal }) =>
        api.get<{ items: Department[] }>('/api/departments?includeRetired=true', signal),
    }),
  rules: () =>
    queryOptions({
      queryKey: ['case-catalog', 'routing-rules'],
      queryFn: ({ signal }) => api.get<{ items: RoutingRule[] }>('/api/routing-rules', signal),
    }),
};

export const putCategory = (code: string, body: CategoryInput) =>
  api.put<{ code: string; version: number }>(`/api/case-categories/${encodeURIComponent(code)}`, body);
export const createDepartment = (body: CreateDepartmentBody) =>
  api.post<Department>('/api/departments', body);
export const updateDepartment = (code: string, body: UpdateDepartmentBody) =>
  api.patch<Department>(`/api/departments/${encodeURIComponent(code)}`, body);
export const retireDepartment = (code: string, version: number) =>
  api.post<Department>(`/api/departments/${encodeURIComponent(code)}/retire`, { version });
export const addRule = (body: Omit<RoutingRule, 'id'>) => api.post<RoutingRule>('/api/routing-rules', body);
export const deleteRule = (id: string) => api.delete<void>(`/api/routing-rules/${encodeURIComponent(id)}`);
