import { useQuery } from '@tanstack/react-query';
import type { LatLng } from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../app/api';
import { areaQueries } from '../../app/areas.api';
import type { AreaCollection } from '../../app/areas.model';
import { CaseMap } from './case-map';

interface Props {
  /** Draw the grids of this area only; without it, every grid of the caller's scope. */
  within?: string;
  lon: number | null;
  lat: number | null;
  /** The grid to tint. */
  gridCode?: string | null;
  onPick?(latlng: LatLng): void;
  className?: string;
  'data-testid'?: string;
}

/** A case's place: the grids around it and its point; clickable when `onPick` is given. */
export function CaseMapView({ within, lon, lat, gridCode, onPick, className, ...rest }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [caseMap, setCaseMap] = useState<CaseMap | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const scope = useQuery({ ...areaQueries.geojson('grid'), enabled: within === undefined });
  const one = useQuery({
    queryKey: ['areas', 'geojson', 'grid', within],
    queryFn: ({ signal }) =>
      api.get<AreaCollection>(`/api/areas.geojson?level=grid&within=${within}`, signal),
    enabled: within !== undefined,
    staleTime: 5 * 60_000,
  });
  const grids = within === undefined ? scope.data : one.data;

  useEffect(() => {
    const map = new CaseMap(
      containerRef.current!,
      pick.current ? (latlng) => pick.current?.(latlng) : undefined,
    );
    setCaseMap(map);
    // A drawer or a card may still be sizing itself when the map is made.
    const observer = new ResizeObserver(() => map.resize());
    observer.observe(containerRef.current!);
    return () => {
      observer.disconnect();
      map.remove();
    };
  }, []);

  useEffect(() => {
    if (caseMap && grids) caseMap.setGrids(grids.features, true);
  }, [caseMap, grids]);

  useEffect(() => {
    caseMap?.select(gridCode ?? null);
  }, [caseMap, gridCode]);

  useEffect(() => {
    caseMap?.setPoint(lon, lat);
  }, [caseMap, lon, lat]);

  return (
    <div
      ref={containerRef}
      className={`cg-case-map ${className ?? ''}`}
      data-testid={rest['data-testid'] ?? 'case-map'}
      data-grids-drawn={grids ? grids.features.length : undefined}
    />
  );
}
