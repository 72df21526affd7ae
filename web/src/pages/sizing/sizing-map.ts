import type { Feature, Geometry } from 'geojson';
import L from 'leaflet';
import type { AreaCollection, AreaProperties, Boundary } from '../../app/areas.model';
import { BaseMap } from '../../components/base-map';
import { PolygonCanvas } from '../../components/polygon-canvas';
import { type SizingStatus, statusColour } from './sizing.model';

const SELECTED_STYLE: L.PathOptions = { color: '#111827', weight: 3, opacity: 1, fill: false };

/**
 * The sizing map, kept outside React: all grids on one PolygonCanvas coloured by status (like
 * the electronic map), the selected grid and a proposed split's parts as Leaflet vectors.
 */
export class SizingMap {
  readonly map: L.Map;
  private readonly base: BaseMap;
  private readonly container: HTMLElement;
  private readonly grids: PolygonCanvas<AreaProperties>;
  private readonly selected: L.GeoJSON;
  private readonly parts: L.GeoJSON;
  private statuses = new Map<string, SizingStatus>();

  constructor(container: HTMLElement, onGridClick: (code: string) => void) {
    this.container = container;
    this.base = new BaseMap(container);
    this.map = this.base.map;
    L.control.zoom({ position: 'bottomright' }).addTo(this.map);
    L.control.scale({ position: 'bottomright', imperial: false }).addTo(this.map);
    const pane = (name: string, zIndex: number) => {
      const element = this.map.createPane(name);
      element.style.zIndex = String(zIndex);
      element.style.pointerEvents = 'none';
      return name;
    };
    this.grids = new PolygonCanvas<AreaProperties>(this.gridStyle(), {
      pane: pane('cg-sizing-grids', 400),
    }).addTo(this.map);
    const renderer = L.canvas({ pane: pane('cg-sizing-vectors', 430) });
    const vector = (style: L.PathOptions | L.StyleFunction) =>
      L.geoJSON(undefined, { renderer, interactive: false, style } as L.GeoJSONOptions).addTo(this.map);
    this.parts = vector((feature) => ({
      color: '#ffffff',
      weight: 2,
      fillColor: feature?.properties?.colour,
      // Opaque: the parts tile the grid, whose status colour would tint them.
      fillOpacity: 1,
    }));
    this.selected = vector(SELECTED_STYLE);

    this.map.on('click', (event: L.LeafletMouseEvent) => {
      const i = this.grids.featureAt(event.latlng);
      if (i >= 0) onGridClick(this.grids.features[i].properties.code);
    });
    this.map.on('mousemove', (event: L.LeafletMouseEvent) => {
      this.container.classList.toggle('cg-map-over-grid', this.grids.featureAt(event.latlng) >= 0);
    });
  }

  setGrids(collection: AreaCollection, fit: boolean): void {
    this.grids.setData(this.base.display(collection.features));
    const bounds = this.grids.getBounds();
    if (fit && bounds) this.map.fitBounds(bounds, { padding: [16, 16], animate: false });
    this.grids.redraw();
    this.container.dataset.gridCount = String(this.grids.features.length);
  }

  setStatuses(statuses: Map<string, SizingStatus>): void {
    this.statuses = statuses;
    this.grids.setStyle(this.gridStyle());
  }

  /** Outlines the selected grid; with `zoom`, moves onto it. */
  select(code: string | null, zoom: boolean): void {
    this.selected.clearLayers();
    const feature = code ? this.grids.features.find((f) => f.properties.code === code) : undefined;
    if (!feature) return;
    this.selected.addData(feature);
    if (zoom)
      this.map.flyToBounds(this.selected.getBounds(), { padding: [48, 48], maxZoom: 17, duration: 0.5 });
  }

  /** Draws the parts of a proposed split in their colours (none: clears them). */
  showParts(parts: { boundary: Boundary; colour: string }[] | null): void {
    this.parts.clearLayers();
    this.container.dataset.parts = String(parts?.length ?? 0);
    if (!parts?.length) return;
    for (const part of parts) {
      const feature: Feature<Geometry, { colour: string }> = {
        type: 'Feature',
        geometry: this.base.display(part.boundary),
        properties: { colour: part.colour },
      };
      this.parts.addData(feature);
    }
    this.map.flyToBounds(this.parts.getBounds(), { padding: [48, 48], maxZoom: 17, duration: 0.5 });
  }

  fitAll(): void {
    const bounds = this.grids.getBounds();
    if (bounds) this.map.fitBounds(bounds, { padding: [16, 16] });
  }

  remove(): void {
    this.map.remove();
  }

  private gridStyle() {
    return {
      fill: (i: number) => {
        const feature = this.grids?.features[i];
        return statusColour(feature ? this.statuses.get(feature.properties.code) : undefined);
      },
      stroke: { color: '#ffffff', width: 0.6, opacity: 0.9 },
      minStrokeSize: 10,
    };
  }
}
