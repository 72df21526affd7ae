import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  CameraLayerSchema,
  HotspotsSchema,
  LayoutSchema,
  Panel,
  PointsSchema,
  RankingsSchema,
  ReportSchema,
  WallFiguresSchema,
} from '../../../../server/src/modules/command/command.schemas.ts';
import type {
  EntriesSchema,
  SummarySchema,
} from '../../../../server/src/modules/resources/resources.schemas.ts';
import { api, withQuery } from '../../app/api';
import i18n from '../../app/i18n';

export type WallFigures = Static<typeof WallFiguresSchema>;
export type Points = Static<typeof PointsSchema>;
export type CameraLayer = Static<typeof CameraLayerSchema>;
export type Hotspots = Static<typeof HotspotsSchema>;
export type Hotspot = Hotspots['hotspots'][number];
export type Rankings = Static<typeof RankingsSchema>;
export type Layout = Static<typeof LayoutSchema>;
export type Report = Static<typeof ReportSchema>;
export type ResourcesSummary = Static<typeof SummarySchema>;
export type ResourceEntries = Static<typeof EntriesSchema>;
export type { Panel };
export type Indicator = Rankings['rows'][number] extends infer R
  ? keyof R & ('onTimeRate' | 'closureRate' | 'satisfaction' | 'reworkRate')
  : never;

/** The panels a new screen shows, in order, until the user saves a layout of their own. */
export const DEFAULT_PANELS: Panel[] = [
  { kind: 'figures', refreshSeconds: 60 },
  { kind: 'map', indicator: 'reported', refreshSeconds: 60 },
  { kind: 'hotspots', refreshSeconds: 300 },
  { kind: 'rankings', indicator: 'onTimeRate', refreshSeconds: 600 },
  { kind: 'resources', refreshSeconds: 3600 },
  { kind: 'live' },
];

const area = (areaCode: string | null) => (areaCode ? { areaCode } : {});

export const commandQueries = {
  figures: (areaCode: string | null, refreshSeconds = 60) =>
    queryOptions({
      queryKey: ['command', 'figures', areaCode],
      queryFn: ({ signal }) =>
        api.get<WallFigures>(withQuery('/api/command/figures', area(areaCode)), signal),
      refetchInterval: refreshSeconds * 1000,
    }),
  points: (areaCode: string | null, days: number) =>
    queryOptions({
      queryKey: ['command', 'points', areaCode, days],
      queryFn: ({ signal }) =>
        api.get<Points>(withQuery('/api/command/points', { ...area(areaCode), days: String(days) }), signal),
      refetchInterval: 60_000,
    }),
  hotspots: (areaCode: string | null, settings: { days: number; meters: number }, refreshSeconds = 300) =>
    queryOptions({
      queryKey: ['command', 'hotspots', areaCode, settings, i18n.language],
      queryFn: ({ signal }) =>
        api.get<Hotspots>(
          withQuery('/api/command/hotspots', {
            ...area(areaCode),
            days: String(settings.days),
            meters: String(settings.meters),
          }),
          signal,
        ),
      refetchInterval: refreshSeconds * 1000,
    }),
  rankings: (
    areaCode: string | null,
    groupBy: string,
    indicator: string,
    from?: string,
    refreshSeconds = 600,
  ) =>
    queryOptions({
      queryKey: ['command', 'rankings', areaCode, groupBy, indicator, from, i18n.language],
      queryFn: ({ signal }) =>
        api.get<Rankings>(
          withQuery('/api/command/rankings', {
            ...area(areaCode),
            groupBy,
            indicator,
            ...(from ? { from } : {}),
          }),
          signal,
        ),
      refetchInterval: refreshSeconds * 1000,
    }),
  resources: (areaCode: string | null, year: number) =>
    queryOptions({
      queryKey: ['command', 'resources', areaCode, year],
      queryFn: ({ signal }) =>
        api.get<ResourcesSummary>(
          withQuery('/api/resources/summary', { ...area(areaCode), year: String(year) }),
          signal,
        ),
      refetchInterval: 3_600_000,
    }),
  /** The cameras of the area with their state and incidents waiting: the map's camera layer. */
  cameras: (areaCode: string | null, enabled: boolean) =>
    queryOptions({
      queryKey: ['command', 'cameras', areaCode],
      queryFn: ({ signal }) =>
        api.get<CameraLayer>(withQuery('/api/command/cameras', area(areaCode)), signal),
      refetchInterval: 60_000,
      enabled,
    }),
  /** One community's fund lines, people and rooms of a year: what the resources page edits. */
  entries: (communityCode: string, year: number) =>
    queryOptions({
      queryKey: ['command', 'entries', communityCode, year],
      queryFn: ({ signal }) =>
        api.get<ResourceEntries>(
          withQuery('/api/resources/entries', { communityCode, year: String(year) }),
          signal,
        ),
    }),
  /** Today's visits and patrol tracks (the patrols module's GeoJSON): the map's patrol layer. */
  tracks: (areaCode: string | null, enabled: boolean) =>
    queryOptions({
      queryKey: ['command', 'tracks', areaCode],
      queryFn: ({ signal }) =>
        api.get<{ type: 'FeatureCollection'; features: unknown[] }>(
          withQuery('/api/visits/tracks', area(areaCode)),
          signal,
        ),
      refetchInterval: 300_000,
      enabled,
    }),
  layouts: () =>
    queryOptions({
      queryKey: ['command', 'layouts'],
      queryFn: ({ signal }) => api.get<Layout[]>('/api/command/layouts', signal),
    }),
  reports: (areaCode: string | null) =>
    queryOptions({
      queryKey: ['command', 'reports', areaCode],
      queryFn: ({ signal }) => api.get<Report[]>(withQuery('/api/command/reports', area(areaCode)), signal),
    }),
};

export { changeOf, isStale } from './command.model';
