import type { Feature, Geometry } from 'geojson';
import L from 'leaflet';
import type { AreaProperties } from '../../app/areas.model';
import { BaseMap } from '../../components/base-map';
import { PolygonCanvas } from '../../components/polygon-canvas';
import type { Tracks } from './teams.api';

type TrackFeature = Tracks['features'][number];

const COLOURS = { patrol: '#2563eb', visit: '#7c3aed', problem: '#dc2626' };

/** A track's colour: a problem found stands out whatever the kind. */
export function trackColour(properties: TrackFeature['properties']): string {
  if (properties.result === 'problem') return COLOURS.problem;
  return properties.kind === 'visit' ? COLOURS.visit : COLOURS.patrol;
}

/**
 * The day's patrol tracks over the grids (drawn like the electronic map's, on one canvas): lines
 * for tracks, dots for located visits, each with who and when on hover. Kept outside React.
 */
export class TrackMap {
  readonly map: L.Map;
  private readonly base: BaseMap;
  private readonly grids: PolygonCanvas<AreaProperties>;
  private readonly tracks: L.GeoJSON;

  constructor(container: HTMLElement, describe: (properties: TrackFeature['properties']) => string) {
    this.base = new BaseMap(container, { preferCanvas: true });
    this.map = this.base.map;
    L.control.zoom({ position: 'bottomright' }).addTo(this.map);
    L.control.scale({ position: 'bottomright', imperial: false }).addTo(this.map);
    const pane = this.map.createPane('cg-track-grids');
    pane.style.zIndex = '350';
    pane.style.pointerEvents = 'none';
    this.grids = new PolygonCanvas<AreaProperties>(
      {
        fill: () => '#f1f5f9',
        stroke: { color: '#64748b', width: 0.8, opacity: 0.9 },
        minStrokeSize: 8,
      },
      { pane: 'cg-track-grids' },
    ).addTo(this.map);
    this.tracks = L.geoJSON(undefined, {
      style: (feature) => ({
        color: trackColour((feature as unknown as TrackFeature).properties),
        weight: 3,
        opacity: 0.85,
      }),
      pointToLayer: (feature, latlng) =>
        L.circleMarker(latlng, {
          radius: 5,
          color: '#ffffff',
          weight: 1.5,
          fillColor: trackColour((feature as unknown as TrackFeature).properties),
          fillOpacity: 1,
        }),
      onEachFeature: (feature, layer) =>
        layer.bindTooltip(describe((feature as unknown as TrackFeature).properties), { sticky: true }),
    }).addTo(this.map);
    window.__cgMap = this.map;
  }

  setGrids(features: Feature<Geometry, AreaProperties>[]): void {
    this.grids.setData(this.base.display(features));
    if (this.tracks.getLayers().length === 0) this.fit();
    this.grids.redraw();
  }

  setTracks(tracks: Tracks): void {
    this.tracks.clearLayers();
    this.tracks.addData(this.base.display(tracks) as unknown as GeoJSON.FeatureCollection);
    this.map.getContainer().dataset.trackCount = String(tracks.features.length);
    this.fit();
  }

  /** Onto the tracks, else onto the grids. */
  private fit(): void {
    const bounds = this.tracks.getLayers().length > 0 ? this.tracks.getBounds() : this.grids.getBounds();
    if (bounds?.isValid()) this.map.fitBounds(bounds, { padding: [16, 16], animate: false, maxZoom: 17 });
  }

  resize(): void {
    this.map.invalidateSize();
  }

  remove(): void {
    if (window.__cgMap === this.map) window.__cgMap = undefined;
    this.map.remove();
  }
}
