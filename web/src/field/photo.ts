import { type LonLat, toWgs84 } from './coords';

const MAX_SIDE = 1600;

/**
 * A phone photo (often 4000 px and several MB) made small enough to queue and upload on a weak
 * signal: its longer side at most 1600 px, JPEG at 0.8. The EXIF orientation is applied first.
 */
export async function compressPhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('toBlob'))), 'image/jpeg', 0.8),
  );
}

export interface Fix {
  lon: number;
  lat: number;
  accuracy: number;
}

/**
 * The phone's position. The browser's Geolocation API answers in WGS84; a Chinese map SDK
 * (AMap, Baidu) plugged in instead would answer GCJ-02/BD-09 and go through `toWgs84`.
 */
export function locate(system: 'wgs84' | 'gcj02' | 'bd09' = 'wgs84'): Promise<Fix> {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) return reject(new Error('no geolocation'));
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const point: LonLat = toWgs84([position.coords.longitude, position.coords.latitude], system);
        resolve({ lon: point[0], lat: point[1], accuracy: position.coords.accuracy });
      },
      reject,
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  });
}
