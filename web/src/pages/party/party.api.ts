import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type * as party from '../../../../server/src/modules/party/party.schemas.ts';
import { api, withQuery } from '../../app/api';

// Types come from the server's schemas (docs/party.md), so the two cannot drift apart.
export type PartyOrg = party.PartyOrg;
export type PartyMember = party.PartyMember;
export type MemberDetail = Static<typeof party.PartyMemberDetailSchema>;
export type Meeting = party.Meeting;
export type Compliance = party.Compliance;
export type Arrears = Static<typeof party.ArrearsSchema>;
export type Figures = Static<typeof party.FiguresSchema>;
export type FigureRow = party.FigureRow;
export type Requirements = party.Requirements;
export type OrgKind = PartyOrg['kind'];
export type Status = PartyMember['status'];
export type MeetingKind = Meeting['kind'];

export const ORG_KINDS: readonly OrgKind[] = ['committee', 'general_branch', 'branch'];
export const STATUSES: readonly Status[] = ['applicant', 'activist', 'probationary', 'full'];
export const MEETING_KINDS: readonly MeetingKind[] = [
  'committee',
  'members',
  'group',
  'class',
  'theme_day',
  'democratic_review',
  'other',
];

type Query = Record<string, string | number | undefined>;
const get = <T>(path: string, query: Query, signal?: AbortSignal) =>
  api.get<T>(withQuery(path, query), signal);

export const partyQueries = {
  orgs: (areaCode?: string) =>
    queryOptions({
      queryKey: ['party', 'orgs', areaCode],
      queryFn: ({ signal }) => get<{ items: PartyOrg[] }>('/api/party/orgs', { areaCode }, signal),
    }),
  members: (query: Query) =>
    queryOptions({
      queryKey: ['party', 'members', query],
      queryFn: ({ signal }) =>
        get<{ items: PartyMember[]; total: number }>('/api/party/members', query, signal),
    }),
  member: (id: string) =>
    queryOptions({
      queryKey: ['party', 'member', id],
      queryFn: ({ signal }) => api.get<MemberDetail>(`/api/party/members/${id}`, signal),
    }),
  meetings: (query: Query) =>
    queryOptions({
      queryKey: ['party', 'meetings', query],
      queryFn: ({ signal }) => get<{ items: Meeting[]; total: number }>('/api/party/meetings', query, signal),
    }),
  compliance: (areaCode?: string, month?: string) =>
    queryOptions({
      queryKey: ['party', 'compliance', areaCode, month],
      queryFn: ({ signal }) => get<Compliance>('/api/party/compliance', { areaCode, month }, signal),
    }),
  arrears: (areaCode?: string, month?: string) =>
    queryOptions({
      queryKey: ['party', 'arrears', areaCode, month],
      queryFn: ({ signal }) => get<Arrears>('/api/party/arrears', { areaCode, month }, signal),
    }),
  figures: (areaCode?: string, year?: number) =>
    queryOptions({
      queryKey: ['party', 'figures', areaCode, year],
      queryFn: ({ signal }) => get<Figures>('/api/party/figures', { areaCode, year }, signal),
    }),
  requirements: () =>
    queryOptions({
      queryKey: ['party', 'requirements'],
      queryFn: ({ signal }) => api.get<Requirements>('/api/party/requirements', signal),
    }),
};

export const createOrg = (body: party.CreateOrgBody) => api.post<PartyOrg>('/api/party/orgs', body);
export const createMember = (body: party.CreateMemberBody) =>
  api.post<PartyMember>('/api/party/members', body);
export const recordMeeting = (body: party.MeetingBody) => api.post<Meeting>('/api/party/meetings', body);
export const memberAction = (
  id: string,
  action: 'status' | 'transfer' | 'dues' | 'registration' | 'hours',
  body: Record<string, unknown>,
) => api.post<unknown>(`/api/party/members/${id}/${action}`, body);

/** The organizations as a tree: children under their parent when the parent is in the list. */
export interface OrgNode extends PartyOrg {
  children: OrgNode[];
}
export function orgTree(orgs: PartyOrg[]): OrgNode[] {
  const nodes = new Map(orgs.map((o) => [o.id, { ...o, children: [] as OrgNode[] }]));
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** This month in China Standard Time, 'YYYY-MM'. */
export const thisMonthCst = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
export const todayCst = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
