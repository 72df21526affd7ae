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

describe('the command centre’s wall', () => {
  it('loads at 1920×1080, shows a live case, and takes a hot spot through to its cases', async () => {
    const page = await newPage(browser);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await logIn(page, server, 'operator', '/command');
    await page.waitForSelector('[data-testid="figure-cases.reported"]');
    await page.waitForSelector('[data-testid=panel-rankings] .ant-table-row');
    await page.waitForSelector('[data-testid=wall-map][data-grids-drawn]');

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

    // Five more at the same place make a hot spot; the wall lists it and it opens its cases.
    for (let i = 0; i < 5; i++)
      await report(page, {
        categoryCode: 'exposed_garbage',
        description: `指挥中心测试：同一地点第 ${i + 2} 次`,
        lon: point.lon + i * 0.00005,
        lat: point.lat,
      });
    await page.reload();
    const row = await page.waitForSelector(`[data-testid=panel-hotspots] .ant-table-row >> text=暴露垃圾`, {
      timeout: 30_000,
    });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'command-wall.png') });
    if (DOCS_SCREENSHOTS !== SCREENSHOTS)
      fs.copyFileSync(
        path.join(SCREENSHOTS, 'command-wall.png'),
        path.join(DOCS_SCREENSHOTS, 'command-wall.png'),
      );
    await row.click();
    await page.waitForURL(/\/cases\?area=\d{15}&category=exposed_garbage/);
    await page.waitForSelector('.ant-table-row');
    expect(page.url()).toContain('category=exposed_garbage');
  }, 240_000);
});
