import '@geoman-io/leaflet-geoman-free';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Space } from 'antd';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../../app/api';
import type { Area, AreaCollection, Boundary } from '../../app/areas.model';
import { BaseMap } from '../../components/base-map';

const EDIT_STYLE: L.PathOptions = { color: '#ea580c', weight: 2.5, fillOpacity: 0.15 };
const NEIGHBOUR_STYLE: L.PathOptions = {
  color: '#475569',
  weight: 1,
  fillColor: '#94a3b8',
  fillOpacity: 0.25,
};
const PARENT_STYLE: L.PathOptions = { color: '#0f172a', weight: 2, dashArray: '6 4', fill: false };
// Geoman's options: neighbours are never edited themselves, but their vertices and edges are snapped to.
const SNAP_ONLY = { pmIgnore: true, snapIgnore: false, interactive: false } as L.GeoJSONOptions;
const EDIT_OPTIONS = { snappable: true, snapDistance: 16, allowSelfIntersection: false };

type Position = number[];
const keyOf = (p: Position) => `${p[0]},${p[1]}`;

/**
 * Draws or edits an area's boundary with Geoman over its siblings and its parent, snapping to
 * their vertices and edges so that shared borders stay the same lines. The server checks the
 * result with the boundary rules on save; its problems are shown by the form.
 */
export function BoundaryDrawMap({
  area,
  saving,
  onSave,
}: {
  area: Area;
  saving: boolean;
  onSave: (boundary: Boundary) => void;
}) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const state = useRef<{ base: BaseMap; edited: L.GeoJSON; originals: Map<string, Position> } | null>(null);
  const [empty, setEmpty] = useState(false);

  // Siblings (same level, same parent) and the parent: what the boundary must fit against.
  const neighbours = useQuery({
    queryKey: ['areas', 'geojson', area.level, area.parentCode],
    queryFn: ({ signal }) =>
      area.parentCode
        ? api.get<AreaCollection>(
            withQuery('/api/areas.geojson', { level: area.level, within: area.parentCode }),
            signal,
          )
        : Promise.resolve({ type: 'FeatureCollection', features: [] } as AreaCollection),
  });
  const parent = area.ancestors.at(-1);
  const parentArea = useQuery({
    queryKey: ['areas', 'detail', parent?.code ?? ''],
    queryFn: ({ signal }) => api.get<Area>(`/api/areas/${parent!.code}`, signal),
    enabled: Boolean(parent),
  });

  useEffect(() => {
    const base = new BaseMap(container.current!);
    L.control.zoom({ position: 'bottomright' }).addTo(base.map);
    const edited = L.geoJSON(undefined, { style: EDIT_STYLE }).addTo(base.map);
    state.current = { base, edited, originals: new Map() };
    base.map.on('pm:create', (event) => {
      edited.clearLayers();
      edited.addLayer(event.layer);
      (event.layer as L.Polygon).pm.enable(EDIT_OPTIONS);
      setEmpty(false);
    });
    // Made while its panel opens: measure again once it has its size.
    const measure = setTimeout(() => base.map.invalidateSize(), 350);
    return () => {
      clearTimeout(measure);
      base.map.remove();
      state.current = null;
    };
  }, []);

  const reset = () => {
    const s = state.current;
    if (!s) return;
    s.base.map.pm.disableDraw();
    s.edited.clearLayers();
    s.edited.addData(s.base.display(area.boundary as Polygon | MultiPolygon));
    s.edited.eachLayer((layer) => {
      (layer as L.Polygon).pm.enable(EDIT_OPTIONS);
    });
    setEmpty(false);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset reads only the area, which is a dependency
  useEffect(() => {
    const s = state.current;
    if (!s || !neighbours.data) return;
    const { base, originals } = s;
    originals.clear();
    // The displayed vertex of every shape → its stored WGS84 position: a vertex that was not moved,
    // or was snapped onto a neighbour's, is saved exactly as stored, even through a GCJ-02 shift.
    const remember = (boundary: Boundary) => {
      const shifted = base.display(boundary);
      const walk = (a: unknown, b: unknown) => {
        if (!Array.isArray(a) || !Array.isArray(b)) return;
        if (typeof a[0] === 'number') originals.set(keyOf(b as Position), a as Position);
        else
          a.forEach((x, i) => {
            walk(x, (b as unknown[])[i]);
          });
      };
      walk(boundary.coordinates, shifted.coordinates);
    };
    const layers: L.Layer[] = [];
    const others = neighbours.data.features.filter((f) => f.properties.code !== area.code);
    for (const f of others) remember(f.geometry as Boundary);
    layers.push(L.geoJSON(base.display(others) as Feature[], { ...SNAP_ONLY, style: NEIGHBOUR_STYLE }));
    if (parentArea.data) {
      remember(parentArea.data.boundary as Boundary);
      layers.push(
        L.geoJSON(base.display(parentArea.data.boundary as Boundary), { ...SNAP_ONLY, style: PARENT_STYLE }),
      );
    }
    remember(area.boundary as Boundary);
    for (const layer of layers) layer.addTo(base.map);
    reset();
    const bounds = s.edited.getBounds();
    if (bounds.isValid()) base.map.fitBounds(bounds, { padding: [32, 32], animate: false });
    return () => {
      for (const layer of layers) layer.remove();
    };
  }, [neighbours.data, parentArea.data, area]);

  const save = () => {
    const s = state.current;
    if (!s) return;
    const shapes = s.edited.getLayers() as L.Polygon[];
    if (shapes.length === 0) {
      setEmpty(true);
      return;
    }
    // Full precision (toGeoJSON rounds to 6 decimals by default): shared vertices must stay equal.
    const geometry = (shapes[0].toGeoJSON(false) as Feature<Polygon | MultiPolygon>).geometry;
    const back = (c: unknown): unknown => {
      if (!Array.isArray(c)) return c;
      if (typeof c[0] === 'number') {
        const known = s.originals.get(keyOf(c as Position));
        if (known) return known;
        const w = s.base.toWgs84(L.latLng(c[1] as number, c[0] as number));
        return [w.lng, w.lat];
      }
      return c.map(back);
    };
    onSave({ type: geometry.type, coordinates: back(geometry.coordinates) } as Boundary);
  };

  return (
    <div data-testid="boundary-draw">
      <Alert type="info" showIcon title={t('gis.draw.hint')} style={{ marginBottom: 8 }} />
      <div ref={container} style={{ height: 420, borderRadius: 6, border: '1px solid #e5e7eb' }} />
      {empty && <Alert type="warning" showIcon title={t('gis.draw.noShape')} style={{ marginTop: 8 }} />}
      <Space style={{ marginTop: 8 }}>
        <Button
          onClick={() => {
            const s = state.current;
            if (!s) return;
            s.edited.clearLayers();
            s.base.map.pm.enableDraw('Polygon', EDIT_OPTIONS);
          }}
          data-testid="draw-start"
        >
          {t('gis.draw.start')}
        </Button>
        <Button onClick={reset}>{t('gis.draw.reset')}</Button>
        <Button type="primary" loading={saving} onClick={save} data-testid="draw-save">
          {t('gis.draw.save')}
        </Button>
      </Space>
    </div>
  );
}
