import { deflateSync } from 'node:zlib';
import { filesDir, storeFile } from '../cases/index.ts';

/**
 * Small generated pictures for the demo's files (pairing activities' photos, committee statements'
 * voucher scans): a PNG drawn from a seed, so every run stores the same bytes under the same
 * checksum. A few of each, shared by many records: generating and storing them takes milliseconds.
 */
export interface DemoImage {
  fileName: string;
  size: number;
  sha256: string;
}

const WIDTH = 160;
const HEIGHT = 120;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGB PNG of `pixel(x, y)`. */
export function png(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number],
) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A deterministic stream of numbers from a seed (mulberry32). */
function stream(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An outdoor activity: sky, ground, a banner and a row of people. */
export function activityPicture(seed: number): Buffer {
  const r = stream(seed);
  const sky: [number, number, number] = [120 + Math.floor(r() * 60), 170 + Math.floor(r() * 50), 230];
  const ground: [number, number, number] = [70 + Math.floor(r() * 60), 130 + Math.floor(r() * 50), 60];
  const horizon = 60 + Math.floor(r() * 20);
  const banner = { x: 20 + Math.floor(r() * 30), y: 18 + Math.floor(r() * 10), w: 90, h: 16 };
  const people = Array.from({ length: 6 + Math.floor(r() * 6) }, () => ({
    x: 8 + Math.floor(r() * 140),
    colour: [Math.floor(r() * 255), Math.floor(r() * 255), Math.floor(r() * 255)] as [number, number, number],
  }));
  return png(WIDTH, HEIGHT, (x, y) => {
    if (x >= banner.x && x < banner.x + banner.w && y >= banner.y && y < banner.y + banner.h)
      return (x + y) % 9 === 0 ? [250, 220, 80] : [200, 30, 40];
    for (const p of people) {
      const dx = x - p.x;
      if (dx * dx + (y - (horizon + 8)) ** 2 < 16) return [240, 200, 170];
      if (dx >= -4 && dx <= 4 && y > horizon + 11 && y < horizon + 34) return p.colour;
    }
    const shade = Math.floor((y / HEIGHT) * 20);
    return y < horizon
      ? [sky[0] - shade, sky[1] - shade, sky[2] - shade]
      : [ground[0] + shade, ground[1] + shade, ground[2]];
  });
}

/** A voucher scan: paper, printed lines, a total and the red seal. */
export function voucherPicture(seed: number): Buffer {
  const r = stream(seed);
  const lines = Array.from({ length: 7 }, () => 40 + Math.floor(r() * 90));
  const seal = { x: 110 + Math.floor(r() * 25), y: 75 + Math.floor(r() * 20) };
  const tint = Math.floor(r() * 16);
  return png(WIDTH, HEIGHT, (x, y) => {
    const d = Math.hypot(x - seal.x, y - seal.y);
    if (d > 13 && d < 16) return [210, 40, 40];
    if (d < 5 && (x + y) % 3 === 0) return [210, 40, 40];
    if (y >= 8 && y < 14 && x >= 45 && x < 115) return [60, 60, 70];
    const row = Math.floor((y - 24) / 11);
    if (row >= 0 && row < lines.length && (y - 24) % 11 < 3 && x >= 12 && x < 12 + lines[row]!)
      return [110, 110, 120];
    if (x === 8 || x === WIDTH - 9 || y === 20) return [180, 180, 190];
    return [248 - tint, 244 - tint, 232 - tint];
  });
}

/** Generates `count` pictures of a kind and stores them in the data directory's files. */
export async function storeDemoImages(
  dataDir: string,
  kind: 'activity' | 'voucher',
  count: number,
): Promise<DemoImage[]> {
  const dir = filesDir(dataDir);
  const images: DemoImage[] = [];
  for (let i = 1; i <= count; i++) {
    const bytes = kind === 'activity' ? activityPicture(i) : voucherPicture(1000 + i);
    const sha256 = await storeFile(dir, 'image/png', bytes);
    images.push({
      fileName: `${kind === 'activity' ? '活动照片' : '凭证扫描'}-${i}.png`,
      size: bytes.length,
      sha256,
    });
  }
  return images;
}
