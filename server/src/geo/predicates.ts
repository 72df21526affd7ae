/**
 * Exact geometric predicates for validation. "Do these edges touch?" has to be
 * answered exactly: a floating-point cross product can round a genuine touch to
 * a near miss (or the reverse), and the answer would then depend on vertex order.
 */

// Shewchuk's error bound for the fast orientation filter (orient2d, stage A).
const EPSILON = 2 ** -53;
const ORIENT_ERRBOUND = (3 + 16 * EPSILON) * EPSILON;

/**
 * Sign of the turn a→b→c: 1 counter-clockwise, -1 clockwise, 0 collinear, exactly.
 * The floating-point determinant decides almost always; only near-collinear
 * triples fall back to integer arithmetic.
 */
export function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const detLeft = (ax - cx) * (by - cy);
  const detRight = (ay - cy) * (bx - cx);
  const det = detLeft - detRight;
  // Rounding keeps the sign of each product, so differing signs already decide.
  if (detLeft > 0 ? detRight <= 0 : detLeft < 0 ? detRight >= 0 : true) return Math.sign(det);
  const detSum = Math.abs(detLeft + detRight);
  if (Math.abs(det) >= ORIENT_ERRBOUND * detSum) return Math.sign(det);
  return exactOrient(ax, ay, bx, by, cx, cy);
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const MANTISSA_MASK = (1n << 52n) - 1n;

/** A finite double as mantissa · 2^exponent, both integers. */
function decompose(v: number): [bigint, number] {
  f64[0] = v;
  const bits = u64[0];
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & MANTISSA_MASK;
  let exponent = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  return [v < 0 ? -mantissa : mantissa, exponent];
}

function exactOrient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const parts = [ax, ay, bx, by, cx, cy].map(decompose);
  const minExponent = Math.min(...parts.map(([, e]) => e));
  // Every double is an integer multiple of 2^minExponent, so scaling makes all of them exact integers.
  const [axi, ayi, bxi, byi, cxi, cyi] = parts.map(([m, e]) => m << BigInt(e - minExponent));
  const det = (axi - cxi) * (byi - cyi) - (ayi - cyi) * (bxi - cxi);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}

/** Whether c, known to be collinear with a and b, lies on the closed segment ab. */
function onCollinearSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return cx >= Math.min(ax, bx) && cx <= Math.max(ax, bx) && cy >= Math.min(ay, by) && cy <= Math.max(ay, by);
}

/** Whether closed segments ab and cd share at least one point, exactly. */
export function segmentsTouch(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  return (
    (o1 === 0 && onCollinearSegment(ax, ay, bx, by, cx, cy)) ||
    (o2 === 0 && onCollinearSegment(ax, ay, bx, by, dx, dy)) ||
    (o3 === 0 && onCollinearSegment(cx, cy, dx, dy, ax, ay)) ||
    (o4 === 0 && onCollinearSegment(cx, cy, dx, dy, bx, by))
  );
}

/**
 * Whether the ring folds back on itself at b: a, b, c collinear with a and c on
 * the same side of b, so edges ab and bc overlap along a stretch (a "spike").
 */
export function isSpike(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  if (orient(ax, ay, bx, by, cx, cy) !== 0) return false;
  const sameX = Math.sign(ax - bx) === Math.sign(cx - bx) && ax !== bx;
  const sameY = Math.sign(ay - by) === Math.sign(cy - by) && ay !== by;
  return sameX || sameY;
}
