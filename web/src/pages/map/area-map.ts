import type { Feature, Geometry } from 'geojson';
import L from 'leaflet';
import type { Area, AreaCollection, AreaProperties, Boundary } from '../../app/areas.model';
import { BaseMap } from '../../components/base-map';
import { PolygonCanvas, type PolygonStyle } from '../../components/polygon-canvas';
import { type ColourScale, NO_DATA_COLOUR } from './figures';
import type { MapPoint } from './points.model';

export interface AreaMapEvents {
  /** A grid was clicked (outside "where is this" mode). */
  gridClick(code: string): void;
  /** The map was clicked in "where is this" mode. */
  pointClick(latlng: L.LatLng): void;
  /** The locate popup was closed by the user. */
  popupClose(): void;
  /** One line about the grid under the mouse, for the hover box. */
  describe(properties: AreaProperties): string;
  /** A building or component point was clicked. */
  pointOpen(point: MapPoint): void;
  /** The point's popup was closed. */
  pointClose(): void;
}

type Outline = 'community' | 'street';

// Grid borders only once grids are big enough on screen to tell apart; outlines of communities
// likewise, so that a city-wide view stays a readable mosaic.
const GRID_STROKE = { color: '#ffffff', width: 0.6, opacity: 0.9 };
const OUTLINE_STYLES: Record<Outline, PolygonStyle> = {
  community: { stroke: { color: '#334155', width: 1.6, opacity: 0.9 }, minStrokeSize: 24 },
  street: { stroke: { color: '#0f172a', width: 3, opacity: 0.95 } },
};
const HIGHLIGHT_STYLE: L.PathOptions = { color: '#ea580c', weight: 4, opacity: 1, fill: false };
const HOVER_STYLE: L.PathOptions = { color: '#111827', weight: 2, opacity: 1, fill: false };

declare global {
  interface Window {
    /** The Leaflet map, for end-to-end tests and benchmarks (they turn screen points into coordinates). */
    __cgMap?: L.Map;
  }
}

/**
 * The electronic map, kept outside React. Grids and outlines are drawn by PolygonCanvas (one
 * canvas each, tens of thousands of polygons); the map's own click and mousemove ask it which
 * grid is under the pointer. Only the selected and the hovered area are Leaflet vectors.
 */
export class AreaMap {
  readonly map: L.Map;
  private readonly base: BaseMap;
  private readonly container: HTMLElement;
  private readonly grids: PolygonCanvas<AreaProperties>;
  private readonly outlines: Record<Outline, PolygonCanvas<AreaProperties>>;
  private readonly highlight: L.GeoJSON;
  private readonly hoverOutline: L.GeoJSON;
  private readonly hoverBox: HTMLElement;
  private readonly popup: L.Popup;
  private readonly points: L.LayerGroup;
  private readonly pointPopup: L.Popup;
  private scale: ColourScale | null = null;
  private hovered = -1;
  private pointer: L.LatLng | null = null;
  private hoverFrame = 0;
  private locating = false;

  constructor(
    container: HTMLElement,
    private readonly events: AreaMapEvents,
  ) {
    this.container = container;
    this.base = new BaseMap(container);
    this.map = this.base.map;
    L.control.zoom({ position: 'bottomright' }).addTo(this.map);
    L.control.scale({ position: 'bottomright', imperial: false }).addTo(this.map);

    // Stacked panes: grids, community and street outlines, then the highlight. None takes the
    // mouse: the map itself does, so clicks and drags reach it wherever they land.
    const pane = (name: string, zIndex: number) => {
      const element = this.map.createPane(name);
      element.style.zIndex = String(zIndex);
      element.style.pointerEvents = 'none';
      return name;
    };
    this.grids = new PolygonCanvas<AreaProperties>(this.gridStyle(), { pane: pane('cg-grids', 400) }).addTo(
      this.map,
    );
    this.outlines = {
      community: new PolygonCanvas<AreaProperties>(OUTLINE_STYLES.community, {
        pane: pane('cg-communities', 410),
      }),
      street: new PolygonCanvas<AreaProperties>(OUTLINE_STYLES.street, { pane: pane('cg-streets', 420) }),
    };
    this.outlines.community.addTo(this.map);
    this.outlines.street.addTo(this.map);

    const highlightRenderer = L.canvas({ pane: pane('cg-highlight', 430) });
    const vector = (style: L.PathOptions) => {
      const options: L.GeoJSONOptions & L.PathOptions = {
        renderer: highlightRenderer,
        interactive: false,
        style,
      };
      return L.geoJSON(undefined, options).addTo(this.map);
    };
    this.highlight = vector(HIGHLIGHT_STYLE);
    this.hoverOutline = vector(HOVER_STYLE);

    this.hoverBox = L.DomUtil.create('div', 'cg-map-hover');
    this.hoverBox.hidden = true;
    L.DomEvent.disableClickPropagation(this.hoverBox);
    const HoverControl = L.Control.extend({ onAdd: () => this.hoverBox });
    new HoverControl({ position: 'topright' }).addTo(this.map);

    this.popup = L.popup({ maxWidth: 320, autoPanPadding: [24, 24] });
    this.popup.on('remove', () => this.events.popupClose());

    // Points are markers (a few hundred at most, see map-points.ts): they take their own clicks,
    // which then do not reach the map (markers do not bubble), so a click on one selects no grid.
    this.points = L.layerGroup().addTo(this.map);
    // The top padding keeps the popup clear of the toolbar over the map.
    this.pointPopup = L.popup({
      maxWidth: 320,
      autoPanPaddingTopLeft: [24, 72],
      autoPanPaddingBottomRight: [24, 24],
      offset: [0, -4],
    });
    this.pointPopup.on('remove', () => this.events.pointClose());

    this.map.on('click', (event: L.LeafletMouseEvent) => {
      if (this.locating) {
        this.events.pointClick(this.base.toWgs84(event.latlng));
        return;
      }
      const i = this.grids.featureAt(event.latlng);
      if (i >= 0) this.events.gridClick(this.grids.features[i].properties.code);
    });
    // At most one lookup per frame, however fast the mouse moves.
    this.map.on('mousemove', (event: L.LeafletMouseEvent) => {
      this.pointer = event.latlng;
      this.hoverFrame ||= requestAnimationFrame(() => {
        this.hoverFrame = 0;
        this.hover(this.pointer ? this.grids.featureAt(this.pointer) : -1);
      });
    });
    this.map.on('mouseout', () => {
      this.pointer = null;
      this.hover(-1);
    });
    window.__cgMap = this.map;
  }

  /**
   * Replaces all grids. With `fit`, the view moves onto them before they are painted, so that
   * tens of thousands of polygons are drawn once.
   */
  setGrids(collection: AreaCollection, scale: ColourScale, fit: boolean): void {
    const start = performance.now();
    this.scale = scale;
    this.hover(-1);
    this.grids.setData(this.base.display(collection.features));
    performance.measure('cg:grids-build', { start });
    const bounds = this.grids.getBounds();
    if (fit && bounds) this.map.fitBounds(bounds, { padding: [16, 16], animate: false });
    this.grids.redraw();
    performance.measure('cg:grids-add', { start });

    this.container.dataset.gridCount = String(this.grids.features.length);
    delete this.container.dataset.gridsDrawn;
    // The canvas is painted in the next frame; this runs right after it.
    requestAnimationFrame(() => {
      performance.measure('cg:grids-drawn', { start });
      this.container.dataset.gridsDrawn = String(this.grids.features.length);
    });
  }

  setScale(scale: ColourScale): void {
    if (scale === this.scale) return;
    this.scale = scale;
    this.grids.setStyle(this.gridStyle());
  }

  setOutlines(level: Outline, collection: AreaCollection): void {
    this.outlines[level].setData(this.base.display(collection.features)).redraw();
  }

  /** Zooms to everything drawn (the caller's whole scope). */
  fitAll(): void {
    const bounds = this.grids.getBounds();
    if (bounds) this.map.fitBounds(bounds, { padding: [16, 16] });
  }

  /** Outlines the selected area; with `zoom`, moves the map onto it. */
  showArea(area: Pick<Area, 'boundary' | 'bbox'> | null, zoom: boolean): void {
    this.highlight.clearLayers();
    if (!area) return;
    this.highlight.addData(this.base.display(area.boundary as Boundary));
    if (zoom) {
      const [minLon, minLat, maxLon, maxLat] = area.bbox;
      this.map.flyToBounds([this.base.toDisplay(minLon, minLat), this.base.toDisplay(maxLon, maxLat)], {
        padding: [32, 32],
        maxZoom: 18,
        duration: 0.6,
      });
    }
  }

  /** Replaces the building and component points (none: an empty list). */
  setPoints(points: MapPoint[]): void {
    this.points.clearLayers();
    this.pointPopup.remove();
    for (const point of points) {
      const attention = point.kind === 'thing' && point.attention ? ' cg-map-point-attention' : '';
      const icon = L.divIcon({
        className: `cg-map-point cg-map-point-${point.kind}${attention}`,
        html: `<span style="background:${point.colour}"></span>`,
        iconSize: point.kind === 'building' ? [12, 12] : [10, 10],
      });
      const marker = L.marker(this.base.toDisplay(point.lon, point.lat), {
        icon,
        keyboard: false,
        riseOnHover: true,
      })
        .on('click', () => this.events.pointOpen(point))
        .addTo(this.points);
      marker.getElement()?.setAttribute('data-point', `${point.kind}:${point.id}`);
    }
    this.container.dataset.points = String(points.length);
  }

  openPointPopup(point: MapPoint, content: HTMLElement): void {
    this.pointPopup.setLatLng(this.base.toDisplay(point.lon, point.lat)).setContent(content);
    if (!this.map.hasLayer(this.pointPopup)) this.pointPopup.openOn(this.map);
    else this.pointPopup.update();
  }

  /** After the point popup's content rendered or changed size. */
  updatePointPopup(): void {
    if (this.map.hasLayer(this.pointPopup)) this.pointPopup.update();
  }

  setLocating(on: boolean): void {
    this.locating = on;
    this.container.classList.toggle('cg-map-locating', on);
    if (!on) this.popup.remove();
  }

  openPopup(latlng: L.LatLng, content: HTMLElement): void {
    this.popup.setLatLng(latlng).setContent(content);
    if (!this.map.hasLayer(this.popup)) this.popup.openOn(this.map);
  }

  /** After the popup's content changed size. */
  updatePopup(): void {
    if (this.map.hasLayer(this.popup)) this.popup.update();
  }

  remove(): void {
    cancelAnimationFrame(this.hoverFrame);
    if (window.__cgMap === this.map) window.__cgMap = undefined;
    this.map.remove();
  }

  private gridStyle(): PolygonStyle {
    return {
      fill: (i) => {
        const feature = this.grids?.features[i];
        return feature && this.scale ? this.scale.colourOf(feature.properties) : NO_DATA_COLOUR;
      },
      stroke: GRID_STROKE,
      minStrokeSize: 10,
    };
  }

  private hover(i: number): void {
    if (i === this.hovered) return;
    this.hovered = i;
    this.hoverOutline.clearLayers();
    const feature: Feature<Geometry, AreaProperties> | undefined = this.grids.features[i];
    this.container.classList.toggle('cg-map-over-grid', i >= 0);
    if (feature) {
      this.hoverOutline.addData(feature);
      this.hoverBox.textContent = this.events.describe(feature.properties);
      this.hoverBox.hidden = false;
    } else {
      this.hoverBox.hidden = true;
    }
  }
}
