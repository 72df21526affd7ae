/**
 * A small Shapefile writer for tests: polygons (.shp/.shx) and a .dbf of text fields in GBK
 * or UTF-8, as GIS software writes them (ESRI Shapefile Technical Description, 1998).
 */
export interface ShapeRecord {
  /** Rings of [x, y]; the first is the outer ring, any others holes. */
  rings: number[][][];
  attributes: Record<string, string>;
}

let gbkTable: Map<string, number[]> | null = null;

/** GBK bytes of a text: the table is read back from the platform's GBK decoder. */
export function encodeGbk(text: string): Uint8Array {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gbk');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const char = decoder.decode(Uint8Array.of(lead, trail));
        if (char.length === 1 && char !== '\ufffd' && !gbkTable.has(char)) gbkTable.set(char, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = gbkTable.get(char);
      if (!pair) throw new Error(`not in GBK: ${char}`);
      bytes.push(...pair);
    }
  }
  return Uint8Array.from(bytes);
}

/** Signed area of a ring (shoelace): negative is clockwise. */
function signedArea(ring: number[][]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum / 2;
}

export function writeShapefile(
  records: ShapeRecord[],
  encoding: 'gbk' | 'utf-8',
): { shp: Uint8Array; shx: Uint8Array; dbf: Uint8Array } {
  // Shapefile outer rings run clockwise, holes counter-clockwise.
  const oriented = records.map((r) =>
    r.rings.map((ring, i) => {
      const clockwise = signedArea(ring) < 0;
      return (i === 0) === clockwise ? ring : [...ring].reverse();
    }),
  );
  const contents = oriented.map((rings) => 44 + 4 * rings.length + 16 * rings.flat().length);
  const shpLength = 100 + contents.reduce((sum, c) => sum + 8 + c, 0);
  const shp = new DataView(new ArrayBuffer(shpLength));
  const shx = new DataView(new ArrayBuffer(100 + 8 * records.length));
  const all = oriented.flat(2);
  const box = [
    Math.min(...all.map((p) => p[0])),
    Math.min(...all.map((p) => p[1])),
    Math.max(...all.map((p) => p[0])),
    Math.max(...all.map((p) => p[1])),
  ];
  for (const [view, length] of [
    [shp, shpLength],
    [shx, shx.byteLength],
  ] as const) {
    view.setInt32(0, 9994);
    view.setInt32(24, length / 2);
    view.setInt32(28, 1000, true);
    view.setInt32(32, 5, true);
    box.forEach((v, i) => {
      view.setFloat64(36 + 8 * i, v, true);
    });
  }
  let offset = 100;
  oriented.forEach((rings, n) => {
    shx.setInt32(100 + 8 * n, offset / 2);
    shx.setInt32(104 + 8 * n, contents[n] / 2);
    shp.setInt32(offset, n + 1);
    shp.setInt32(offset + 4, contents[n] / 2);
    let at = offset + 8;
    const points = rings.flat();
    shp.setInt32(at, 5, true);
    const b = [
      Math.min(...points.map((p) => p[0])),
      Math.min(...points.map((p) => p[1])),
      Math.max(...points.map((p) => p[0])),
      Math.max(...points.map((p) => p[1])),
    ];
    b.forEach((v, i) => {
      shp.setFloat64(at + 4 + 8 * i, v, true);
    });
    shp.setInt32(at + 36, rings.length, true);
    shp.setInt32(at + 40, points.length, true);
    at += 44;
    let start = 0;
    for (const ring of rings) {
      shp.setInt32(at, start, true);
      at += 4;
      start += ring.length;
    }
    for (const [x, y] of points) {
      shp.setFloat64(at, x, true);
      shp.setFloat64(at + 8, y, true);
      at += 16;
    }
    offset += 8 + contents[n];
  });
  return {
    shp: new Uint8Array(shp.buffer),
    shx: new Uint8Array(shx.buffer),
    dbf: writeDbf(records, encoding),
  };
}

function writeDbf(records: ShapeRecord[], encoding: 'gbk' | 'utf-8'): Uint8Array {
  const encode = encoding === 'gbk' ? encodeGbk : (s: string) => new TextEncoder().encode(s);
  const fields = [...new Set(records.flatMap((r) => Object.keys(r.attributes)))];
  const values = records.map((r) => fields.map((f) => encode(r.attributes[f] ?? '')));
  const widths = fields.map((_, i) => Math.max(1, ...values.map((v) => v[i].length)));
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + widths.reduce((a, b) => a + b, 0);
  const bytes = new Uint8Array(headerLength + recordLength * records.length + 1);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x03;
  bytes.set([126, 1, 1], 1);
  view.setUint32(4, records.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  fields.forEach((name, i) => {
    const at = 32 + 32 * i;
    bytes.set(new TextEncoder().encode(name.slice(0, 10)), at);
    bytes[at + 11] = 'C'.charCodeAt(0);
    bytes[at + 16] = widths[i];
  });
  bytes[headerLength - 1] = 0x0d;
  values.forEach((row, n) => {
    let at = headerLength + recordLength * n;
    bytes[at++] = 0x20;
    row.forEach((value, i) => {
      bytes.fill(0x20, at, at + widths[i]);
      bytes.set(value, at);
      at += widths[i];
    });
  });
  bytes[bytes.length - 1] = 0x1a;
  return bytes;
}
