import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, SCREENSHOTS, startTestServer } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
interface AreaSummary {
  code: string;
  name: string;
  parentCode: string;
}

const bowTie = {
  type: 'Polygon',
  coordinates: [
    [
      [113.99, 22.59],
      [114.0, 22.6],
      [113.99, 22.6],
      [114.0, 22.59],
      [113.99, 22.59],
    ],
  ],
};

let server: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page.on('pageerror', (error) => {
    throw error;
  });
  const admin = server.accounts.find((a) => a.username === 'admin')!;
  await page.goto(`${server.url}/login`);
  await page.fill('[data-testid=login-username]', admin.username);
  await page.fill('[data-testid=login-password]', admin.password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=map]');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Calls the API with the page's session and CSRF token, as the app would. */
function api<T>(method: string, url: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ([method, url, body]) => {
      const { csrfToken } = await (await fetch('/api/auth/me')).json();
      const response = await fetch(url as string, {
        method: method as string,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json() };
    },
    [method, url, body],
  ) as Promise<{ status: number; json: T }>;
}

async function firstGrid(): Promise<AreaSummary> {
  const { json } = await api<{ items: AreaSummary[] }>('GET', '/api/areas?level=grid&pageSize=1');
  return json.items[0];
}

describe('area management', () => {
  it('edits an area, and reloads it when someone else saved first', async () => {
    const grid = await firstGrid();
    await page.click('[data-testid=side-menu] >> text=区域管理');
    await page.waitForSelector(`[data-testid=tree-${grid.parentCode.slice(0, 9)}000]`);
    await page.goto(`${server.url}/areas?area=${grid.code}`);
    await page.waitForSelector(`[data-testid=tree-${grid.code}]`);
    await page.waitForSelector('[data-testid=area-edit-form]');

    await page.fill('[data-testid=edit-name]', `${grid.name}（东）`);
    await page.click('[data-testid=edit-save]');
    await expect
      .poll(() => page.textContent(`[data-testid=tree-${grid.code}]`))
      .toContain(`${grid.name}（东）`);

    // Someone else changes the population behind the form's back.
    const { json: current } = await api<{ version: number; population: number }>(
      'GET',
      `/api/areas/${grid.code}`,
    );
    const other = await api('PATCH', `/api/areas/${grid.code}`, {
      version: current.version,
      population: current.population + 7,
    });
    expect(other.status).toBe(200);
    await page.fill('[data-testid=edit-name]', `${grid.name}（西）`);
    await page.click('[data-testid=edit-save]');
    await page.waitForSelector('[data-testid=version-conflict]');
    expect(
      await page.inputValue('input[data-testid=edit-population], [data-testid=edit-population] input'),
    ).toBe(String(current.population + 7));
    expect(await page.inputValue('[data-testid=edit-name]')).toBe(`${grid.name}（东）`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'areas-conflict.png') });

    await page.click('.ant-tabs-tab >> text=变更历史');
    await page.waitForSelector('[data-testid=area-history]');
    expect(await page.textContent('[data-testid=area-history]')).toContain(
      `${grid.name} → ${grid.name}（东）`,
    );
  });

  it('lists what is wrong with a new boundary, polygon by polygon', async () => {
    const grid = await firstGrid();
    await page.goto(`${server.url}/areas?area=${grid.parentCode}`);
    await page.waitForSelector('[data-testid=area-card]');
    await page.click('.ant-tabs-tab >> text=新建下级区域');
    await page.fill('[data-testid=create-code]', `${grid.parentCode}099`);
    await page.fill('[data-testid=create-name]', '测试网格');
    await page.fill('[data-testid=create-boundary]', JSON.stringify(bowTie));
    await page.click('[data-testid=create-submit]');
    await page.waitForSelector('[data-testid=boundary-problems]');
    expect(await page.textContent('[data-testid=boundary-problems]')).toContain('self_intersection');
    await page.locator('[data-testid=boundary-problems]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'areas-boundary-problems.png') });
  });

  it('refuses an invalid GeoJSON import and says which feature is wrong', async () => {
    const grid = await firstGrid();
    await page.click('[data-testid=import-open]');
    const file = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {
            code: `${grid.parentCode}098`,
            name: '导入网格',
            level: 'grid',
            parentCode: grid.parentCode,
          },
          geometry: bowTie,
        },
      ],
    };
    await page.setInputFiles('input[type=file]', {
      name: 'grids.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    // First the preview: the shapes on a map, the attributes mapped by their usual names.
    await page.waitForSelector('[data-testid=import-preview-map] canvas');
    expect(await page.textContent('[data-testid=import-preview]')).toContain('1 个要素');
    await page.click('[data-testid=import-commit]');
    await page.waitForSelector('[data-testid=import-outcome] .ant-table-row');
    const row = await page.textContent('[data-testid=import-outcome] .ant-table-row');
    expect(row).toContain('features[0]');
    expect(row).toContain(`${grid.parentCode}098`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'areas-import-invalid.png') });
  });

  // Dragging a Geoman handle could not be made reliable in headless Chromium (the drop lands
  // elsewhere); the boundary rules a drawing goes through are tested with GeoJSON above.
  it('opens a grid’s boundary for drawing, with its neighbours to snap to', async () => {
    const grid = await firstGrid();
    await page.goto(`${server.url}/areas?area=${grid.code}`);
    await page.waitForSelector('[data-testid=area-edit-form]');
    await page.click('.ant-collapse-header >> text=在地图上绘制边界');
    // Geoman's vertex handles on the grid being edited; the neighbours (grey) and the community's
    // outline (dashed) are the layers its vertices snap to.
    await page.waitForSelector('[data-testid=boundary-draw] .marker-icon');
    const handles = await page
      .locator('[data-testid=boundary-draw] .marker-icon:not(.marker-icon-middle)')
      .count();
    expect(handles).toBeGreaterThan(3);
    expect(await page.locator('[data-testid=boundary-draw] path[fill="#94a3b8"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=boundary-draw] path[stroke-dasharray]').count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'areas-draw.png') });
  });

  it('sets the base map tiles with a preview', async () => {
    await page.goto(`${server.url}/settings/base-map`);
    await page.waitForSelector('[data-testid=base-map-preview]');
    await page.click('[data-testid=base-map-enabled]');
    await page.fill('[data-testid=base-map-url]', 'http://127.0.0.1:9/{z}/{x}/{y}.png');
    await page.waitForSelector(
      '[data-testid=base-map-preview] img.leaflet-tile[src^="http://127.0.0.1:9/"]',
      {
        state: 'attached',
      },
    );
    await page.click('[data-testid=base-map-save]');
    await expect
      .poll(
        async () =>
          (await api<{ baseMap: { url: string } | null }>('GET', '/api/settings/base-map')).json.baseMap?.url,
      )
      .toBe('http://127.0.0.1:9/{z}/{x}/{y}.png');
    await api('PUT', '/api/settings/base-map', { baseMap: null });
  });
});
