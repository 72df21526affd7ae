import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGet, launchBrowser, logIn, newPage, SCREENSHOTS, startTestServer } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

let server: Server;
let browser: Browser;
let page: Page;
let grid: string;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  page = await newPage(browser);
  await logIn(page, server, 'street.leader', '/users');
  const tree = await apiGet<{ items: { code: string; level: string; children: unknown[] }[] }>(
    page,
    '/api/areas/tree',
  );
  const find = (nodes: { code: string; level: string; children: unknown[] }[]): string | undefined => {
    for (const n of nodes) {
      if (n.level === 'grid') return n.code;
      const below = find(n.children as typeof nodes);
      if (below) return below;
    }
  };
  grid = find(tree.items)!;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('账号管理', () => {
  it('lists the street’s grid workers and creates one, showing the temporary password once', async () => {
    await page.waitForSelector('[data-testid=users-table] .ant-table-row');
    await page.click('[data-testid=user-create]');
    await page.fill('[data-testid=account-username]', 'e2e.worker');
    await page.fill('[data-testid=account-display-name]', '端到端网格员');
    await page.click('[data-testid=account-role]');
    // A street leader may give one role only (the choices come with the caller's grants).
    // Polled: while the dropdown opens, its options can be in the page but not yet visible.
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect.poll(() => options.allTextContents()).toEqual(['网格员']);
    await page.click('.ant-select-dropdown:visible .ant-select-item-option');
    await page.click('[data-testid=account-area]');
    await page.keyboard.type('网格');
    await page.click(
      '.ant-select-dropdown:visible .ant-select-tree-treenode:not(.ant-select-tree-treenode-disabled) .ant-select-tree-node-content-wrapper >> nth=-1',
    );
    await page.fill('[data-testid=account-phone]', '13900001111');
    await page.click('[data-testid=account-save]');
    const shown = await page.waitForSelector('[data-testid=temporary-password]');
    expect(await shown.textContent()).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'users-password.png') });
    await page.click('.ant-modal-footer .ant-btn-primary');
    await page.fill('[data-testid=list-search] input', 'e2e.worker');
    await page.press('[data-testid=list-search] input', 'Enter');
    await page.waitForSelector('[data-testid=users-table] .ant-table-row:has-text("139****1111")');
  });

  it('disables an account after confirmation', async () => {
    await page.click('[data-testid=users-table] .ant-table-row [data-testid=user-disable]');
    await page.click('.ant-popconfirm .ant-btn-primary');
    await page.waitForSelector('[data-testid=users-table] .ant-table-row:has-text("已停用")');
  });

  it('imports a file: a bad row is reported with its number, then a good file offers the passwords', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-e2e-users-'));
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      `用户名,姓名,角色,区划代码\ne2e.a,甲,网格员,${grid}\ne2e.b,乙,区级管理员,${grid}\n`,
    );
    await page.click('[data-testid=user-import]');
    await page.setInputFiles('.ant-modal input[type=file]', bad);
    await page.click('[data-testid=import-run]');
    await page.waitForSelector('[data-testid=import-problems] .ant-table-row');
    const cells = await page.locator('[data-testid=import-problems] .ant-table-row td').allTextContents();
    expect(cells.slice(0, 2)).toEqual(['3', '角色']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'users-import-report.png') });
    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(good, `用户名,姓名,角色,区划代码\ne2e.a,甲,网格员,${grid}\ne2e.c,丙,网格员,${grid}\n`);
    await page.setInputFiles('.ant-modal input[type=file]', good);
    await page.click('[data-testid=import-run]');
    await page.waitForSelector('[data-testid=import-download]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=import-download]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
