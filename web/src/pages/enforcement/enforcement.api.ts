import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type * as schemas from '../../../../server/src/modules/enforcement/enforcement.schemas.ts';
import { api, withQuery } from '../../app/api';

// Types come from the server's schemas (docs/enforcement.md).
export type Matter = schemas.Matter;
export type MatterDetail = schemas.MatterDetail;
export type Evidence = MatterDetail['evidence'][number];
export type Step = MatterDetail['steps'][number];
export type CreateMatter = schemas.CreateMatter;
export type MoveInput = schemas.MoveInput;
export type Move = MoveInput['move'];
export type EvidenceInput = schemas.EvidenceInput;
export type PublicDecision = schemas.PublicDecision;
export type Officer = Static<typeof schemas.OfficerSchema>;

export const STATES = [
  'discovered',
  'investigating',
  'notified',
  'hearing',
  'heard',
  'reviewing',
  'reviewed',
  'decided',
  'served',
  'executed',
  'closed',
] as const;

export type State = (typeof STATES)[number];
export type EvidenceKind = EvidenceInput['kind'];

/** Moves taken on site: two officers. */
export const ON_SITE: readonly Move[] = ['hold_hearing', 'serve', 'execute'];

export interface MattersQuery {
  areaCode?: string;
  state?: string;
  overdue?: 'step' | 'publication';
  page?: number;
  pageSize?: number;
}

type Query = Record<string, string | number | undefined>;

export const enforcementQueries = {
  matters: (query: MattersQuery) =>
    queryOptions({
      queryKey: ['enforcement', 'matters', query],
      queryFn: ({ signal }) =>
        api.get<{ items: Matter[]; total: number }>(
          withQuery('/api/enforcement/matters', query as Query),
          signal,
        ),
    }),
  matter: (id: string) =>
    queryOptions({
      queryKey: ['enforcement', 'matter', id],
      queryFn: ({ signal }) => api.get<MatterDetail>(`/api/enforcement/matters/${id}`, signal),
    }),
  officers: () =>
    queryOptions({
      queryKey: ['enforcement', 'officers'],
      queryFn: ({ signal }) => api.get<{ items: Officer[] }>('/api/enforcement/officers', signal),
    }),
  orgs: (q: string) =>
    queryOptions({
      queryKey: ['enforcement', 'orgs', q],
      queryFn: ({ signal }) =>
        api.get<{ items: Array<{ id: string; name: string; gridCode: string }> }>(
          withQuery('/api/orgs', { q, pageSize: 20 }),
          signal,
        ),
    }),
  publicDecisions: (page: number) =>
    queryOptions({
      queryKey: ['enforcement', 'public', page],
      queryFn: ({ signal }) =>
        api.get<{ items: PublicDecision[]; total: number }>(
          withQuery('/api/public/enforcement/decisions', { page, pageSize: 20 }),
          signal,
        ),
    }),
};

export const createMatter = (body: CreateMatter) => api.post<MatterDetail>('/api/enforcement/matters', body);
export const makeMove = (id: string, body: MoveInput) =>
  api.post<MatterDetail>(`/api/enforcement/matters/${id}/moves`, body);
export const addEvidence = (id: string, body: EvidenceInput) =>
  api.post<MatterDetail>(`/api/enforcement/matters/${id}/evidence`, body);
export const documentUrl = (id: string, document: 'notice' | 'decision') =>
  `/api/enforcement/matters/${id}/documents/${document}`;
