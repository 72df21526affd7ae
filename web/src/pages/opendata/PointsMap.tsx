import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import type { Row } from './opendata.api';

/**
 * The places of a dataset as points. No tile layer: the portal is public, and the base map's
 * setting (and its tile provider's terms) belong to the console; the points show the spread.
 */
export function PointsMap({ rows }: { rows: Row[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const map = L.map(box.current, { attributionControl: false, preferCanvas: true });
    const points = rows.filter((r) => typeof r.lon === 'number' && typeof r.lat === 'number');
    const layer = L.featureGroup(
      points.map((r) =>
        L.circleMarker([r.lat as number, r.lon as number], {
          radius: 4,
          weight: 1,
          color: '#1677ff',
        }).bindTooltip(String(r.name ?? r.category_name ?? '')),
      ),
    ).addTo(map);
    if (points.length > 0) map.fitBounds(layer.getBounds(), { padding: [20, 20] });
    else map.setView([22.54, 113.93], 13);
    return () => {
      map.remove();
    };
  }, [rows]);
  return <div ref={box} style={{ height: 420, background: '#eef2f5' }} data-testid="od-map" />;
}
