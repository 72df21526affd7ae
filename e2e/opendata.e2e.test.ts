import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_SCREENSHOTS, launchBrowser, newPage, SCREENSHOTS, startTestServer } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

let server: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  page = await newPage(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('open data portal', () => {
  it('searches without logging in, previews a dataset, charts it and downloads its CSV', async () => {
    await page.goto(`${server.url}/data`);
    await page.waitForSelector('[data-testid=od-card-organizations]');
    await page.fill('[data-testid=od-search] input', '人口');
    await page.press('[data-testid=od-search] input', 'Enter');
    // The results replace the list: wait for them rather than for the old cards to go.
    await page.waitForFunction(
      () =>
        !document.querySelector('[data-testid=od-card-organizations]') &&
        document.querySelector('[data-testid=od-card-population-by-area-age]'),
    );
    expect(await page.locator('[data-testid^=od-card-]').count()).toBe(2);

    await page.click('[data-testid=od-card-population-by-area-age] a');
    await page.waitForSelector('[data-testid=od-title]');
    await page.waitForSelector('[data-testid=od-preview] .ant-table-row');
    expect(await page.locator('[data-testid=od-preview] .ant-table-row').count()).toBe(20);
    const header = await page.locator('[data-testid=od-preview] th').allTextContents();
    expect(header).toContain('人口数');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=od-download-csv]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^population-by-area-age-v\d+\.csv$/);
    const file = await download.path();
    const bytes = fs.readFileSync(file!);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.toString('utf8')).toContain('area_code,area_name,area_level,age_band,population');

    await page.click('.ant-tabs-tab:has-text("图表")');
    await page.waitForSelector('[data-testid=od-chart] canvas');
    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'opendata-portal.png') });
    if (DOCS_SCREENSHOTS !== SCREENSHOTS)
      fs.copyFileSync(
        path.join(SCREENSHOTS, 'opendata-portal.png'),
        path.join(DOCS_SCREENSHOTS, 'opendata-portal.png'),
      );
  });

  it('shows places on a map and marks restricted datasets', async () => {
    await page.goto(`${server.url}/data/urban-components`);
    await page.click('.ant-tabs-tab:has-text("地图")');
    await page.waitForSelector('[data-testid=od-map] canvas, [data-testid=od-map] path');
    await page.goto(`${server.url}/data/population-by-grid-age`);
    await page.waitForSelector('.ant-alert-warning');
    // Files of a restricted dataset are not offered on the page (a partner reads them with its key).
    expect(await page.locator('[data-testid=od-download-csv]').getAttribute('class')).toContain('disabled');
  });
});
