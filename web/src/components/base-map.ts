import { queryOptions } from '@tanstack/react-query';
import gcoordImport from 'gcoord';
import L from 'leaflet';
import type { Static } from 'typebox';
import type {
  BaseMapConfig as BaseMapConfigSchema,
  BaseMapSchema,
} from '../../../server/src/modules/areas/base-map.schemas.ts';
import 'leaflet/dist/leaflet.css';
import { api } from '../app/api';
import { queryClient } from '../app/query';

// gcoord ships CommonJS under ES typings (see server/src/geo/coordinates.ts).
type Gcoord = typeof gcoordImport;
const gcoord: Gcoord = (gcoordImport as unknown as { default?: Gcoord }).default ?? gcoordImport;

/** The tile layer set under Settings → Base map (`GET /api/settings/base-map`). */
export type BaseMapSetting = Static<typeof BaseMapSchema>;
/** The setting and the user's area, [minLon, minLat, maxLon, maxLat] in WGS84: where maps open. */
export type BaseMapConfig = Omit<Static<typeof BaseMapConfigSchema>, 'bounds'> & {
  bounds: [number, number, number, number] | null;
};

export const baseMapQuery = queryOptions({
  queryKey: ['settings', 'base-map'],
  queryFn: ({ signal }) => api.get<BaseMapConfig>('/api/settings/base-map', signal),
  staleTime: 10 * 60_000,
});

/** Starts loading the setting, so that maps opened next have it at once. */
export function prefetchBaseMap(): void {
  void queryClient.prefetchQuery(baseMapQuery);
}

// Where maps open while nothing better is known (the demo district).
const FALLBACK_CENTRE: L.LatLngTuple = [22.54, 113.93];

type Positions = unknown;
function mapPositions(c: Positions, f: (lon: number, lat: number) => [number, number]): Positions {
  if (!Array.isArray(c)) return c;
  if (typeof c[0] === 'number') return f(c[0], c[1] as number);
  return c.map((x) => mapPositions(x, f));
}

/**
 * A Leaflet map with the configured tiles, opening on the user's area. Shapes are stored in
 * WGS84; on GCJ-02 tiles they go through `display` on the way in and clicks through `toWgs84`
 * on the way out, so that boundaries line up with the streets drawn on the tiles.
 */
export class BaseMap {
  readonly map: L.Map;
  /** The tiles' system, fixed when the map is made: shapes already drawn are not moved again. */
  readonly crs: 'wgs84' | 'gcj02';
  private tiles: L.TileLayer[] = [];
  private attribution: L.Control.Attribution | null = null;

  constructor(container: HTMLElement, options: L.MapOptions = {}, config?: BaseMapConfig) {
    const known = config ?? queryClient.getQueryData(baseMapQuery.queryKey);
    this.crs = known?.baseMap?.crs ?? 'wgs84';
    this.map = L.map(container, {
      zoomControl: false,
      attributionControl: false,
      zoomSnap: 0.25,
      minZoom: 3,
      maxZoom: 19,
      center: FALLBACK_CENTRE,
      zoom: 12,
      ...options,
    });
    if (known) this.apply(known, true);
    else
      void queryClient.fetchQuery(baseMapQuery).then(
        (loaded) => this.apply(loaded, false),
        () => undefined,
      );
  }

  private apply(config: BaseMapConfig, openOnBounds: boolean): void {
    // A setting read after the map was made: its tiles only if they need no shift we did not make.
    if (config.baseMap && (config.baseMap.crs ?? 'wgs84') === this.crs) this.setTiles(config.baseMap);
    if (config.bounds && openOnBounds) {
      const [minLon, minLat, maxLon, maxLat] = config.bounds;
      const sw = this.toDisplay(minLon, minLat);
      const ne = this.toDisplay(maxLon, maxLat);
      this.map.fitBounds([sw, ne], { animate: false, padding: [16, 16] });
    }
  }

  /** Replaces the tiles (null: none, the boundaries are the map). For the settings preview. */
  setTiles(setting: BaseMapSetting | null): void {
    for (const layer of this.tiles) layer.remove();
    this.tiles = [];
    this.attribution?.remove();
    this.attribution = null;
    if (!setting) return;
    const options: L.TileLayerOptions = {
      subdomains: setting.subdomains || 'abc',
      maxZoom: setting.maxZoom,
      maxNativeZoom: setting.maxZoom,
      attribution: setting.attribution,
    };
    this.tiles.push(L.tileLayer(setting.url, options).addTo(this.map));
    if (setting.labelsUrl)
      this.tiles.push(L.tileLayer(setting.labelsUrl, { ...options, attribution: '' }).addTo(this.map));
    this.attribution = L.control.attribution({ position: 'bottomleft', prefix: false }).addTo(this.map);
    this.attribution.addAttribution(setting.attribution);
    for (const layer of this.tiles) layer.bringToBack();
  }

  /** A WGS84 point as [lat, lng] where the tiles draw it. */
  toDisplay(lon: number, lat: number): L.LatLngTuple {
    if (this.crs === 'wgs84') return [lat, lon];
    const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02);
    return [y, x];
  }

  /** A point on the map (a click) back in WGS84. */
  toWgs84(latlng: L.LatLng): L.LatLng {
    if (this.crs === 'wgs84') return latlng;
    const [lon, lat] = gcoord.transform([latlng.lng, latlng.lat], gcoord.GCJ02, gcoord.WGS84);
    return L.latLng(lat, lon);
  }

  /** GeoJSON (a geometry, a feature or a list of features) shifted to where the tiles draw it. */
  display<T>(geojson: T): T {
    if (this.crs === 'wgs84') return geojson;
    const shift = (lon: number, lat: number): [number, number] => {
      const [y, x] = this.toDisplay(lon, lat);
      return [x, y];
    };
    const walk = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(walk);
      if (!value || typeof value !== 'object') return value;
      const g = value as Record<string, unknown>;
      if ('coordinates' in g) return { ...g, coordinates: mapPositions(g.coordinates, shift) };
      if ('geometry' in g) return { ...g, geometry: walk(g.geometry) };
      if ('features' in g) return { ...g, features: walk(g.features) };
      if ('geometries' in g) return { ...g, geometries: walk(g.geometries) };
      return value;
    };
    return walk(geojson) as T;
  }

  /** A displayed geometry (drawn on GCJ-02 tiles) back in WGS84, for saving. */
  fromDisplay<T>(geometry: T): T {
    if (this.crs === 'wgs84') return geometry;
    const g = geometry as { coordinates?: unknown };
    return {
      ...g,
      coordinates: mapPositions(g.coordinates, (lon, lat) => {
        const back = this.toWgs84(L.latLng(lat, lon));
        return [back.lng, back.lat];
      }),
    } as T;
  }
}
