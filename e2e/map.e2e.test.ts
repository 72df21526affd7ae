import path from 'node:path';
import type { Map as LeafletMap } from 'leaflet';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_SCREENSHOTS, launchBrowser, SCREENSHOTS, startTestServer } from './harness.ts';

declare global {
  interface Window {
    /** The page's Leaflet map (web/src/pages/map/area-map.ts puts it there for tests). */
    __cgMap?: LeafletMap;
  }
}

type Server = Awaited<ReturnType<typeof startTestServer>>;
interface AreaSummary {
  code: string;
  name: string;
  level: string;
}
interface Area extends AreaSummary {
  bbox: [number, number, number, number];
  children: AreaSummary[];
}

let server: Server;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function account(predicate: (a: Server['accounts'][number]) => boolean) {
  const found = server.accounts.find(predicate);
  if (!found) throw new Error('no such demo account');
  return found;
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

async function logIn(page: Page, username: string, password: string) {
  await page.goto(`${server.url}/login`);
  await page.fill('[data-testid=login-username]', username);
  await page.fill('[data-testid=login-password]', password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=map][data-grids-drawn]', { timeout: 30_000 });
}

/** Calls the API with the page's session, as the app would. */
function apiGet<T>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (target) => {
    const response = await fetch(target, { headers: { Accept: 'application/json' } });
    return response.json();
  }, url) as Promise<T>;
}

/** Waits until the map has stopped moving (flyToBounds animates). */
async function mapSettled(page: Page) {
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const map = window.__cgMap!;
        const before = `${map.getCenter().toString()} ${map.getZoom()}`;
        setTimeout(() => resolve(before === `${map.getCenter().toString()} ${map.getZoom()}`), 250);
      }),
  );
}

/** Clicks the map at a longitude/latitude. */
async function clickMapAt(page: Page, lon: number, lat: number) {
  const point = await page.evaluate(
    ([x, y]) => {
      const map = window.__cgMap!;
      const p = map.latLngToContainerPoint([y, x]);
      const box = map.getContainer().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    },
    [lon, lat],
  );
  await page.mouse.click(point.x, point.y);
}

describe('electronic map', () => {
  it('lets an administrator find, open and drill through areas, in Chinese and English', async () => {
    const admin = account((a) => a.username === 'admin');
    const page = await newPage();
    await logIn(page, admin.username, admin.password);

    // Grids are drawn on a canvas; nothing is selected yet.
    expect(Number(await page.getAttribute('[data-testid=map]', 'data-grid-count'))).toBeGreaterThan(10);
    expect(await page.locator('[data-testid=map] canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=area-details]').count()).toBe(0);
    await expect.poll(() => page.textContent('[data-testid=area-panel]')).toContain('点击地图上的网格');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map-district.png') });

    // Search a community by name and fly to it.
    const {
      items: [community],
    } = await apiGet<{ items: AreaSummary[] }>(page, '/api/areas?level=community&pageSize=1');
    await page.click('[data-testid=area-search]');
    await page.keyboard.type(community.name);
    await page.click(`[data-testid=area-search-option-${community.code}]`);
    await page.waitForSelector(`[data-testid=area-details][data-code="${community.code}"]`);
    await mapSettled(page);

    // Click inside one of its grids: the panel shows that grid.
    const detail = await apiGet<Area>(page, `/api/areas/${community.code}`);
    const firstGrid = await apiGet<Area>(page, `/api/areas/${detail.children[0].code}`);
    const lon = (firstGrid.bbox[0] + firstGrid.bbox[2]) / 2;
    const lat = (firstGrid.bbox[1] + firstGrid.bbox[3]) / 2;
    const { grid } = await apiGet<{ grid: AreaSummary }>(page, `/api/areas/locate?lon=${lon}&lat=${lat}`);
    await clickMapAt(page, lon, lat);
    await page.waitForSelector(`[data-testid=area-details][data-code="${grid.code}"]`);
    expect(await page.textContent('[data-testid=area-code]')).toBe(grid.code);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map-grid.png') });

    // Drill up to its community through the breadcrumb.
    const parentCode = grid.code.slice(0, 12);
    await page.click(`[data-testid=breadcrumb-${parentCode}]`);
    await page.waitForSelector(`[data-testid=area-details][data-code="${parentCode}"]`);
    expect(await page.textContent('[data-testid=area-code]')).toBe(parentCode);
    await mapSettled(page);
    // For the README: the whole district, the community outlined, its details beside.
    await page.click('[data-testid=map-fit-all]');
    await mapSettled(page);
    await page.mouse.move(0, 0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.waitForSelector('.ant-tooltip:not(.ant-tooltip-hidden)', { state: 'detached' });
    await page.screenshot({ path: path.join(DOCS_SCREENSHOTS, 'map.png') });

    // "Where is this": a click names the grid under the point.
    await page.click('[data-testid=locate-toggle]');
    // The point is brought to the middle first: at the district's zoom it can lie under a legend.
    await page.evaluate(([x, y]) => window.__cgMap!.panTo([y, x], { animate: false }), [lon, lat]);
    await mapSettled(page);
    await clickMapAt(page, lon, lat);
    await page.waitForSelector('[data-testid=locate-result][data-state=found]');
    expect(await page.textContent('[data-testid=locate-grid]')).toBe(grid.name);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map-locate.png') });
    await page.click('[data-testid=locate-toggle]');

    // Switch to English: labels follow, and the choice survives a reload.
    await page.click('[data-testid=language-switch] >> text=English');
    await expect.poll(() => page.textContent('[data-testid=side-menu]')).toContain('Area management');
    expect(await page.textContent('[data-testid=area-details]')).toContain('Households');
    expect(await page.textContent('[data-testid=map-legend]')).toMatch(/grids drawn/);
    await page.reload();
    await page.waitForSelector('[data-testid=map][data-grids-drawn]');
    expect(await page.textContent('[data-testid=side-menu]')).toContain('Map');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map-english.png') });
    await page.context().close();
  }, 90_000);

  it("shows a community's buildings and components as points, each opening its record", async () => {
    const admin = account((a) => a.username === 'admin');
    const page = await newPage();
    await logIn(page, admin.username, admin.password);
    const {
      items: [community],
    } = await apiGet<{ items: AreaSummary[] }>(page, '/api/areas?level=community&pageSize=1');
    // Nothing yet: the district is too big to show every building.
    expect(await page.textContent('[data-testid=points-legend]')).toContain('选择一个社区或网格');

    await page.goto(`${server.url}/map?area=${community.code}`);
    const buildings = await apiGet<{ total: number }>(page, `/api/buildings?areaCode=${community.code}`);
    const things = await apiGet<{ items: { id: string; name: string }[]; total: number }>(
      page,
      `/api/things?areaCode=${community.code}&pageSize=500`,
    );
    const total = buildings.total + things.total;
    await page.waitForSelector(`[data-testid=map][data-points="${total}"]`, { timeout: 30_000 });
    expect(await page.locator('[data-point^="building:"]').count()).toBe(buildings.total);
    expect(await page.textContent('[data-testid=points-legend]')).toContain(`楼栋${buildings.total}`);
    await mapSettled(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map-points.png') });

    // A component's popup names it and links to its record.
    const thing = things.items[0];
    await page.locator(`[data-point="thing:${thing.id}"]`).dispatchEvent('click');
    await page.waitForSelector('[data-testid=point-popup][data-kind=thing]');
    expect(await page.textContent('[data-testid=point-name]')).toBe(thing.name);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map-point-popup.png') });
    await page.click('[data-testid=point-open]');
    await page.waitForSelector('[data-testid=record-name]');
    expect(page.url()).toContain(`/things/${thing.id}`);
    expect(await page.textContent('[data-testid=record-name]')).toBe(thing.name);

    // The layer can be switched off, and stays off.
    await page.goBack();
    await page.waitForSelector('[data-testid=map][data-points]');
    await page.click('[data-testid=points-toggle]');
    await page.waitForSelector('[data-testid=map][data-points="0"]');
    await page.reload();
    await page.waitForSelector('[data-testid=map][data-grids-drawn]');
    expect(await page.getAttribute('[data-testid=points-toggle]', 'aria-checked')).toBe('false');
    await page.context().close();
  }, 60_000);

  it('shows a grid worker only their own grid', async () => {
    const worker = account((a) => a.role === 'grid_worker');
    const page = await newPage();
    await logIn(page, worker.username, worker.password);
    expect(await page.getAttribute('[data-testid=map]', 'data-grid-count')).toBe('1');
    expect(await page.textContent('[data-testid=side-menu]')).not.toContain('区域管理');
    expect(await page.textContent('[data-testid=user-role]')).toBe('网格员');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map-grid-worker.png') });

    await page.click('[data-testid=logout]');
    await page.waitForSelector('[data-testid=login-username]');
    await page.context().close();
  }, 60_000);
});
