import { Delaunay } from 'd3-delaunay';
import type { Position, Ring } from '../../geo/geojson.ts';
import { ringArea2, ringSelfIntersects } from './polygons.ts';
import { createRandom, hashSeed, type Random, randomBetween } from './random.ts';
import { wigglyEdge } from './wiggle.ts';

/** Where the generated map sits and how many grid cells it has. Lengths in km. */
export interface MeshLayout {
  centerLon: number;
  centerLat: number;
  /** Half width and half height of the outline before its harmonics. */
  semiAxes: [number, number];
  cells: number;
}

/**
 * A planar subdivision of an irregular blob into Voronoi cells, each cell one grid. Cells are kept
 * as rings of shared edges, so neighbours use the very same vertices: that is what lets parents
 * be built from their children by edge cancellation.
 */
export interface Mesh {
  /** Indices of the cells inside the outline: one connected piece, no holes. */
  cells: number[];
  /** Site of each cell in km east and north of the centre, indexed by cell. */
  siteX: Float64Array;
  siteY: Float64Array;
  /** For each inside cell, the inside cells sharing an edge with it. */
  neighbours: number[][];
  /** The cell's boundary as a closed counter-clockwise lon/lat ring. */
  ring(cell: number): Ring;
  /** Scratch space (one slot per cell, all -1) for algorithms over subsets of cells. */
  scratch: Int32Array;
}

const KM_PER_DEGREE_LAT = 110.574;
const HEX_ROW = Math.sqrt(3) / 2;

/** Builds the mesh; the rare layout that cannot be made clean is retried with other sites. */
export function buildMesh(seed: number, layout: MeshLayout): Mesh {
  for (let attempt = 0; attempt < 8; attempt++) {
    const mesh = tryBuildMesh(seed, attempt, layout);
    if (mesh) return mesh;
  }
  throw new Error('could not build a clean mesh');
}

function tryBuildMesh(seed: number, attempt: number, layout: MeshLayout): Mesh | null {
  const random = createRandom(hashSeed(seed, 0x6d657368, attempt));
  const [semiX, semiY] = layout.semiAxes;
  const { centerLon: lon0, centerLat: lat0 } = layout;
  const kmPerDegreeLon = 111.32 * Math.cos((lat0 * Math.PI) / 180);

  // The outline: an ellipse whose radius wobbles with a few sine harmonics.
  const harmonics = [2, 3, 4, 5, 6].map((k) => ({
    k,
    amplitude: (randomBetween(random, 0.4, 1) * 0.22) / k ** 0.8,
    phase: randomBetween(random, 0, 2 * Math.PI),
  }));
  const radius = (theta: number) =>
    1 + harmonics.reduce((sum, h) => sum + h.amplitude * Math.sin(h.k * theta + h.phase), 0);
  const rhoOf = (x: number, y: number) => {
    const u = x / semiX;
    const v = y / semiY;
    return Math.hypot(u, v) / radius(Math.atan2(v, u));
  };
  let maxRadius = 0;
  for (let i = 0; i < 360; i++) maxRadius = Math.max(maxRadius, radius((i * Math.PI) / 180));
  const blobArea = Math.PI * semiX * semiY * (1 + harmonics.reduce((s, h) => s + h.amplitude ** 2 / 2, 0));
  const spacing = Math.sqrt(blobArea / (layout.cells * HEX_ROW));

  // Sites: a hexagonal lattice with strong jitter (Poisson-like, without clumps or gaps). Only
  // sites in or near the blob take part; three rows of them around it keep the rim cells finite.
  const columns = 2 * Math.ceil((semiX * maxRadius * 1.3) / spacing + 4) + 1;
  const rows = 2 * Math.ceil((semiY * maxRadius * 1.3) / (spacing * HEX_ROW) + 4) + 1;
  const latticeX = new Float64Array(rows * columns);
  const latticeY = new Float64Array(rows * columns);
  const near = new Uint8Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const r = row - (rows >> 1);
    for (let column = 0; column < columns; column++) {
      const i = row * columns + column;
      latticeX[i] = (column - (columns >> 1) + (r & 1 ? 0.5 : 0) + (random() - 0.5) * 0.75) * spacing;
      latticeY[i] = (r + (random() - 0.5) * 0.75) * spacing * HEX_ROW;
      near[i] = rhoOf(latticeX[i], latticeY[i]) < 1.3 ? 1 : 0;
    }
  }
  const kept = dilate(dilate(near, rows, columns, 3), columns, 1, 3);
  const sites = [...kept.keys()].filter((i) => kept[i]);
  const siteCount = sites.length;
  const siteX = Float64Array.from(sites, (i) => latticeX[i]);
  const siteY = Float64Array.from(sites, (i) => latticeY[i]);
  const rho = Float64Array.from(sites, (i) => rhoOf(latticeX[i], latticeY[i]));

  // The blob is scaled to hold exactly the wanted number of sites.
  const order = Array.from({ length: siteCount }, (_, i) => i).sort((a, b) => rho[a] - rho[b] || a - b);
  const threshold = rho[order[layout.cells - 1]];
  const isCandidate = new Uint8Array(siteCount);
  const candidates = order.filter((i) => rho[i] < threshold * 1.2).sort((a, b) => a - b);
  for (const cell of candidates) isCandidate[cell] = 1;

  const diagram = separatedDiagram(siteX, siteY, candidates, spacing, random);
  if (!diagram) return null;
  const { halfedges, triangles, circumcenters } = diagram;

  // Voronoi vertices are the circumcentres of Delaunay triangles, rounded once to 1e-7 degrees.
  const triangleCount = triangles.length / 3;
  const vertexPosition: Position[] = new Array(triangleCount);
  const vertexX = new Float64Array(triangleCount);
  const vertexY = new Float64Array(triangleCount);
  const vertexQ = new Float64Array(2 * triangleCount);
  const toPosition = (x: number, y: number): [number, number] => [
    Math.round((lon0 + x / kmPerDegreeLon) * 1e7) / 1e7,
    Math.round((lat0 + y / KM_PER_DEGREE_LAT) * 1e7) / 1e7,
  ];
  const vertex = (t: number): number => {
    if (vertexPosition[t]) return t;
    const position = toPosition(circumcenters[2 * t], circumcenters[2 * t + 1]);
    vertexPosition[t] = position;
    vertexX[t] = (position[0] - lon0) * kmPerDegreeLon;
    vertexY[t] = (position[1] - lat0) * KM_PER_DEGREE_LAT;
    vertexQ[2 * t] = Math.round(position[0] * 1e7);
    vertexQ[2 * t + 1] = Math.round(position[1] * 1e7);
    return t;
  };

  // Voronoi edges are dual to Delaunay edges: one per pair of twin half-edges, numbered compactly.
  const edgeOfHalfedge = new Int32Array(halfedges.length).fill(-1);
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  /** Per cell: its edges in counter-clockwise order, as edge * 2 + (1 when walked from `to` to `from`). */
  const cellEdges: (Int32Array | undefined)[] = new Array(siteCount);
  const cellNeighbours: (Int32Array | undefined)[] = new Array(siteCount);
  for (const cell of candidates) {
    const around = outgoingHalfedges(diagram, cell)!;
    const edges = new Int32Array(around.length);
    const neighbours = new Int32Array(around.length);
    around.forEach((h, k) => {
      const twin = halfedges[h];
      const canonical = Math.min(h, twin);
      if (edgeOfHalfedge[canonical] < 0) {
        edgeOfHalfedge[canonical] = edgeFrom.length;
        edgeFrom.push(vertex(Math.floor(canonical / 3)));
        edgeTo.push(vertex(Math.floor(Math.max(h, twin) / 3)));
      }
      // Walking round the cell, h leads from the circumcentre of its triangle to its twin's.
      edges[k] = edgeOfHalfedge[canonical] * 2 + (h === canonical ? 0 : 1);
      const other = triangles[nextHalfedge(h)];
      neighbours[k] = isCandidate[other] ? other : -1;
    });
    const ring = Array.from(edges, (e) => vertexPosition[(e & 1 ? edgeTo : edgeFrom)[e >> 1]]);
    ring.push(ring[0]);
    if (ringArea2(ring) < 0) {
      edges.reverse();
      for (let k = 0; k < edges.length; k++) edges[k] ^= 1;
    }
    cellEdges[cell] = edges;
    cellNeighbours[cell] = neighbours;
  }

  const cells = selectInside(order.slice(0, layout.cells), candidates, cellNeighbours, siteCount);
  const neighbours: number[][] = new Array(siteCount);
  for (const cell of cells) neighbours[cell] = Array.from(cellNeighbours[cell]!).filter((n) => n >= 0);

  // Edge shapes are computed once per edge, keyed by its end points, and read backwards by the
  // cell on the other side, so both cells carry exactly the same vertices.
  const polylines: (Position[] | undefined)[] = new Array(edgeFrom.length);
  const straight = new Uint8Array(edgeFrom.length);
  const polylineOf = (edge: number): Position[] => {
    let polyline = polylines[edge];
    if (!polyline) {
      const a = edgeFrom[edge];
      const b = edgeTo[edge];
      const edgeRandom = createRandom(
        hashSeed(seed, vertexQ[2 * a], vertexQ[2 * a + 1], vertexQ[2 * b], vertexQ[2 * b + 1]),
      );
      const shape = wigglyEdge(
        [vertexX[a], vertexY[a]],
        [vertexX[b], vertexY[b]],
        spacing,
        straight[edge] ? 0 : 1,
        edgeRandom,
      );
      polyline = [vertexPosition[a]];
      for (const [x, y] of shape) {
        const position = toPosition(x, y);
        const last = polyline[polyline.length - 1];
        if (position[0] !== last[0] || position[1] !== last[1]) polyline.push(position);
      }
      polyline.push(vertexPosition[b]);
      polylines[edge] = polyline;
    }
    return polyline;
  };
  const ring = (cell: number): Ring => {
    const result: Ring = [];
    for (const e of cellEdges[cell]!) {
      const polyline = polylineOf(e >> 1);
      if ((e & 1) === 0) for (let i = 0; i < polyline.length - 1; i++) result.push(polyline[i]);
      else for (let i = polyline.length - 1; i > 0; i--) result.push(polyline[i]);
    }
    result.push(result[0]);
    return result;
  };

  // The wiggles are too small to fold a cell; should one ever do, that cell's edges are drawn straight.
  for (let pass = 0; pass < 3; pass++) {
    let folded = false;
    for (const cell of cells) {
      const cellRing = ring(cell);
      if (ringArea2(cellRing) > 0 && !ringSelfIntersects(cellRing)) continue;
      folded = true;
      for (const e of cellEdges[cell]!) {
        straight[e >> 1] = 1;
        polylines[e >> 1] = undefined;
      }
    }
    if (!folded) break;
  }

  return { cells, siteX, siteY, neighbours, ring, scratch: new Int32Array(siteCount).fill(-1) };
}

interface Diagram {
  halfedges: Int32Array;
  triangles: Uint32Array;
  inedges: Int32Array;
  circumcenters: Float64Array;
}

function nextHalfedge(h: number): number {
  return h % 3 === 2 ? h - 2 : h + 1;
}

/** The Delaunay half-edges leaving a site, in order around it; null for a site on the hull. */
function outgoingHalfedges({ halfedges, inedges }: Diagram, site: number): number[] | null {
  const first = inedges[site];
  if (first === -1) return null;
  const result: number[] = [];
  let incoming = first;
  do {
    const outgoing = nextHalfedge(incoming);
    result.push(outgoing);
    incoming = halfedges[outgoing];
    if (incoming === -1) return null;
  } while (incoming !== first);
  return result;
}

/**
 * The Delaunay triangulation of the sites and its circumcentres, with no Voronoi edge around a
 * candidate cell shorter than about a metre. Near-cocircular sites are common enough (a few per
 * thousand cells) to give edges of a centimetre, which rounding to 1e-7 degrees would collapse
 * into a vertex where four cells meet; nudging the sites by a few metres pulls them apart.
 */
function separatedDiagram(
  siteX: Float64Array,
  siteY: Float64Array,
  candidates: number[],
  spacing: number,
  random: Random,
): Diagram | null {
  const minEdge = spacing * 0.003;
  const coords = new Float64Array(siteX.length * 2);
  for (let round = 0; round < 10; round++) {
    for (let i = 0; i < siteX.length; i++) {
      coords[2 * i] = siteX[i];
      coords[2 * i + 1] = siteY[i];
    }
    const delaunay = new Delaunay(coords);
    const { circumcenters } = delaunay.voronoi();
    const { halfedges, triangles, inedges } = delaunay;
    const diagram: Diagram = { halfedges, triangles, inedges, circumcenters };
    const crowded: number[] = [];
    for (const cell of candidates) {
      const around = outgoingHalfedges(diagram, cell);
      if (!around) return null;
      const tooShort = around.some((h) => {
        const a = Math.floor(h / 3);
        const b = Math.floor(diagram.halfedges[h] / 3);
        const dx = circumcenters[2 * b] - circumcenters[2 * a];
        const dy = circumcenters[2 * b + 1] - circumcenters[2 * a + 1];
        return Math.hypot(dx, dy) < minEdge;
      });
      if (tooShort) crowded.push(cell);
    }
    if (crowded.length === 0) return diagram;
    for (const cell of crowded) {
      siteX[cell] += (random() - 0.5) * spacing * 0.05;
      siteY[cell] += (random() - 0.5) * spacing * 0.05;
    }
  }
  return null;
}

/** Marks everything within `reach` steps of a mark along one axis (`stride` apart, `length` long). */
function dilate(marks: Uint8Array, length: number, stride: number, reach: number): Uint8Array {
  const result = new Uint8Array(marks.length);
  for (let i = 0; i < marks.length; i++) {
    if (!marks[i]) continue;
    const position = Math.floor(i / stride) % length;
    for (let d = -reach; d <= reach; d++) {
      if (position + d >= 0 && position + d < length) result[i + d * stride] = 1;
    }
  }
  return result;
}

/**
 * The chosen cells, cut down to one connected piece (the one holding the most central cell) and
 * with any enclosed unchosen cells added, so that the outline is a single ring.
 */
function selectInside(
  chosen: number[],
  candidates: number[],
  neighbours: (Int32Array | undefined)[],
  siteCount: number,
): number[] {
  const selected = new Uint8Array(siteCount);
  for (const cell of chosen) selected[cell] = 1;

  const main = new Uint8Array(siteCount);
  const queue = [chosen[0]];
  main[chosen[0]] = 1;
  while (queue.length > 0) {
    for (const next of neighbours[queue.pop()!]!) {
      if (next >= 0 && selected[next] && !main[next]) {
        main[next] = 1;
        queue.push(next);
      }
    }
  }

  // Flood the outside from the rim of the candidate area; whatever it cannot reach is enclosed.
  const outside = new Uint8Array(siteCount);
  for (const cell of candidates) {
    if (!main[cell] && neighbours[cell]!.includes(-1)) {
      outside[cell] = 1;
      queue.push(cell);
    }
  }
  while (queue.length > 0) {
    for (const next of neighbours[queue.pop()!]!) {
      if (next >= 0 && !main[next] && !outside[next]) {
        outside[next] = 1;
        queue.push(next);
      }
    }
  }
  return candidates.filter((cell) => main[cell] || !outside[cell]);
}
