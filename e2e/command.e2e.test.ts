import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiGet,
  DOCS_SCREENSHOTS,
  launchBrowser,
  logIn,
  newPage,
  SCREENSHOTS,
  startTestServer,
} from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
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

/** Reports a case through the API with the page's session (the operator takes hotline reports). */
function report(page: Page, body: Record<string, unknown>): Promise<{ id: string; number: string }> {
  return page.evaluate(async (payload) => {
    const me = await (await fetch('/api/auth/me')).json();
    const response = await fetch('/api/cases', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
      body: JSON.stringify(payload),
    });
    return response.json();
  }, body);
}

interface Hotspot {
  id: string;
  size: number;
  caseNumbers: string[];
}

describe('the command centre’s wall', () => {
  it('loads at 1920×1080 with every module’s figures, shows cameras and a live case, and takes a hot spot through to exactly its cases', async () => {
    const page = await newPage(browser);
    await page.setViewportSize({ width: 1920, height: 1080 });
    // The district administrator sees the figures of every module the wall has (party figures are
    // for the party roles).
    await logIn(page, server, 'admin', '/command');
    await page.waitForSelector('[data-testid="figure-cases.reported"]');
    for (const module of ['visits', 'disputes', 'enforcement', 'cameras', 'questions'])
      await page.waitForSelector(`[data-testid^="figure-${module}."]`);
    await page.waitForSelector('[data-testid=panel-rankings] .ant-table-row');
    await page.waitForSelector('[data-testid=wall-map][data-grids-drawn]');

    // The camera layer: off at first, then every camera of the area drawn.
    expect(await page.getAttribute('[data-testid=wall-map]', 'data-cameras-drawn')).toBeNull();
    await page.click('[data-testid=toggle-cameras]');
    await page.waitForSelector('[data-testid=wall-map][data-cameras-drawn]');
    const layer = await apiGet<{ cameras: { waiting: number }[] }>(page, '/api/command/cameras');
    expect(layer.cameras.length).toBeGreaterThan(0);
    expect(Number(await page.getAttribute('[data-testid=wall-map]', 'data-cameras-drawn'))).toBe(
      layer.cameras.length,
    );

    // A new case somewhere in the district appears in the live list.
    const grid = server.accounts.find((a) => a.username === 'gw001')!.areaCode;
    const area = await apiGet<{ bbox: [number, number, number, number] }>(page, `/api/areas/${grid}`);
    const [minLon, minLat, maxLon, maxLat] = area.bbox;
    let point = { lon: (minLon + maxLon) / 2, lat: (minLat + maxLat) / 2 };
    for (const f of [0.5, 0.4, 0.6, 0.3, 0.7]) {
      const at = { lon: minLon + (maxLon - minLon) * f, lat: minLat + (maxLat - minLat) * f };
      const found = await apiGet<{ grid?: { code: string } }>(
        page,
        `/api/areas/locate?lon=${at.lon}&lat=${at.lat}`,
      );
      if (found.grid?.code === grid) {
        point = at;
        break;
      }
    }
    const live = await report(page, {
      categoryCode: 'exposed_garbage',
      description: '指挥中心测试：暴露垃圾',
      ...point,
    });
    expect(live.number).toBeTruthy();
    await page.waitForSelector(`[data-testid=live-cases] >> text=${live.number}`, { timeout: 30_000 });

    // Five more at the same place make a hot spot; the wall lists it.
    for (let i = 0; i < 5; i++)
      await report(page, {
        categoryCode: 'exposed_garbage',
        description: `指挥中心测试：同一地点第 ${i + 2} 次`,
        lon: point.lon + i * 0.00005,
        lat: point.lat,
      });
    await page.reload();
    const { hotspots } = await apiGet<{ hotspots: Hotspot[] }>(
      page,
      '/api/command/hotspots?days=30&meters=200',
    );
    const planted = hotspots.find((h) => h.caseNumbers.includes(live.number))!;
    expect(planted.size).toBeGreaterThanOrEqual(6);
    const row = await page.waitForSelector(`[data-testid=hotspot-${planted.id}]`, { timeout: 30_000 });

    // The README's picture: the whole wall, every panel filled, cameras and patrols drawn.
    await page.click('[data-testid=toggle-cameras]');
    await page.waitForSelector('[data-testid=wall-map][data-cameras-drawn]');
    await page.waitForSelector('[data-testid=panel-resources] .cg-wall-figure');
    // One more report after the reload, so the live list in the picture is not empty.
    const another = await report(page, {
      categoryCode: 'road_dirt',
      description: '指挥中心测试：道路不洁',
      ...point,
    });
    await page.waitForSelector(`[data-testid=live-cases] >> text=${another.number}`, { timeout: 30_000 });
    // The whole wall in one picture: as tall as its panels (below the fold at 1080 they scroll).
    const height = await page.evaluate(() => {
      const wall = document.querySelector('[data-testid=command-wall]')!;
      return Math.ceil(wall.getBoundingClientRect().top + wall.scrollHeight + 24);
    });
    await page.setViewportSize({ width: 1920, height: Math.max(1080, height) });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'command-wall.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    if (DOCS_SCREENSHOTS !== SCREENSHOTS)
      fs.copyFileSync(
        path.join(SCREENSHOTS, 'command-wall.png'),
        path.join(DOCS_SCREENSHOTS, 'command-wall.png'),
      );

    // Clicked, it opens exactly its cases: the cluster's members, not the grid's others.
    await row.click();
    await page.waitForURL(new RegExp(`/cases\\?hotspot=${planted.id}&`));
    await page.waitForSelector('[data-testid=hotspot-banner]');
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=case-table] .ant-table-row').length === n,
      Math.min(planted.size, 20),
    );
    const listed = await page.$$eval('[data-testid=case-table] .ant-table-row', (rows) =>
      rows.map((r) => r.textContent ?? ''),
    );
    for (const number of planted.caseNumbers.slice(0, 20))
      expect(listed.some((text) => text.includes(number))).toBe(true);
    expect(await page.textContent('[data-testid=case-total]')).toContain(String(planted.size));
  }, 300_000);

  it('saves a layout from the panel editor: panels chosen, reordered, with an indicator', async () => {
    const page = await newPage(browser);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await logIn(page, server, 'operator', '/command');
    await page.waitForSelector('[data-testid=panel-live]');
    await page.click('[data-testid=edit-panels]');
    await page.waitForSelector('[data-testid=panel-editor-name]');
    await page.fill('[data-testid=panel-editor-name]', '值班大屏');
    // Without the live list; rankings above hot spots, by rework.
    await page.click('[data-testid=editor-panel-live] .ant-checkbox-input');
    await page.click('[data-testid=editor-up-rankings]');
    await page.click('[data-testid=editor-rankings-indicator]');
    await page.click('.ant-select-item-option[title="返工率"]');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'command-panel-editor.png') });
    await page.click('[data-testid=panel-editor-save]');
    await page.waitForURL(/layout=/);
    await page.waitForSelector('[data-testid=panel-live]', { state: 'detached' });

    const layouts = await apiGet<
      { name: string; owner: string; panels: { kind: string; indicator?: string }[] }[]
    >(page, '/api/command/layouts');
    const saved = layouts.find((l) => l.name === '值班大屏' && l.owner === 'user')!;
    expect(saved.panels.map((p) => p.kind)).toEqual(['figures', 'map', 'rankings', 'hotspots', 'resources']);
    expect(saved.panels.find((p) => p.kind === 'rankings')?.indicator).toBe('reworkRate');
    // The wall shows the panels in the saved order.
    const order = await page.$$eval('.cg-wall-grid > section', (sections) =>
      sections.map((s) => s.getAttribute('data-testid')),
    );
    expect(order).toEqual([
      'panel-figures',
      'panel-map',
      'panel-rankings',
      'panel-hotspots',
      'panel-resources',
    ]);
  }, 120_000);
});
