import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGet, DOCS_SCREENSHOTS, launchBrowser, startTestServer, type TestServer } from './harness.ts';

/**
 * The grid worker's field app on a phone-sized screen, without signal: the signal goes right after
 * the login (no screen opened online), a case with a photo and a visit are queued in IndexedDB,
 * the app reopens offline from its service worker, and once back online each arrives exactly once
 * — also when the whole queue is sent a second time. Then a report the server refuses (a point
 * outside the district) is corrected on the phone, offline, and sent with its photo.
 */

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

interface Category {
  code: string;
  parentCode: string | null;
}
interface Area {
  code: string;
  bbox: [number, number, number, number];
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    permissions: ['geolocation'],
  });
  page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A point inside the grid, as the server places it (a bounding box's centre need not be). */
async function pointInGrid(code: string): Promise<{ longitude: number; latitude: number }> {
  const grid = await apiGet<Area>(page, `/api/areas/${code}`);
  const [minLon, minLat, maxLon, maxLat] = grid.bbox;
  for (const f of [0.5, 0.4, 0.6, 0.3, 0.7]) {
    for (const g of [0.5, 0.4, 0.6, 0.3, 0.7]) {
      const lon = minLon + (maxLon - minLon) * f;
      const lat = minLat + (maxLat - minLat) * g;
      const found = await apiGet<{ grid?: { code: string } }>(
        page,
        `/api/areas/locate?lon=${lon}&lat=${lat}`,
      );
      if (found.grid?.code === code) return { longitude: lon, latitude: lat };
    }
  }
  throw new Error(`no point found in grid ${code}`);
}

/** A camera-sized JPEG (2400×1800), made by the browser: the app must shrink it to 1600 px. */
async function cameraPhoto(): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 2400;
    canvas.height = 1800;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#8b5a2b';
    ctx.fillRect(0, 0, 2400, 1800);
    ctx.fillStyle = '#333';
    ctx.fillRect(800, 600, 800, 600);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/jpeg', 0.95));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  });
  return Buffer.from(base64, 'base64');
}

const queueStates = () =>
  page.$$eval('[data-testid=queue-item]', (items) =>
    items.map((i) => `${i.getAttribute('data-kind')}:${i.getAttribute('data-state')}`).sort(),
  );

async function waitAllSent(count: number) {
  await page.waitForFunction(
    (n) => {
      const items = [...document.querySelectorAll('[data-testid=queue-item]')];
      return items.length === n && items.every((i) => i.getAttribute('data-state') === 'sent');
    },
    count,
    { timeout: 30_000 },
  );
}

describe('field app offline', () => {
  it('works offline right after the login, and delivers each write exactly once', async () => {
    const account = server.accounts.find((a) => a.username === 'gw001')!;
    await page.goto(`${server.url}/field`);
    await page.fill('[data-testid=login-username]', account.username);
    await page.fill('[data-testid=login-password]', account.password);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=tab-report]');
    // The service worker has the app shell before the signal goes.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // Visits are part of the field app's promise: their absence is a failure, not a reason to skip.
    const docs = await apiGet<{ paths: Record<string, unknown> }>(page, '/api/docs/json');
    expect(Object.keys(docs.paths)).toContain('/api/visits');
    const categories = (await apiGet<{ items: Category[] }>(page, '/api/case-categories')).items;
    const category =
      categories.find((c) => c.code === 'exposed_garbage') ?? categories.find((c) => c.parentCode)!;
    await context.setGeolocation(await pointInGrid(account.areaCode));
    // Everything needed offline is fetched at the start, whatever screen is open: no report screen
    // is opened before the signal goes. The strip under the header says when it was fetched.
    await page.waitForSelector('[data-testid=refreshed]:has-text("数据更新于")');
    const photo = await cameraPhoto();

    await context.setOffline(true);
    await page.waitForSelector('[data-testid=net]:has-text("离线")');
    // The app opens again with no signal at all: from the service worker's cache.
    await page.reload();
    await page.waitForSelector('[data-testid=refreshed]:has-text("数据更新于")');
    await page.click('[data-testid=tab-report]');
    await page.waitForSelector('[data-testid=location]:has-text("±")');

    const text = `下水道井盖破损 e2e-${Date.now()}`;
    await page.setInputFiles('[data-testid=photo-input]', {
      name: 'IMG_0001.jpg',
      mimeType: 'image/jpeg',
      buffer: photo,
    });
    await page.waitForSelector('[data-testid=photo-preview]');
    await page.selectOption('[data-testid=category-parent]', category.parentCode!);
    await page.selectOption('[data-testid=category]', category.code);
    await page.fill('[data-testid=description]', text);
    await page.screenshot({ path: path.join(DOCS_SCREENSHOTS, 'field-report.png') });
    await page.click('[data-testid=report-submit]');
    await page.waitForSelector('[data-testid=toast]');

    const findings = `独居老人身体状况良好 e2e-${Date.now()}`;
    await page.click('[data-testid=tab-tasks]');
    await page.click('[data-testid=free-visit]');
    await page.fill('[data-testid=findings]', findings);
    await page.click('[data-testid=visit-submit]');
    const expected = 3;
    await page.waitForSelector(`[data-testid=queue-count]:has-text("${expected}")`);
    await page.click('[data-testid=tab-queue]');
    expect(await queueStates()).toEqual(['attachment:waiting', 'case:waiting', 'visit:waiting'].sort());
    await page.screenshot({ path: path.join(DOCS_SCREENSHOTS, 'field-offline-queue.png') });

    // Back online: the 'online' event starts the sync by itself.
    await context.setOffline(false);
    await waitAllSent(expected);
    expect(await page.$('[data-testid=queue-count]')).toBeNull();

    const count = async () => {
      const cases = await apiGet<{ items: { id: string }[]; total: number }>(
        page,
        `/api/cases?q=${encodeURIComponent(text)}`,
      );
      const timeline = cases.items[0]
        ? await apiGet<{ events: { action: string }[] }>(page, `/api/cases/${cases.items[0].id}/timeline`)
        : { events: [] };
      const visits = (
        await apiGet<{ items: { findings: string }[] }>(page, '/api/visits?pageSize=100')
      ).items.filter((v) => v.findings === findings).length;
      return {
        cases: cases.total,
        photos: timeline.events.filter((e) => e.action === 'attach').length,
        visits,
      };
    };
    const once = { cases: 1, photos: 1, visits: 1 };
    expect(await count()).toEqual(once);

    // A second sync sends nothing new.
    await page.click('[data-testid=sync-now]');
    await waitAllSent(expected);
    expect(await count()).toEqual(once);

    // Even the whole queue sent again (as after answers lost on the way back) duplicates nothing:
    // the same idempotency keys get the first answers back.
    await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('civicgrid-field');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const store = db.transaction('outbox', 'readwrite').objectStore('outbox');
      const items = await new Promise<{ state: string }[]>((resolve) => {
        const all = store.getAll();
        all.onsuccess = () => resolve(all.result);
      });
      await Promise.all(
        items.map(
          (item) =>
            new Promise((resolve) => {
              const put = store.put({ ...item, state: 'waiting', nextAttemptAt: 0 });
              put.onsuccess = resolve;
            }),
        ),
      );
      db.close();
    });
    await page.reload();
    await page.click('[data-testid=tab-queue]');
    await waitAllSent(expected);
    expect(await count()).toEqual(once);
  });

  it('lets the worker correct a refused report offline and send it with its photo', async () => {
    const account = server.accounts.find((a) => a.username === 'gw001')!;
    const categories = (await apiGet<{ items: Category[] }>(page, '/api/case-categories')).items;
    const [first, second] = categories.filter((c) => c.parentCode);
    // GPS drift: a point far outside the district. The server refuses the report.
    await context.setGeolocation({ longitude: 100, latitude: 10 });
    await page.click('[data-testid=tab-queue]');
    await page.click('[data-testid=tab-report]');
    await page.waitForSelector('[data-testid=location]:has-text("±")');
    await page.setInputFiles('[data-testid=photo-input]', {
      name: 'IMG_0002.jpg',
      mimeType: 'image/jpeg',
      buffer: await cameraPhoto(),
    });
    await page.waitForSelector('[data-testid=photo-preview]');
    await page.selectOption('[data-testid=category-parent]', first.parentCode!);
    await page.selectOption('[data-testid=category]', first.code);
    const text = `路灯不亮 e2e-${Date.now()}`;
    await page.fill('[data-testid=description]', text);
    await page.click('[data-testid=report-submit]');
    await page.click('[data-testid=tab-queue]');
    const failed = page.locator('[data-testid=queue-item][data-kind=case][data-state=failed]');
    await failed.waitFor({ timeout: 30_000 });
    expect(await page.$$('[data-testid=queue-item][data-kind=attachment][data-state=failed]')).toHaveLength(
      1,
    );

    // Corrected with no signal: the grid comes from the data kept at the start.
    await context.setOffline(true);
    await page.waitForSelector('[data-testid=net]:has-text("离线")');
    await failed.locator('[data-testid=correct]').click();
    const form = page.locator('[data-testid=correct-form]');
    expect(await form.locator('[data-testid=correct-description]').textContent()).toBe(text);
    await form.locator('[data-testid=place-grid]').check();
    await form.locator('[data-testid=correct-grid]').selectOption(account.areaCode);
    await form.locator('[data-testid=category-parent]').selectOption(second.parentCode!);
    await form.locator('[data-testid=category]').selectOption(second.code);
    await page.screenshot({ path: path.join(DOCS_SCREENSHOTS, 'field-correct-report.png') });
    await form.locator('[data-testid=correct-send]').click();
    await page.waitForSelector('[data-testid=queue-item][data-kind=case][data-state=waiting]');

    await context.setOffline(false);
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid=queue-item]')].every(
          (i) => i.getAttribute('data-state') === 'sent',
        ),
      null,
      { timeout: 30_000 },
    );
    const cases = await apiGet<{ items: { id: string; gridCode: string; categoryCode: string }[] }>(
      page,
      `/api/cases?q=${encodeURIComponent(text)}`,
    );
    expect(cases.items).toHaveLength(1);
    expect(cases.items[0]).toMatchObject({ gridCode: account.areaCode, categoryCode: second.code });
    const timeline = await apiGet<{ events: { action: string }[] }>(
      page,
      `/api/cases/${cases.items[0].id}/timeline`,
    );
    expect(timeline.events.filter((e) => e.action === 'attach')).toHaveLength(1);
  });
});
