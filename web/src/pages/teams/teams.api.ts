import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type * as patrols from '../../../../server/src/modules/patrols/patrols.schemas.ts';
import type * as teams from '../../../../server/src/modules/teams/teams.schemas.ts';
import { api, withQuery } from '../../app/api';

// Types come from the server's schemas (docs/api-teams.md), so the two cannot drift apart.
export type Member = teams.Member;
export type MemberDetail = Static<typeof teams.MemberDetailSchema>;
export type MemberGrid = Member['grids'][number];
export type Team = NonNullable<Member['team']>;
export type Level = Static<typeof teams.LevelEnum>;
export type MemberHistory = Static<typeof teams.HistorySchema>;
export type CreateMemberBody = teams.CreateMemberBody;
export type UpdateMemberBody = teams.UpdateMemberBody;
export type QualificationBody = teams.QualificationBody;
export type TrainingBody = teams.TrainingBody;
export type Force = Static<typeof teams.ForceSchema>;
export type ContactCard = Static<typeof teams.ContactCardSchema>;
export type RewardRules = teams.RewardRules;
export type RewardLedger = Static<typeof teams.RewardLedgerSchema>;
export type Plan = Static<typeof patrols.PlanSchema>;
export type PlanFilter = Plan['filter'];
export type TargetType = Plan['targetType'];
export type Frequency = Plan['frequency'];
export type CreatePlanBody = patrols.CreatePlanBody;
export type UpdatePlanBody = patrols.UpdatePlanBody;
export type Coverage = Static<typeof patrols.CoverageSchema>;
export type CoverageRow = Coverage['total'];
export type Overdue = Static<typeof patrols.OverdueSchema>;
export type Tracks = Static<typeof patrols.TracksSchema>;

export const TEAMS: readonly Team[] = ['grid_manager', 'service', 'volunteer'];
export const LEVELS: readonly Level[] = ['junior', 'intermediate', 'senior'];
export const TARGET_TYPES: readonly TargetType[] = ['person', 'house', 'org', 'grid'];
export const FREQUENCIES: readonly Frequency[] = ['daily', 'weekly', 'monthly', 'quarterly'];

export interface MembersQuery {
  areaCode?: string;
  team?: string;
  forceCode?: string;
  status?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

type Query = Record<string, string | number | undefined>;

export const teamQueries = {
  members: (query: MembersQuery) =>
    queryOptions({
      queryKey: ['teams', 'members', query],
      queryFn: ({ signal }) =>
        api.get<{ items: Member[]; total: number }>(withQuery('/api/team-members', query as Query), signal),
    }),
  member: (id: string) =>
    queryOptions({
      queryKey: ['teams', 'member', id],
      queryFn: ({ signal }) => api.get<MemberDetail>(`/api/team-members/${id}`, signal),
    }),
  history: (id: string) =>
    queryOptions({
      queryKey: ['teams', 'history', id],
      queryFn: ({ signal }) => api.get<MemberHistory>(`/api/team-members/${id}/history`, signal),
    }),
  forces: () =>
    queryOptions({
      queryKey: ['teams', 'forces'],
      queryFn: ({ signal }) => api.get<{ items: Force[] }>('/api/forces', signal),
      staleTime: 5 * 60_000,
    }),
  contacts: (gridCode: string, language: string) =>
    queryOptions({
      queryKey: ['teams', 'contacts', gridCode, language],
      queryFn: ({ signal }) => api.get<ContactCard>(`/api/grids/${gridCode}/contacts`, signal),
    }),
  rewardRules: () =>
    queryOptions({
      queryKey: ['teams', 'reward-rules'],
      queryFn: ({ signal }) => api.get<RewardRules>('/api/team-rewards/rules', signal),
    }),
  rewards: (year: number, areaCode?: string) =>
    queryOptions({
      queryKey: ['teams', 'rewards', year, areaCode],
      queryFn: ({ signal }) =>
        api.get<RewardLedger>(withQuery('/api/team-rewards', { year, areaCode }), signal),
    }),
};

export const visitQueries = {
  plans: (query: { areaCode?: string; page: number; pageSize: number }) =>
    queryOptions({
      queryKey: ['visits', 'plans', query],
      queryFn: ({ signal }) =>
        api.get<{ items: Plan[]; total: number }>(withQuery('/api/visit-plans', query), signal),
    }),
  coverage: (query: { areaCode?: string; from: string; to: string }) =>
    queryOptions({
      queryKey: ['visits', 'coverage', query],
      queryFn: ({ signal }) => api.get<Coverage>(withQuery('/api/patrols/coverage', query), signal),
    }),
  overdue: (areaCode?: string) =>
    queryOptions({
      queryKey: ['visits', 'overdue', areaCode],
      queryFn: ({ signal }) => api.get<Overdue>(withQuery('/api/visit-tasks/overdue', { areaCode }), signal),
    }),
  tracks: (date: string, areaCode?: string) =>
    queryOptions({
      queryKey: ['visits', 'tracks', date, areaCode],
      queryFn: ({ signal }) => api.get<Tracks>(withQuery('/api/visits/tracks', { date, areaCode }), signal),
    }),
};

export const createMember = (body: CreateMemberBody) => api.post<Member>('/api/team-members', body);
export const updateMember = (id: string, body: UpdateMemberBody) =>
  api.patch<Member>(`/api/team-members/${id}`, body);
export const addQualification = (id: string, body: QualificationBody) =>
  api.post<MemberDetail['qualifications'][number]>(`/api/team-members/${id}/qualifications`, body);
export const addTraining = (id: string, body: TrainingBody) =>
  api.post<MemberDetail['trainings'][number]>(`/api/team-members/${id}/trainings`, body);
export const putRewardRules = (body: RewardRules) => api.put<RewardRules>('/api/team-rewards/rules', body);
export const createPlan = (body: CreatePlanBody) => api.post<Plan>('/api/visit-plans', body);
export const updatePlan = (id: string, body: UpdatePlanBody) =>
  api.patch<Plan>(`/api/visit-plans/${id}`, body);
export const generateTasks = (body: { areaCode?: string; date?: string }) =>
  api.post<{ plans: number; created: number }>('/api/visit-plans/generate', body);

/** After a write to members: lists, the member, its history and the contact cards may all differ. */
export function invalidateTeams(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: ['teams'] });
}
