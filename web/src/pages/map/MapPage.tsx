import { AimOutlined, ExpandOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Select, Spin, Tooltip } from 'antd';
import type { LatLng } from 'leaflet';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, isApiError } from '../../app/api';
import { areaQueries } from '../../app/areas.api';
import type { AreaProperties, LocateResult } from '../../app/areas.model';
import { useAuth } from '../../app/auth';
import i18n from '../../app/i18n';
import { AreaSearch } from '../../components/AreaSearch';
import { AreaPanel } from './AreaPanel';
import { AreaMap } from './area-map';
import { buildScale, FIGURES, type Figure } from './figures';
import { Legend } from './Legend';
import { type Located, LocatePopup } from './LocatePopup';
import { PointPopup } from './PointPopup';
import { PointsLegend } from './PointsLegend';
import { pointQueries } from './points.api';
import { isSmallArea, type MapPoint } from './points.model';
import '../../components/map-frame.css';
import './map.css';

const FIGURE_KEY = 'cg.map.figure';
const POINTS_KEY = 'cg.map.points';

function describeGrid(properties: AreaProperties): string {
  const households =
    properties.households == null
      ? ''
      : ` · ${i18n.t('area.householdsCount', { count: properties.households })}`;
  return `${properties.name} (${properties.code})${households}`;
}

export default function MapPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const selectedCode = params.get('area');
  const [figure, setFigure] = useState<Figure>(() => {
    const saved = localStorage.getItem(FIGURE_KEY);
    return FIGURES.find((f) => f === saved) ?? 'households';
  });
  const { user } = useAuth();
  const [pointsOn, setPointsOn] = useState(() => localStorage.getItem(POINTS_KEY) !== 'off');
  const [openPoint, setOpenPoint] = useState<MapPoint | null>(null);
  const [locating, setLocating] = useState(false);
  const [located, setLocated] = useState<Located | null>(null);
  const [areaMap, setAreaMap] = useState<AreaMap | null>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const popupElement = useMemo(() => document.createElement('div'), []);
  const pointPopupElement = useMemo(() => document.createElement('div'), []);
  // A selection from the panel or search moves the map; a click on the map does not.
  const zoomToSelection = useRef(selectedCode !== null);
  const locateRequest = useRef(0);

  const grids = useQuery(areaQueries.geojson('grid'));
  const communities = useQuery(areaQueries.geojson('community'));
  const streets = useQuery(areaQueries.geojson('street'));
  const selected = useQuery({ ...areaQueries.detail(selectedCode ?? ''), enabled: selectedCode !== null });
  const scale = useMemo(() => buildScale(grids.data?.features ?? [], figure), [grids.data, figure]);
  // The selected community or grid; with none selected, a grid worker's (or community's) own area.
  const pointsArea = selectedCode
    ? isSmallArea(selectedCode)
      ? selectedCode
      : null
    : isSmallArea(user?.areaCode)
      ? user.areaCode
      : null;
  const points = useQuery({
    ...pointQueries.area(pointsArea ?? ''),
    enabled: pointsOn && pointsArea !== null,
  });

  const select = useCallback(
    (code: string | null, zoom: boolean) => {
      zoomToSelection.current = zoom;
      setParams((current) => {
        const next = new URLSearchParams(current);
        if (code) next.set('area', code);
        else next.delete('area');
        return next;
      });
    },
    [setParams],
  );

  const locate = useCallback(async (latlng: LatLng) => {
    const request = ++locateRequest.current;
    setLocated({ latlng, state: 'loading' });
    try {
      const lon = latlng.lng.toFixed(7);
      const lat = latlng.lat.toFixed(7);
      const result = await api.get<LocateResult>(`/api/areas/locate?lon=${lon}&lat=${lat}`);
      if (request === locateRequest.current) setLocated({ latlng, state: 'found', result });
    } catch (error) {
      const message = isApiError(error) ? error.detail : String(error);
      if (request === locateRequest.current) setLocated({ latlng, state: 'failed', message });
    }
  }, []);

  // The map's listeners are bound once; they reach the current callbacks through this ref.
  const handlers = useRef({ select, locate, setOpenPoint });
  handlers.current = { select, locate, setOpenPoint };

  useEffect(() => {
    const map = new AreaMap(containerRef.current!, {
      gridClick: (code) => handlers.current.select(code, false),
      pointClick: (latlng) => void handlers.current.locate(latlng),
      popupClose: () => setLocated(null),
      describe: describeGrid,
      pointOpen: (point) => handlers.current.setOpenPoint(point),
      pointClose: () => handlers.current.setOpenPoint(null),
    });
    setAreaMap(map);
    return () => map.remove();
  }, []);

  // Grids are redrawn only when their data changes; a new figure only restyles them.
  const scaleRef = useRef(scale);
  scaleRef.current = scale;
  useEffect(() => {
    if (!areaMap || !grids.data) return;
    areaMap.setGrids(grids.data, scaleRef.current, !zoomToSelection.current);
  }, [areaMap, grids.data]);

  useEffect(() => {
    areaMap?.setScale(scale);
    localStorage.setItem(FIGURE_KEY, scale.figure);
  }, [areaMap, scale]);

  useEffect(() => {
    if (areaMap && communities.data) areaMap.setOutlines('community', communities.data);
  }, [areaMap, communities.data]);

  useEffect(() => {
    if (areaMap && streets.data) areaMap.setOutlines('street', streets.data);
  }, [areaMap, streets.data]);

  useEffect(() => {
    if (!areaMap) return;
    if (!selectedCode) areaMap.showArea(null, false);
    else if (selected.data?.code === selectedCode) {
      areaMap.showArea(selected.data, zoomToSelection.current);
      zoomToSelection.current = false;
    }
  }, [areaMap, selectedCode, selected.data]);

  useEffect(() => {
    areaMap?.setLocating(locating);
    if (!locating) setLocated(null);
  }, [areaMap, locating]);

  useEffect(() => {
    if (!areaMap || !located) return;
    areaMap.openPopup(located.latlng, popupElement);
    areaMap.updatePopup();
  }, [areaMap, located, popupElement]);

  const shownPoints = pointsOn && pointsArea !== null ? points.data?.points : undefined;
  useEffect(() => {
    areaMap?.setPoints(shownPoints ?? []);
  }, [areaMap, shownPoints]);

  useEffect(() => localStorage.setItem(POINTS_KEY, pointsOn ? 'on' : 'off'), [pointsOn]);

  useEffect(() => {
    if (areaMap && openPoint) areaMap.openPointPopup(openPoint, pointPopupElement);
  }, [areaMap, openPoint, pointPopupElement]);

  const error = grids.error ?? streets.error ?? communities.error;

  return (
    <div className="cg-map-page">
      <div className="cg-map-main">
        <div ref={containerRef} className="cg-map" data-testid="map" />
        <div className="cg-map-toolbar">
          <AreaSearch onSelect={(code) => select(code, true)} style={{ width: 260 }} />
          <Select<Figure>
            data-testid="map-figure"
            aria-label={t('map.figure')}
            value={figure}
            onChange={setFigure}
            style={{ width: 260 }}
            options={FIGURES.map((f) => ({
              value: f,
              label: t('map.figureOption', { figure: t(`map.figures.${f}`) }),
            }))}
          />
          <Tooltip title={t('map.locateHint')}>
            <Button
              data-testid="locate-toggle"
              icon={<AimOutlined />}
              type={locating ? 'primary' : 'default'}
              aria-pressed={locating}
              onClick={() => setLocating((on) => !on)}
            >
              {t('map.locate')}
            </Button>
          </Tooltip>
          <Tooltip title={t('map.fitAll')}>
            <Button
              aria-label={t('map.fitAll')}
              icon={<ExpandOutlined />}
              onClick={() => areaMap?.fitAll()}
              data-testid="map-fit-all"
            />
          </Tooltip>
        </div>
        {grids.isPending && (
          <div className="cg-map-status">
            <Spin description={t('app.loading')} />
          </div>
        )}
        {error && (
          <Alert
            className="cg-map-status"
            type="error"
            showIcon
            title={t('map.loadFailed')}
            description={error.message}
          />
        )}
        {grids.data && grids.data.features.length === 0 && (
          <Alert className="cg-map-status" type="info" showIcon title={t('map.noGrids')} />
        )}
        <div className="cg-map-legends">
          {grids.data && grids.data.features.length > 0 && (
            <Legend scale={scale} total={grids.data.features.length} />
          )}
          <PointsLegend
            on={pointsOn}
            onToggle={setPointsOn}
            data={shownPoints ? (points.data ?? null) : null}
            loading={points.isFetching}
            waiting={pointsArea === null}
          />
        </div>
      </div>
      <AreaPanel code={selectedCode} area={selected} onSelect={(code) => select(code, true)} />
      {located &&
        createPortal(
          <LocatePopup
            located={located}
            onOpen={(code) => {
              setLocating(false);
              select(code, true);
            }}
          />,
          popupElement,
        )}
      {openPoint && createPortal(<PointPopup point={openPoint} />, pointPopupElement)}
    </div>
  );
}
