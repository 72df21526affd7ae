import type { FeatureCollection } from 'geojson';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { BaseMap } from '../../components/base-map';

/** The previewed file's shapes over the base map, each labelled with its code attribute on hover. */
export function ImportPreviewMap({
  features,
  codeAttribute,
}: {
  features: FeatureCollection;
  codeAttribute?: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const base = useRef<BaseMap | null>(null);
  const layer = useRef<L.GeoJSON | null>(null);

  useEffect(() => {
    const made = new BaseMap(container.current!, { preferCanvas: true });
    L.control.zoom({ position: 'bottomright' }).addTo(made.map);
    base.current = made;
    return () => {
      made.map.remove();
      base.current = null;
    };
  }, []);

  useEffect(() => {
    const made = base.current;
    if (!made) return;
    layer.current?.remove();
    layer.current = L.geoJSON(made.display(features), {
      style: { color: '#2563eb', weight: 1.5, fillOpacity: 0.15 },
      onEachFeature: (feature, l) => {
        const label = codeAttribute ? feature.properties?.[codeAttribute] : undefined;
        if (label !== undefined && label !== null) l.bindTooltip(String(label), { sticky: true });
      },
    }).addTo(made.map);
    const bounds = layer.current.getBounds();
    if (bounds.isValid()) made.map.fitBounds(bounds, { padding: [12, 12], animate: false });
  }, [features, codeAttribute]);

  return (
    <div
      ref={container}
      style={{ height: 320, borderRadius: 6, border: '1px solid #e5e7eb' }}
      data-testid="import-preview-map"
    />
  );
}
