import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type * as schemas from '../../../../server/src/modules/disputes/disputes.schemas.ts';
import { api, withQuery } from '../../app/api';

// Types come from the server's schemas, so the two cannot drift apart.
export type Dispute = schemas.Dispute;
export type DisputeDetail = schemas.DisputeDetail;
export type Kind = schemas.Kind;
export type CreateDisputeBody = schemas.CreateDisputeBody;
export type Screening = schemas.Screening;
export type GridReturn = Screening['grids'][number];
export type Mediator = Static<typeof schemas.MediatorSchema>;
export type Notice = Static<typeof schemas.NoticeSchema>;
export type DisputeState = Dispute['state'];
export type Risk = Dispute['risk'];
export type Source = Dispute['source'];

export const STATES: readonly DisputeState[] = [
  'reported',
  'mediating',
  'agreed',
  'failed',
  'withdrawn',
  'escalated',
];
export const RISKS: readonly Risk[] = ['low', 'medium', 'high', 'major'];
export const SOURCES: readonly Source[] = ['patrol', 'resident', 'case', 'hotline', 'department'];
export const RISK_COLORS: Record<Risk, string> = {
  low: 'green',
  medium: 'gold',
  high: 'orange',
  major: 'red',
};

type Query = Record<string, string | number | boolean | undefined>;

export const disputeQueries = {
  list: (query: Query) =>
    queryOptions({
      queryKey: ['disputes', 'list', query],
      queryFn: ({ signal }) =>
        api.get<{ items: Dispute[]; total: number }>(
          withQuery('/api/disputes', query as Record<string, string | number | undefined>),
          signal,
        ),
    }),
  one: (id: string) =>
    queryOptions({
      queryKey: ['disputes', 'one', id],
      queryFn: ({ signal }) => api.get<DisputeDetail>(`/api/disputes/${id}`, signal),
    }),
  kinds: () =>
    queryOptions({
      queryKey: ['disputes', 'kinds'],
      queryFn: ({ signal }) => api.get<Kind[]>('/api/dispute-kinds', signal),
      staleTime: 5 * 60_000,
    }),
  mediators: () =>
    queryOptions({
      queryKey: ['disputes', 'mediators'],
      queryFn: ({ signal }) => api.get<Mediator[]>('/api/mediators', signal),
    }),
  notices: (areaCode?: string) =>
    queryOptions({
      queryKey: ['disputes', 'notices', areaCode],
      queryFn: ({ signal }) => api.get<Notice[]>(withQuery('/api/dispute-notices', { areaCode }), signal),
    }),
  screening: (month: string, areaCode?: string) =>
    queryOptions({
      queryKey: ['disputes', 'screening', month, areaCode],
      queryFn: ({ signal }) =>
        api.get<Screening>(withQuery('/api/dispute-screenings', { month, areaCode }), signal),
    }),
};

export const disputeMove = (id: string, move: string, body: Record<string, unknown>) =>
  api.post<DisputeDetail>(`/api/disputes/${id}/${move}`, body);

export const fileReturn = (gridCode: string, month: string, noneFound: boolean) =>
  api.put<GridReturn>(`/api/dispute-screenings/${gridCode}/${month}`, { noneFound });

export const reportUrl = (month: string, format: 'xlsx' | 'docx', areaCode?: string) =>
  withQuery('/api/dispute-screenings/report', { month, format, areaCode });

/** This month in China Standard Time, `YYYY-MM`. */
export const thisMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
