import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Select, Switch } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../app/api';
import { areaQueries } from '../../app/areas.api';
import { useAuth } from '../../app/auth';
import { AreaPicker } from '../../components/AreaPicker';
import { commandQueries, DEFAULT_PANELS, type Hotspot, type Panel } from './command.api';
import { prefixOf } from './command.model';
import { FiguresPanel, HotspotsPanel, PanelFrame, RankingsPanel, ResourcesPanel } from './Panels';
import { type MapIndicator, WallMap } from './wall-map';
import './command.css';

interface LiveCase {
  id: string;
  number: string;
  gridCode: string;
  at: string;
}

/** Ticks every few seconds, so panels turn stale on screen without new data. */
function useNow(ms = 5000) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** The command centre's wall (`/command`): one area filters every panel; layouts saved by name. */
export default function CommandPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const areaCode = params.get('area');
  const now = useNow();
  const layouts = useQuery(commandQueries.layouts());
  const [layoutName, setLayoutName] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const layout = layouts.data?.find((l) => l.name === layoutName);
  const panels: Panel[] = layout?.panels ?? DEFAULT_PANELS;
  const refreshOf = (kind: Panel['kind'], fallback: number) =>
    panels.find((p) => p.kind === kind)?.refreshSeconds ?? fallback;
  const [days, setDays] = useState(7);
  const [heat, setHeat] = useState(true);
  const [patrols, setPatrols] = useState(false);
  const [indicator, setIndicator] = useState<MapIndicator>(
    (panels.find((p) => p.kind === 'map')?.indicator as MapIndicator) ?? 'reported',
  );
  const [hotSettings, setHotSettings] = useState({ days: 30, meters: 200 });
  const points = useQuery(commandQueries.points(areaCode, days));
  const hotspots = useQuery(commandQueries.hotspots(areaCode, hotSettings, refreshOf('hotspots', 300)));
  const grids = useQuery(areaQueries.geojson('grid'));
  const mayPatrols = can('visits.read');
  const tracks = useQuery(commandQueries.tracks(areaCode, patrols && mayPatrols));
  const [live, setLive] = useState<LiveCase[]>([]);

  const mapBox = useRef<HTMLDivElement>(null);
  const wall = useRef<WallMap | null>(null);
  const onHotspot = useRef<(h: Hotspot) => void>(() => {});
  onHotspot.current = (h) => navigate(h.href);
  const showMap = panels.some((p) => p.kind === 'map');
  useEffect(() => {
    if (!showMap || !mapBox.current) return;
    wall.current = new WallMap(mapBox.current, (h) => onHotspot.current(h));
    return () => {
      wall.current?.remove();
      wall.current = null;
    };
  }, [showMap]);
  useEffect(
    () => wall.current?.setGrids(grids.data, areaCode, points.data, indicator),
    [grids.data, areaCode, points.data, indicator],
  );
  useEffect(() => wall.current?.setPoints(points.data, heat), [points.data, heat]);
  useEffect(() => wall.current?.setHotspots(hotspots.data?.hotspots ?? []), [hotspots.data]);
  useEffect(() => wall.current?.setPatrols(patrols ? tracks.data : null), [patrols, tracks.data]);

  // New cases as they come (server-sent events): on the map and in the live list.
  useEffect(() => {
    const source = new EventSource('/api/cases/events');
    source.addEventListener('case', (event) => {
      const change = JSON.parse((event as MessageEvent<string>).data) as {
        caseId: string;
        gridCode: string;
        state: string;
      };
      if (change.state !== 'reported' || (areaCode && !change.gridCode.startsWith(prefixOf(areaCode))))
        return;
      void api
        .get<{ id: string; number: string; lon: number | null; lat: number | null; reportedAt: string }>(
          `/api/cases/${change.caseId}`,
        )
        .then(
          (c) => {
            if (c.lon !== null && c.lat !== null) wall.current?.addLive(c.lon, c.lat);
            setLive((list) =>
              [
                { id: c.id, number: c.number, gridCode: change.gridCode, at: c.reportedAt },
                ...list.filter((x) => x.id !== c.id),
              ].slice(0, 12),
            );
            void queryClient.invalidateQueries({ queryKey: ['command', 'figures'] });
          },
          () => undefined,
        );
    });
    return () => source.close();
  }, [areaCode, queryClient]);

  const save = useMutation({
    mutationFn: (name: string) =>
      api.put('/api/command/layouts', {
        name,
        panels: panels.map((p) => (p.kind === 'map' ? { ...p, indicator } : p)),
        ...(layouts.data?.find((l) => l.name === name && l.owner === 'user')
          ? { version: layouts.data.find((l) => l.name === name && l.owner === 'user')!.version }
          : {}),
      }),
    onSuccess: (_, name) => {
      setLayoutName(name);
      setNewName('');
      void message.success(t('command.layoutSaved'));
      return queryClient.invalidateQueries({ queryKey: ['command', 'layouts'] });
    },
    onError: (e) => void message.error(e.message),
  });

  const mapPanel = (
    <PanelFrame
      key="map"
      id="map"
      title={t('command.panel.map')}
      computedAt={points.data?.computedAt}
      refreshSeconds={refreshOf('map', 60)}
      now={now}
      extra={
        <>
          <Select
            size="small"
            value={indicator}
            onChange={setIndicator}
            options={(['reported', 'households', 'population'] as const).map((i) => ({
              value: i,
              label: t(`command.mapIndicator.${i}`),
            }))}
          />
          <Select
            size="small"
            value={days}
            onChange={setDays}
            options={[1, 7, 30].map((d) => ({ value: d, label: t('command.lastDays', { days: d }) }))}
          />
          <span>{t('command.heat')}</span> <Switch size="small" checked={heat} onChange={setHeat} />
          {mayPatrols && (
            <>
              <span>{t('command.patrols')}</span>{' '}
              <Switch size="small" checked={patrols} onChange={setPatrols} />
            </>
          )}
        </>
      }
    >
      <div ref={mapBox} className="cg-wall-map" data-testid="wall-map" />
    </PanelFrame>
  );
  const byKind = {
    figures: (
      <FiguresPanel key="figures" areaCode={areaCode} now={now} refreshSeconds={refreshOf('figures', 60)} />
    ),
    map: mapPanel,
    hotspots: (
      <HotspotsPanel
        key="hotspots"
        areaCode={areaCode}
        hotspots={hotspots.data?.hotspots ?? []}
        computedAt={hotspots.data?.computedAt}
        refreshSeconds={refreshOf('hotspots', 300)}
        now={now}
        settings={hotSettings}
        onSettings={setHotSettings}
      />
    ),
    rankings: (
      <RankingsPanel
        key="rankings"
        areaCode={areaCode}
        now={now}
        refreshSeconds={refreshOf('rankings', 600)}
      />
    ),
    resources: <ResourcesPanel key="resources" areaCode={areaCode} now={now} />,
    live: (
      <PanelFrame key="live" id="live" title={t('command.panel.live')} refreshSeconds={3600} now={now}>
        <ul className="cg-wall-live-list" data-testid="live-cases">
          {live.length === 0 && <li className="cg-wall-muted">{t('command.noLive')}</li>}
          {live.map((c) => (
            <li key={c.id}>
              <a href={`/cases/${c.id}`}>{c.number}</a>{' '}
              <span className="cg-wall-muted">{new Date(c.at).toLocaleTimeString()}</span>
            </li>
          ))}
        </ul>
      </PanelFrame>
    ),
  };

  return (
    <div className="cg-wall" data-testid="command-wall">
      <header className="cg-wall-top">
        <h1>{t('command.title')}</h1>
        <AreaPicker
          value={areaCode}
          onChange={(code) => setParams(code ? { area: code } : {})}
          placeholder={t('command.allArea')}
          style={{ width: 260 }}
          data-testid="wall-area"
        />
        <Select
          style={{ width: 200 }}
          value={layoutName}
          allowClear
          placeholder={t('command.defaultLayout')}
          onChange={(v) => setLayoutName(v ?? null)}
          options={(layouts.data ?? []).map((l) => ({
            value: l.name,
            label: l.owner === 'role' ? `${l.name} (${t('command.roleLayout')})` : l.name,
          }))}
        />
        <Input
          size="middle"
          style={{ width: 160 }}
          placeholder={t('command.layoutName')}
          value={newName}
          onChange={(e) => setNewName(e.target.value)}
        />
        <Button
          onClick={() => save.mutate(newName.trim() || layoutName || t('command.defaultLayout'))}
          loading={save.isPending}
        >
          {t('command.saveLayout')}
        </Button>
      </header>
      <main className="cg-wall-grid">{panels.map((p) => byKind[p.kind])}</main>
    </div>
  );
}
