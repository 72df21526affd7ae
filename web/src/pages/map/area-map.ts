import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Feature, Geometry } from 'geojson';
import type { Area, AreaCollection, AreaProperties, Boundary } from '../areas/areas.model';
import type { ColourScale } from './figures';

export interface AreaMapEvents {
  /** A grid was clicked (outside "where is this" mode). */
  gridClick(code: string): void;
  /** The map was clicked in "where is this" mode. */
  pointClick(latlng: L.LatLng): void;
  /** The locate popup was closed by the user. */
  popupClose(): void;
  /** One line about the grid under the mouse, for the hover box. */
  describe(properties: AreaProperties): string;
}

type Outline = 'community' | 'street';

const OUTLINE_STYLES: Record<Outline, L.PathOptions> = {
  community: { color: '#334155', weight: 1.6, opacity: 0.9, fill: false },
  street: { color: '#0f172a', weight: 3, opacity: 0.95, fill: false },
};
const HIGHLIGHT_STYLE: L.PathOptions = { color: '#ea580c', weight: 4, opacity: 1, fill: false };
const HOVER_STYLE: L.PathOptions = { color: '#111827', weight: 2, opacity: 1 };

declare global {
  interface Window {
    /** The Leaflet map, for end-to-end tests and benchmarks (they turn screen points into coordinates). */
    __cgMap?: L.Map;
  }
}

/**
 * The electronic map, kept outside React: one canvas-rendered GeoJSON layer holds every grid, and
 * a handful of listeners on the layer (not on each feature) keep it fast with tens of thousands of grids.
 */
export class AreaMap {
  readonly map: L.Map;
  private readonly container: HTMLElement;
  private readonly renderers: Record<'grids' | Outline | 'highlight', L.Canvas>;
  private grids: L.GeoJSON<AreaProperties> | null = null;
  private readonly outlines: Partial<Record<Outline, L.GeoJSON>> = {};
  private readonly highlight: L.GeoJSON;
  private readonly hoverBox: HTMLElement;
  private readonly popup: L.Popup;
  private scale: ColourScale | null = null;
  private hovered: L.Path | null = null;
  private locating = false;

  constructor(
    container: HTMLElement,
    private readonly events: AreaMapEvents,
  ) {
    this.container = container;
    this.map = L.map(container, {
      preferCanvas: true,
      zoomControl: false,
      attributionControl: false,
      zoomSnap: 0.25,
      minZoom: 3,
      maxZoom: 19,
      center: [22.54, 113.93],
      zoom: 12,
    });
    L.control.zoom({ position: 'bottomright' }).addTo(this.map);
    L.control.scale({ position: 'bottomright', imperial: false }).addTo(this.map);

    // Panes stack outlines and the highlight over the grids; only the grids take the mouse.
    const pane = (name: string, zIndex: number, interactive: boolean) => {
      const element = this.map.createPane(name);
      element.style.zIndex = String(zIndex);
      if (!interactive) element.style.pointerEvents = 'none';
      return L.canvas({ pane: name, padding: 0.3 });
    };
    this.renderers = {
      grids: pane('cg-grids', 400, true),
      community: pane('cg-communities', 410, false),
      street: pane('cg-streets', 420, false),
      highlight: pane('cg-highlight', 430, false),
    };

    this.highlight = L.geoJSON(undefined, layerOptions(this.renderers.highlight, HIGHLIGHT_STYLE)).addTo(
      this.map,
    );

    this.hoverBox = L.DomUtil.create('div', 'cg-map-hover');
    this.hoverBox.hidden = true;
    const HoverControl = L.Control.extend({ onAdd: () => this.hoverBox });
    new HoverControl({ position: 'topright' }).addTo(this.map);

    this.popup = L.popup({ maxWidth: 320, autoPanPadding: [24, 24] });
    this.popup.on('remove', () => this.events.popupClose());

    this.map.on('click', (event: L.LeafletMouseEvent) => {
      if (this.locating) this.events.pointClick(event.latlng);
    });
    window.__cgMap = this.map;
  }

  /** Replaces all grids; returns after the first paint has been scheduled. */
  setGrids(collection: AreaCollection, scale: ColourScale): void {
    this.scale = scale;
    this.grids?.remove();
    this.hovered = null;
    const grids = L.geoJSON<AreaProperties>(collection, {
      ...layerOptions(this.renderers.grids),
      style: (feature) => this.gridStyle(feature),
    });
    grids.on('click', (event) => {
      if (this.locating) return;
      const properties = featureOf(event.propagatedFrom)?.properties;
      if (properties) this.events.gridClick(properties.code);
    });
    grids.on('mouseover', (event) => this.hover(event.propagatedFrom as L.Path));
    grids.on('mouseout', () => this.hover(null));
    this.grids = grids.addTo(this.map);

    this.container.dataset.gridCount = String(collection.features.length);
    delete this.container.dataset.gridsDrawn;
    // Leaflet paints on the next animation frame; ours runs right after it.
    L.Util.requestAnimFrame(() => {
      this.container.dataset.gridsDrawn = String(collection.features.length);
    });
  }

  setScale(scale: ColourScale): void {
    this.scale = scale;
    this.grids?.setStyle((feature) => this.gridStyle(feature as Feature<Geometry, AreaProperties>));
  }

  setOutlines(level: Outline, collection: AreaCollection): void {
    this.outlines[level]?.remove();
    this.outlines[level] = L.geoJSON(
      collection,
      layerOptions(this.renderers[level], OUTLINE_STYLES[level]),
    ).addTo(this.map);
  }

  /** Zooms to everything drawn (the caller's whole scope). */
  fitAll(): void {
    const bounds = this.grids?.getBounds();
    if (bounds?.isValid()) this.map.fitBounds(bounds, { padding: [16, 16] });
  }

  /** Outlines the selected area; with `zoom`, moves the map onto it. */
  showArea(area: Pick<Area, 'boundary' | 'bbox'> | null, zoom: boolean): void {
    this.highlight.clearLayers();
    if (!area) return;
    this.highlight.addData(area.boundary as Boundary);
    if (zoom) {
      const [minLon, minLat, maxLon, maxLat] = area.bbox;
      this.map.flyToBounds(
        [
          [minLat, minLon],
          [maxLat, maxLon],
        ],
        { padding: [32, 32], maxZoom: 18, duration: 0.6 },
      );
    }
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

  /** The map container changed size (e.g. the side panel opened). */
  resize(): void {
    this.map.invalidateSize();
  }

  remove(): void {
    if (window.__cgMap === this.map) window.__cgMap = undefined;
    this.map.remove();
  }

  private gridStyle(feature: Feature<Geometry, AreaProperties> | undefined): L.PathOptions {
    return {
      color: '#ffffff',
      weight: 0.6,
      opacity: 0.9,
      fillColor: feature && this.scale ? this.scale.colourOf(feature.properties) : '#d1d5db',
      fillOpacity: 0.8,
    };
  }

  private hover(layer: L.Path | null): void {
    if (this.hovered && this.hovered !== layer) {
      this.hovered.setStyle(this.gridStyle(featureOf(this.hovered)));
    }
    this.hovered = layer;
    const properties = layer ? featureOf(layer)?.properties : undefined;
    if (layer && properties) {
      layer.setStyle(HOVER_STYLE);
      layer.bringToFront();
      this.hoverBox.textContent = this.events.describe(properties);
      this.hoverBox.hidden = false;
    } else {
      this.hoverBox.hidden = true;
    }
  }
}

/**
 * GeoJSON layers hand their options to every feature's path, so a renderer (pane) set here applies
 * to all of them; Leaflet's types leave that out. `style` set means a fixed, non-interactive style.
 */
function layerOptions(renderer: L.Renderer, style?: L.PathOptions): L.GeoJSONOptions {
  const options: L.GeoJSONOptions & L.PathOptions = { renderer };
  if (style) Object.assign(options, { interactive: false, style });
  return options;
}

function featureOf(layer: unknown): Feature<Boundary, AreaProperties> | undefined {
  return (layer as { feature?: Feature<Boundary, AreaProperties> } | null)?.feature;
}
