import L from 'leaflet';
import type { AreaCollection } from '../../app/areas.model';
import { BaseMap } from '../../components/base-map';
import type { CameraLayer, Hotspot, Points } from './command.api';
import { classesOf, colourOf, prefixOf } from './command.model';

/** What the grids are coloured by on the wall. */
export type MapIndicator = 'reported' | 'households' | 'population';

/**
 * The wall's map: the configured tiles (or only the boundaries), grids coloured by an indicator,
 * case points and a heat layer for the chosen period, hot spots, patrols and cameras (switched on and
 * off), and new cases as they come.
 */
export class WallMap {
  private readonly base: BaseMap;
  private readonly grids = L.layerGroup();
  private readonly heat = L.layerGroup();
  private readonly cases = L.layerGroup();
  private readonly hot = L.layerGroup();
  private readonly live = L.layerGroup();
  private readonly patrols = L.layerGroup();
  private readonly cameras = L.layerGroup();

  constructor(
    container: HTMLElement,
    private readonly onHotspot: (h: Hotspot) => void,
  ) {
    this.base = new BaseMap(container, { zoomControl: true, preferCanvas: true });
    for (const layer of [this.grids, this.patrols, this.heat, this.cases, this.cameras, this.hot, this.live])
      layer.addTo(this.base.map);
  }

  get map(): L.Map {
    return this.base.map;
  }

  setGrids(
    collection: AreaCollection | undefined,
    areaCode: string | null,
    points: Points | undefined,
    indicator: MapIndicator,
  ) {
    this.grids.clearLayers();
    if (!collection) return;
    const counts = new Map<string, number>();
    for (const p of points?.points ?? []) counts.set(p.gridCode, (counts.get(p.gridCode) ?? 0) + 1);
    const features = collection.features.filter(
      (f) => !areaCode || f.properties.code.startsWith(prefixOf(areaCode)),
    );
    const valueAt = (code: string, p: (typeof features)[number]['properties']) =>
      indicator === 'reported' ? (counts.get(code) ?? 0) : (p[indicator] ?? 0);
    const bounds = classesOf(features.map((f) => valueAt(f.properties.code, f.properties)));
    const layer = L.geoJSON(this.base.display({ type: 'FeatureCollection', features }) as never, {
      style: (feature) => {
        const p = feature!.properties as (typeof features)[number]['properties'];
        return {
          color: '#64748b',
          weight: 0.8,
          fillColor: colourOf(valueAt(p.code, p), bounds),
          fillOpacity: 0.45,
        };
      },
    });
    layer.addTo(this.grids);
    // For tests and for anyone inspecting the wall: how many grids are drawn (canvas, no DOM paths).
    this.base.map.getContainer().dataset.gridsDrawn = String(features.length);
    const box = layer.getBounds();
    if (box.isValid() && areaCode) this.base.map.fitBounds(box, { animate: false, padding: [8, 8] });
  }

  setPoints(points: Points | undefined, heat: boolean) {
    this.cases.clearLayers();
    this.heat.clearLayers();
    for (const p of points?.points ?? []) {
      const at = this.base.toDisplay(p.lon, p.lat);
      if (heat)
        L.circle(at, { radius: 120, stroke: false, fillColor: '#f97316', fillOpacity: 0.08 }).addTo(
          this.heat,
        );
      L.circleMarker(at, { radius: 2.5, stroke: false, fillColor: '#fbbf24', fillOpacity: 0.9 }).addTo(
        this.cases,
      );
    }
  }

  setHotspots(hotspots: Hotspot[]) {
    this.hot.clearLayers();
    for (const h of hotspots) {
      const circle = L.circle(this.base.toDisplay(h.lon, h.lat), {
        radius: Math.max(60, h.radius),
        color: '#ef4444',
        weight: 2,
        fillColor: '#ef4444',
        fillOpacity: 0.25,
      });
      circle.bindTooltip(`${h.categoryName} · ${h.gridName} · ${h.size}`);
      circle.on('click', () => this.onHotspot(h));
      circle.addTo(this.hot);
    }
  }

  /** Today's patrol tracks and visits (GeoJSON from the patrols module); null hides the layer. */
  setPatrols(tracks: { type: 'FeatureCollection'; features: unknown[] } | null | undefined) {
    this.patrols.clearLayers();
    if (!tracks) return;
    L.geoJSON(this.base.display(tracks) as never, {
      style: { color: '#34d399', weight: 2, opacity: 0.8 },
      pointToLayer: (_, at) =>
        L.circleMarker(at, { radius: 3, color: '#34d399', weight: 1, fillOpacity: 0.8 }),
    }).addTo(this.patrols);
  }

  /**
   * The cameras: blue online, grey offline, ringed red with the count when incidents wait for a
   * decision; null hides the layer.
   */
  setCameras(layer: CameraLayer | null | undefined, label: (c: CameraLayer['cameras'][number]) => string) {
    this.cameras.clearLayers();
    const container = this.base.map.getContainer();
    if (!layer) {
      delete container.dataset.camerasDrawn;
      return;
    }
    for (const c of layer.cameras) {
      const at = this.base.toDisplay(c.lon, c.lat);
      // A district has thousands: small dots, so the grids and cases still show; the ones waiting stand out.
      const marker = L.circleMarker(at, {
        radius: c.waiting > 0 ? 4.5 : 2,
        stroke: c.waiting > 0,
        color: '#ef4444',
        weight: 2,
        fillColor: c.status === 'online' ? '#38bdf8' : '#94a3b8',
        fillOpacity: c.waiting > 0 ? 0.95 : 0.7,
      });
      marker.bindTooltip(label(c));
      marker.addTo(this.cameras);
    }
    container.dataset.camerasDrawn = String(layer.cameras.length);
  }

  /** A new case: a pulsing marker for a minute. */
  addLive(lon: number, lat: number) {
    const marker = L.circleMarker(this.base.toDisplay(lon, lat), {
      radius: 9,
      color: '#22d3ee',
      weight: 3,
      className: 'cg-wall-live',
    }).addTo(this.live);
    setTimeout(() => marker.remove(), 60_000);
  }

  remove() {
    this.base.map.remove();
  }
}
