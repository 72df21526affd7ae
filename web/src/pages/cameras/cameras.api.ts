import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  CameraDetailSchema,
  CameraPointsSchema,
  CameraSchema,
  IncidentSchema,
  RuleSchema,
} from '../../../../server/src/modules/cameras/cameras.schemas.ts';
import { api, type Page, withQuery } from '../../app/api';

export type Camera = Static<typeof CameraSchema>;
export type CameraDetail = Static<typeof CameraDetailSchema>;
export type CameraPoint = Static<typeof CameraPointsSchema>['items'][number];
export type Incident = Static<typeof IncidentSchema>;
export type Rule = Static<typeof RuleSchema>;

export interface IncidentFilter {
  areaCode?: string;
  alarmType?: string;
  decision?: 'pending' | 'case' | 'dismissed';
  cameraId?: string;
  page?: number;
  pageSize?: number;
}

export const cameraQueries = {
  incidents: (filter: IncidentFilter, lang: string) =>
    queryOptions({
      queryKey: ['cameras', 'incidents', lang, filter],
      queryFn: ({ signal }) =>
        api.get<Page<Incident>>(withQuery('/api/camera-incidents', { ...filter }), signal),
      placeholderData: keepPreviousData,
    }),
  list: (query: { areaCode?: string; status?: string; q?: string; page: number; pageSize: number }) =>
    queryOptions({
      queryKey: ['cameras', 'list', query],
      queryFn: ({ signal }) => api.get<Page<Camera>>(withQuery('/api/cameras', { ...query }), signal),
      placeholderData: keepPreviousData,
    }),
  detail: (id: string, lang: string) =>
    queryOptions({
      queryKey: ['cameras', 'detail', lang, id],
      queryFn: ({ signal }) => api.get<CameraDetail>(`/api/cameras/${id}`, signal),
    }),
  points: (areaCode?: string) =>
    queryOptions({
      queryKey: ['cameras', 'points', areaCode],
      queryFn: ({ signal }) =>
        api.get<{ items: CameraPoint[] }>(withQuery('/api/cameras/points', { areaCode }), signal),
      staleTime: 60_000,
    }),
  rules: () =>
    queryOptions({
      queryKey: ['cameras', 'rules'],
      queryFn: ({ signal }) => api.get<{ items: Rule[] }>('/api/camera-rules', signal),
      staleTime: 5 * 60_000,
    }),
};

export const decide = (id: string, verb: 'confirm' | 'dismiss', version: number) =>
  api.post<Incident>(`/api/camera-incidents/${id}/${verb}`, { version });
