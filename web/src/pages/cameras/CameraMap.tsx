import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { BaseMap } from '../../components/base-map';
import type { CameraPoint } from './cameras.api';

const COLOURS = { online: '#16a34a', offline: '#9ca3af', intelligent: '#2563eb' };

interface Props {
  points: CameraPoint[];
  /** The camera to mark and centre on. */
  selected?: { lon: number; lat: number } | null;
  onPick?(id: string): void;
}

/** Every camera of the area on the base map, coloured by status; the selected one marked. */
export function CameraMap({ points, selected, onPick }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [base, setBase] = useState<BaseMap | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const marker = useRef<L.CircleMarker | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const made = new BaseMap(ref.current!);
    L.control.zoom({ position: 'bottomright' }).addTo(made.map);
    layer.current = L.layerGroup().addTo(made.map);
    setBase(made);
    const observer = new ResizeObserver(() => made.map.invalidateSize());
    observer.observe(ref.current!);
    return () => {
      observer.disconnect();
      made.map.remove();
    };
  }, []);

  useEffect(() => {
    if (!base || !layer.current) return;
    layer.current.clearLayers();
    const renderer = L.canvas();
    for (const p of points) {
      const colour =
        p.status === 'offline' ? COLOURS.offline : p.intelligent ? COLOURS.intelligent : COLOURS.online;
      L.circleMarker(base.toDisplay(p.lon, p.lat), {
        renderer,
        radius: p.intelligent ? 5 : 3,
        stroke: false,
        fillColor: colour,
        fillOpacity: 0.85,
      })
        .on('click', () => pick.current?.(p.id))
        .bindTooltip(p.name)
        .addTo(layer.current);
    }
    if (points.length > 0 && !selected)
      base.map.fitBounds(L.latLngBounds(points.map((p) => base.toDisplay(p.lon, p.lat))), {
        padding: [10, 10],
      });
  }, [base, points, selected]);

  useEffect(() => {
    if (!base) return;
    marker.current?.remove();
    if (!selected) return;
    const at = base.toDisplay(selected.lon, selected.lat);
    marker.current = L.circleMarker(at, {
      radius: 10,
      color: '#ffffff',
      weight: 3,
      fillColor: '#dc2626',
      fillOpacity: 1,
      pane: 'markerPane',
    }).addTo(base.map);
    base.map.setView(at, Math.max(base.map.getZoom(), 16));
  }, [base, selected]);

  return <div ref={ref} className="cg-camera-map" data-testid="camera-map" data-cameras={points.length} />;
}
