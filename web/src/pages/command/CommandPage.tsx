import { SettingOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Select, Switch } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../app/api';
import { areaQueries } from '../../app/areas.api';
import { useAuth } from '../../app/auth';
import { AreaPicker } from '../../components/AreaPicker';
import { commandQueries, DEFAULT_PANELS, type Hotspot, type Panel } from './command.api';
import { prefixOf } from './command.model';
import { PanelEditor } from './PanelEditor';
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
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const areaCode = params.get('area');
  // The area and the layout are kept in the URL, so a wall screen opens on its own layout.
  const setParam = (name: 'area' | 'layout', value: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });
  const now = useNow();
  const layouts = useQuery(commandQueries.layouts());
  const layoutName = params.get('layout');
  const [editing, setEditing] = useState(false);
  // The caller's own layout of a name before their role's (the list has them in that order).
  const layout = layouts.data?.find((l) => l.name === layoutName) ?? null;
  const panels: Panel[] = layout?.panels ?? DEFAULT_PANELS;
  const refreshOf = (kind: Panel['kind'], fallback: number) =>
    panels.find((p) => p.kind === kind)?.refreshSeconds ?? fallback;
  const [days, setDays] = useState(7);
  const [heat, setHeat] = useState(true);
  const [patrols, setPatrols] = useState(false);
  const [cameras, setCameras] = useState(false);
  const layoutIndicator = (panels.find((p) => p.kind === 'map')?.indicator as MapIndicator) ?? 'reported';
  const [indicator, setIndicator] = useState<MapIndicator>(layoutIndicator);
  useEffect(() => setIndicator(layoutIndicator), [layoutIndicator]);
  const [hotSettings, setHotSettings] = useState({ days: 30, meters: 200 });
  const points = useQuery(commandQueries.points(areaCode, days));
  const hotspots = useQuery(commandQueries.hotspots(areaCode, hotSettings, refreshOf('hotspots', 300)));
  const grids = useQuery(areaQueries.geojson('grid'));
  const mayPatrols = can('visits.read');
  const tracks = useQuery(commandQueries.tracks(areaCode, patrols && mayPatrols));
  const mayCameras = can('cameras.read');
  const cameraLayer = useQuery(commandQueries.cameras(areaCode, cameras && mayCameras));
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
  useEffect(
    () =>
      wall.current?.setCameras(cameras ? cameraLayer.data : null, (c) =>
        [
          c.name,
          t(c.status === 'online' ? 'command.camera.online' : 'command.camera.offline'),
          ...(c.waiting > 0 ? [t('command.camera.waiting', { count: c.waiting })] : []),
        ].join(' · '),
      ),
    [cameras, cameraLayer.data, t],
  );

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
          {mayCameras && (
            <>
              <span>{t('command.cameras')}</span>{' '}
              <Switch size="small" checked={cameras} onChange={setCameras} data-testid="toggle-cameras" />
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
        indicator={panels.find((p) => p.kind === 'rankings')?.indicator}
      />
    ),
    resources: (
      <ResourcesPanel
        key="resources"
        areaCode={areaCode}
        now={now}
        refreshSeconds={refreshOf('resources', 3600)}
      />
    ),
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
          onChange={(code) => setParam('area', code ?? null)}
          placeholder={t('command.allArea')}
          style={{ width: 260 }}
          data-testid="wall-area"
        />
        <Select
          style={{ width: 220 }}
          value={layout ? layoutName : null}
          allowClear
          data-testid="wall-layout"
          placeholder={t('command.defaultLayout')}
          onChange={(v) => setParam('layout', v ?? null)}
          options={(layouts.data ?? []).map((l) => ({
            value: l.name,
            label: l.owner === 'role' ? `${l.name} (${t('command.roleLayout')})` : l.name,
          }))}
        />
        <Button icon={<SettingOutlined />} onClick={() => setEditing(true)} data-testid="edit-panels">
          {t('command.editor.open')}
        </Button>
        {editing && (
          <PanelEditor
            open
            onClose={() => setEditing(false)}
            layout={layout}
            panels={panels.map((p) => (p.kind === 'map' ? { ...p, indicator } : p))}
            layouts={layouts.data ?? []}
            onSaved={(name) => setParam('layout', name || null)}
          />
        )}
      </header>
      <main className="cg-wall-grid">{panels.map((p) => byKind[p.kind])}</main>
    </div>
  );
}
