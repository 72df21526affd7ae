import type { Feature, Geometry } from 'geojson';
import L from 'leaflet';
import type { AreaProperties } from '../../app/areas.model';
import { BaseMap } from '../../components/base-map';
import { PolygonCanvas, type PolygonStyle } from '../../components/polygon-canvas';

const GRID_FILL = '#dbeafe';
const SELECTED_FILL = '#fdba74';

/**
 * A small map for one case: the grids it may be in (drawn like the electronic map's, on one
 * canvas) and the case's point. With `onPick`, a click places the point.
 */
export class CaseMap {
  readonly map: L.Map;
  private readonly base: BaseMap;
  private readonly grids: PolygonCanvas<AreaProperties>;
  private readonly point: L.CircleMarker;
  private selected: string | null = null;

  constructor(container: HTMLElement, onPick?: (latlng: L.LatLng) => void) {
    this.base = new BaseMap(container);
    this.map = this.base.map;
    L.control.zoom({ position: 'bottomright' }).addTo(this.map);
    const pane = this.map.createPane('cg-case-grids');
    pane.style.zIndex = '400';
    pane.style.pointerEvents = 'none';
    this.grids = new PolygonCanvas<AreaProperties>(this.style(), { pane: 'cg-case-grids' }).addTo(this.map);
    this.point = L.circleMarker([0, 0], {
      radius: 8,
      color: '#ffffff',
      weight: 2,
      fillColor: '#dc2626',
      fillOpacity: 1,
      interactive: false,
      // Above the grids' pane, whatever order the panes were made in.
      pane: 'markerPane',
    });
    if (onPick) {
      container.classList.add('cg-case-map-picking');
      this.map.on('click', (event: L.LeafletMouseEvent) => onPick(this.base.toWgs84(event.latlng)));
    }
    window.__cgMap = this.map;
  }

  setGrids(features: Feature<Geometry, AreaProperties>[], fit: boolean): void {
    this.grids.setData(this.base.display(features));
    const bounds = this.grids.getBounds();
    if (fit && bounds) this.map.fitBounds(bounds, { padding: [12, 12], animate: false, maxZoom: 18 });
    this.grids.redraw();
    this.map.getContainer().dataset.gridCount = String(features.length);
  }

  /** Tints one grid (where the point fell). */
  select(code: string | null): void {
    if (code === this.selected) return;
    this.selected = code;
    this.grids.setStyle(this.style());
  }

  setPoint(lon: number | null, lat: number | null): void {
    if (lon === null || lat === null) {
      this.point.remove();
      return;
    }
    this.point.setLatLng(this.base.toDisplay(lon, lat)).addTo(this.map);
  }

  /** After the container changed size (a drawer finished opening). */
  resize(): void {
    this.map.invalidateSize();
  }

  private style(): PolygonStyle {
    return {
      fill: (i) => (this.grids?.features[i]?.properties.code === this.selected ? SELECTED_FILL : GRID_FILL),
      stroke: { color: '#64748b', width: 0.8, opacity: 0.9 },
      minStrokeSize: 8,
    };
  }

  remove(): void {
    if (window.__cgMap === this.map) window.__cgMap = undefined;
    this.map.remove();
  }
}
