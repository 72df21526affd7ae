import type { Feature, Geometry } from 'geojson';
import L from 'leaflet';
import { buildPolygonData, featureAt, type PolygonData, REF_ZOOM } from './polygon-data';

/** Features per Path2D (see buildPaths). */
const CHUNK = 16;

interface Chunk {
  colour: string;
  path: Path2D;
  count: number;
  box: [minX: number, minY: number, maxX: number, maxY: number];
}

export interface PolygonStyle {
  /** Fill colour of feature `i`, or null for none. */
  fill?: (i: number) => string | null;
  stroke?: { color: string; width: number; opacity?: number };
  /** Strokes are left out while the average feature is smaller than this many pixels on screen. */
  minStrokeSize?: number;
}

/** The parts of L.Renderer that a subclass uses; Leaflet's types leave them out. */
interface RendererInternals {
  _map: L.Map & { _animatingZoom?: boolean };
  _container: HTMLCanvasElement;
  _bounds: L.Bounds;
  _zoom: number;
  _update(): void;
}
const rendererUpdate = (L.Renderer.prototype as unknown as RendererInternals)._update;

/**
 * Draws many polygons (tens of thousands of grids) on one canvas from flat typed arrays
 * (polygon-data.ts), in small Path2D batches of one colour. Leaflet's own vector layers
 * (L.geoJSON) make objects per vertex and a draw call per feature: 1.5–3 s for 30,000 grids
 * on our machines, against about 0.6 s here.
 *
 * It reuses L.Renderer for the canvas' position and its zoom animation; it takes no mouse
 * events itself (the map does, and asks `featureAt`).
 */
export class PolygonCanvas<P> extends L.Renderer {
  private data: PolygonData<P> = buildPolygonData([]);
  private chunks: Chunk[] = [];
  private ctx: CanvasRenderingContext2D | null = null;
  private dpr = 1;
  /** Changes with data or style; a redraw of the same view and version is skipped. */
  private version = 0;
  private drawn = '';

  constructor(
    private style: PolygonStyle,
    options?: L.RendererOptions,
  ) {
    super({ padding: 0.2, ...options });
  }

  private get internals(): RendererInternals {
    return this as unknown as RendererInternals;
  }

  get features(): Feature<Geometry, P>[] {
    return this.data.features;
  }

  /** Replaces the polygons; call `redraw` (or move the map) to show them. */
  setData(features: Feature<Geometry, P>[]): this {
    this.data = buildPolygonData(features);
    this.buildPaths();
    return this;
  }

  /** Re-reads the colours (e.g. when the map is coloured by another figure) and redraws. */
  setStyle(style: PolygonStyle): this {
    this.style = style;
    this.buildPaths();
    return this.redraw();
  }

  getBounds(): L.LatLngBounds | null {
    const extent = this.data.extent;
    return extent && L.latLngBounds([extent[1], extent[0]], [extent[3], extent[2]]);
  }

  /** Index (in `features`) of the polygon under the point, or -1. */
  featureAt(latlng: L.LatLng): number {
    return featureAt(this.data, latlng.lng, latlng.lat);
  }

  /**
   * Features of one colour go into Path2Ds of CHUNK features each. Chromium builds one huge
   * path in quadratic time (30 s for 30,000 grids) and one path per feature costs a call each;
   * small batches are fast to build and to draw, and each has a box to skip it when off screen.
   */
  private buildPaths(): void {
    const { features, boxes } = this.data;
    const fill = this.style.fill;
    const open = new Map<string, Chunk>();
    const chunks: Chunk[] = [];
    for (let i = 0; i < features.length; i++) {
      const colour = fill?.(i) ?? '';
      let chunk = open.get(colour);
      if (!chunk || chunk.count === CHUNK) {
        chunk = { colour, path: new Path2D(), count: 0, box: [Infinity, Infinity, -Infinity, -Infinity] };
        open.set(colour, chunk);
        chunks.push(chunk);
      }
      this.trace(chunk.path, i);
      chunk.count++;
      const b = 4 * i;
      const box = chunk.box;
      box[0] = Math.min(box[0], boxes[b]);
      box[1] = Math.min(box[1], boxes[b + 1]);
      box[2] = Math.max(box[2], boxes[b + 2]);
      box[3] = Math.max(box[3], boxes[b + 3]);
    }
    // Grouped by colour, so that fillStyle changes a handful of times per frame.
    this.chunks = chunks.sort((a, b) => (a.colour < b.colour ? -1 : a.colour > b.colour ? 1 : 0));
    this.version++;
  }

  private trace(path: Path2D, i: number): void {
    const { coords: c, ringStart, featureRing } = this.data;
    for (let r = featureRing[i]; r < featureRing[i + 1]; r++) {
      const start = ringStart[r];
      const end = ringStart[r + 1];
      path.moveTo(c[2 * start], c[2 * start + 1]);
      for (let p = start + 1; p < end; p++) path.lineTo(c[2 * p], c[2 * p + 1]);
      path.closePath();
    }
  }

  /** Paints the current view; does nothing if it already shows this view of this data. */
  redraw(): this {
    const { _map: map, _bounds: bounds, _zoom: zoom } = this.internals;
    const ctx = this.ctx;
    if (!map || !ctx || !bounds) return this;
    const pixelOrigin = map.getPixelOrigin();
    const key = [this.version, zoom, pixelOrigin, bounds.min, ctx.canvas.width, ctx.canvas.height].join(' ');
    if (key === this.drawn) return this;
    this.drawn = key;

    const canvas = ctx.canvas;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    // canvas pixel = (projected at REF_ZOOM + origin) · k − pixel origin − canvas corner
    const k = 2 ** (zoom - REF_ZOOM);
    const dx = this.data.origin.x * k - pixelOrigin.x - bounds.min!.x;
    const dy = this.data.origin.y * k - pixelOrigin.y - bounds.min!.y;
    ctx.setTransform(k * this.dpr, 0, 0, k * this.dpr, dx * this.dpr, dy * this.dpr);

    const view = [-dx / k, -dy / k, (canvas.width / this.dpr - dx) / k, (canvas.height / this.dpr - dy) / k];
    const visible = this.chunks.filter(
      ({ box }) => box[0] <= view[2] && box[2] >= view[0] && box[1] <= view[3] && box[3] >= view[1],
    );
    let colour = '';
    for (const chunk of visible) {
      if (!chunk.colour) continue;
      if (chunk.colour !== colour) ctx.fillStyle = colour = chunk.colour;
      ctx.fill(chunk.path, 'evenodd');
    }
    const stroke = this.style.stroke;
    if (stroke && this.data.meanSize * k >= (this.style.minStrokeSize ?? 0)) {
      ctx.strokeStyle = stroke.color;
      ctx.globalAlpha = stroke.opacity ?? 1;
      ctx.lineWidth = stroke.width / k;
      ctx.lineJoin = 'round';
      for (const chunk of visible) ctx.stroke(chunk.path);
      ctx.globalAlpha = 1;
    }
    return this;
  }

  // L.Renderer hooks: it calls these to make the canvas and after every move.

  _initContainer(): void {
    const canvas = document.createElement('canvas');
    canvas.style.pointerEvents = 'none';
    this.internals._container = canvas;
    this.ctx = canvas.getContext('2d');
  }

  _destroyContainer(): void {
    this.internals._container?.remove();
    this.ctx = null;
  }

  _update(): void {
    const internals = this.internals;
    if (internals._map._animatingZoom && internals._bounds) return;
    rendererUpdate.call(this);
    const size = internals._bounds.getSize();
    const canvas = internals._container;
    this.dpr = window.devicePixelRatio || 1;
    L.DomUtil.setPosition(canvas, internals._bounds.min!);
    const width = Math.round(size.x * this.dpr);
    const height = Math.round(size.y * this.dpr);
    // Setting a canvas' size clears it, even to the same value.
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
      this.drawn = '';
    }
    canvas.style.width = `${size.x}px`;
    canvas.style.height = `${size.y}px`;
    this.redraw();
  }
}
