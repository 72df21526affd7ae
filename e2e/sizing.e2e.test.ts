import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGet, launchBrowser, logIn, newPage, SCREENSHOTS, startTestServer } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
interface SizingItem {
  code: string;
  name: string;
  households: number;
  people: number;
  status: 'oversized' | 'undersized' | 'ok';
}
interface SizingReport {
  items: SizingItem[];
  summary: Record<SizingItem['status'], number>;
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

const rowCodes = (page: Page) =>
  page
    .locator('[data-testid=sizing-table] tr.ant-table-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-row-key')));

describe('grid sizing', () => {
  it('lists the grids out of size, proposes a split of an oversized one and carries it out', async () => {
    const page = await newPage(browser);
    await logIn(page, server, 'admin');
    await page.click('[data-testid=side-menu] >> text=网格规模');
    await page.waitForSelector('[data-testid=sizing-table] tr.ant-table-row');
    await page.waitForSelector('[data-testid=sizing-map][data-grid-count]');

    // The flagged grids (too big or too small) are listed, and the counts say how many.
    const report = await apiGet<SizingReport>(page, '/api/grid-sizing');
    const flagged = report.items.filter((item) => item.status !== 'ok');
    expect(report.summary.oversized).toBeGreaterThan(0);
    expect(flagged.length).toBe(report.summary.oversized + report.summary.undersized);
    expect(await page.textContent('[data-testid=sizing-count-oversized]')).toContain(
      String(report.summary.oversized),
    );
    const listed = await rowCodes(page);
    expect(listed.length).toBe(Math.min(flagged.length, 10));
    expect(flagged.map((item) => item.code)).toEqual(expect.arrayContaining(listed));
    const statuses = await page
      .locator('[data-testid=sizing-table] tr.ant-table-row .ant-tag')
      .allTextContents();
    expect(statuses.every((status) => status === '过大' || status === '过小')).toBe(true);

    // The biggest oversized grid, first when only oversized grids are listed.
    await page.click('[data-testid=sizing-count-oversized]');
    const biggest = report.items
      .filter((item) => item.status === 'oversized')
      .sort((a, b) => b.households - a.households)[0];
    await expect.poll(async () => (await rowCodes(page))[0]).toBe(biggest.code);
    await page.click(`[data-testid=sizing-table] tr[data-row-key="${biggest.code}"]`);
    await expect.poll(() => page.textContent('[data-testid=sizing-selected]')).toContain(biggest.name);

    // The proposal: its parts listed with their figures, which add up to the grid's, and drawn.
    await page.click('[data-testid=sizing-propose]');
    const parts = page.locator('[data-testid=sizing-parts] > li');
    await parts.first().waitFor();
    const count = await parts.count();
    expect(count).toBeGreaterThanOrEqual(2);
    await page.waitForSelector(`[data-testid=sizing-map][data-parts="${count}"]`);
    const households = (await parts.allTextContents()).map((text) => Number(/(\d+) 户/.exec(text)?.[1]));
    expect(households.reduce((sum, n) => sum + n, 0)).toBe(biggest.households);
    const names = await parts
      .locator('input')
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(new Set(names).size).toBe(count);
    await page.waitForTimeout(700); // the map flies onto the parts
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sizing-proposal.png') });

    // Accepting it retires the grid and creates one grid per part.
    const gridsBefore = Number(await page.getAttribute('[data-testid=sizing-map]', 'data-grid-count'));
    await page.click('[data-testid=sizing-accept]');
    await page.click('.ant-modal-confirm .ant-btn-dangerous');
    const result = page.locator('[data-testid=sizing-split-result]');
    await result.waitFor({ timeout: 30_000 });
    const created = await result.locator('code').allTextContents();
    expect(created.length).toBe(count);
    expect(await result.textContent()).toContain(biggest.code);
    await page.waitForSelector(`[data-testid=sizing-map][data-grid-count="${gridsBefore + count - 1}"]`);

    const after = await apiGet<SizingReport>(page, '/api/grid-sizing');
    const codes = after.items.map((item) => item.code);
    expect(codes).not.toContain(biggest.code);
    expect(codes).toEqual(expect.arrayContaining(created));
    const newGrids = after.items.filter((item) => created.includes(item.code));
    expect(newGrids.map((item) => item.name).sort()).toEqual([...names].sort());
    expect(newGrids.reduce((sum, item) => sum + item.households, 0)).toBe(biggest.households);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sizing-split.png') });
    await page.context().close();
  }, 60_000);
});
