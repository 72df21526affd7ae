import { deflateSync } from 'node:zlib';
import * as echarts from 'echarts';

export interface Series {
  name: string;
  values: number[];
  colour: string;
}

/** A bar chart as SVG, rendered on the server by ECharts (server-side rendering, no DOM). */
export function barChartSvg(
  title: string,
  labels: string[],
  series: Series[],
  width = 640,
  height = 300,
): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 56 },
    xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.values,
      itemStyle: { color: s.colour },
    })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

// ---- the PNG fallback Word needs beside an SVG (older Word shows it): the same bars, no text ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const rgb = (hex: string) =>
  [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** The bars of `series` drawn into an RGB PNG (white ground, grey axis), without labels. */
export function barChartPng(series: Series[], width = 640, height = 300): Buffer {
  const pixels = Buffer.alloc(height * (width * 3 + 1), 255);
  const set = (x: number, y: number, [r, g, b]: [number, number, number]) => {
    const at = y * (width * 3 + 1) + 1 + x * 3;
    pixels[at] = r;
    pixels[at + 1] = g;
    pixels[at + 2] = b;
  };
  for (let y = 0; y < height; y++) pixels[y * (width * 3 + 1)] = 0; // filter: none
  const [left, bottom, top] = [40, height - 30, 20];
  for (let x = left; x < width - 10; x++) set(x, bottom, [160, 160, 160]);
  const count = Math.max(1, ...series.map((s) => s.values.length));
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const slot = (width - 10 - left) / count;
  const bar = Math.max(1, Math.floor((slot * 0.8) / Math.max(1, series.length)));
  series.forEach((s, si) => {
    const colour = rgb(s.colour);
    s.values.forEach((v, i) => {
      const x0 = Math.floor(left + i * slot + slot * 0.1 + si * bar);
      const h = Math.round(((bottom - top) * v) / max);
      for (let x = x0; x < x0 + bar; x++) for (let y = bottom - h; y < bottom; y++) set(x, y, colour);
    });
  });
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
