import { describe, expect, it } from 'vitest';
import {
  bd09ToGcj02,
  bd09ToWgs84,
  gcj02ToBd09,
  gcj02ToWgs84,
  type LonLat,
  toWgs84,
  wgs84ToGcj02,
} from './coords';

const close = (actual: LonLat, expected: LonLat, digits = 9) => {
  expect(actual[0]).toBeCloseTo(expected[0], digits);
  expect(actual[1]).toBeCloseTo(expected[1], digits);
};

// Reference values published with the widely used coordtransform library (Tiananmen area).
describe('forward transforms', () => {
  it('shifts WGS84 to GCJ-02 by the published offset', () => {
    close(wgs84ToGcj02([116.404, 39.915]), [116.41024449916938, 39.91640428150164]);
  });
  it('converts between GCJ-02 and BD-09', () => {
    close(gcj02ToBd09([116.404, 39.915]), [116.41036949371029, 39.92133699351021]);
    close(bd09ToGcj02([116.404, 39.915]), [116.39762729119315, 39.90865673957631]);
  });
});

describe('to WGS84', () => {
  const points: LonLat[] = [
    [116.404, 39.915],
    [121.4737, 31.2304],
    [113.2644, 23.1291],
    [104.0665, 30.5723],
    [87.6168, 43.8256],
  ];
  it('inverts GCJ-02 to within a millimetre', () => {
    for (const wgs of points) {
      const back = gcj02ToWgs84(wgs84ToGcj02(wgs));
      // 1e-8 degrees is about a millimetre.
      close(back, wgs, 8);
    }
  });
  // Baidu's published inverse is itself approximate (about 10 cm), so a metre is the bound here.
  it('inverts BD-09 through GCJ-02 to within a metre', () => {
    for (const wgs of points) close(bd09ToWgs84(gcj02ToBd09(wgs84ToGcj02(wgs))), wgs, 5);
  });
  it('moves Beijing by the expected few hundred metres', () => {
    const [lon, lat] = gcj02ToWgs84([116.404, 39.915]);
    expect(116.404 - lon).toBeGreaterThan(0.005);
    expect(116.404 - lon).toBeLessThan(0.008);
    expect(39.915 - lat).toBeGreaterThan(0.0005);
    expect(39.915 - lat).toBeLessThan(0.002);
  });
  it('leaves points outside China and WGS84 input unchanged', () => {
    close(gcj02ToWgs84([2.3522, 48.8566]), [2.3522, 48.8566]);
    close(toWgs84([116.404, 39.915], 'wgs84'), [116.404, 39.915]);
    close(toWgs84([116.404, 39.915], 'gcj02'), gcj02ToWgs84([116.404, 39.915]));
  });
});
