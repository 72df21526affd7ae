import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../server/src/modules/registry/identity.ts';
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

/** A valid ID number nobody in the demo has: a Hangzhou region code, a 1985 birth date, a random serial. */
function newIdNumber(): string {
  const serial = String(100 + Math.floor(Math.random() * 899));
  const first17 = `330106198503${String(10 + Math.floor(Math.random() * 18))}${serial}`;
  return first17 + idCheckChar(first17);
}

/** Chooses an option of an antd select by its text. */
async function choose(page: Page, select: string, text: string) {
  await page.click(select);
  await page.click(`.ant-select-dropdown:visible .ant-select-item-option >> text=${text}`);
}

describe('data centre: importing a ledger', () => {
  it('uploads, maps, validates, imports the valid rows and shows the import in the history', async () => {
    const page = await newPage(browser);
    await logIn(page, server, 'admin', '/ledgers/import');
    await page.waitForSelector('[data-testid=import-wizard]');

    // A new resident at an existing house, and the same row with its check digit broken.
    const houses = await apiGet<{ items: { address: string; room: string }[] }>(
      page,
      '/api/houses?pageSize=5',
    );
    const address = houses.items[0].address;
    const good = newIdNumber();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const name = `台账测试${good.slice(-4)}`;
    const csv = [
      '姓名,公民身份号码,出生日期,联系电话,现住址',
      `${name},${good},1985-03-${good.slice(12, 14)},13912345678,${address}`,
      `坏行测试,${bad},1985-03-${good.slice(12, 14)},13912345679,${address}`,
    ].join('\r\n');
    const fileName = `e2e-户籍人口-${good.slice(-4)}.csv`;

    await choose(page, '[data-testid=wizard-type]', '公安—户籍人口');
    await page.setInputFiles('input[type=file]', {
      name: fileName,
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });

    // The mapping editor: the type's saved mapping proposed, the preview under field names.
    await page.waitForSelector('[data-testid=mapping-step]');
    expect(await page.textContent('[data-testid=detected-format]')).toContain('CSV');
    const idSelect = await page.textContent('[data-testid="mapping-field-公民身份号码"]');
    expect(idSelect).toContain('身份证号');
    const preview = await page.textContent('[data-testid=mapping-preview]');
    expect(preview).toContain(name);
    expect(preview).toContain('身份证号');
    expect(await page.$('[data-testid=mapping-missing]')).toBeNull();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ledgers-mapping.png'), fullPage: true });

    // Validation: one valid new row, one rejected for its check digit, at row 3.
    await page.click('[data-testid=wizard-validate]');
    await page.waitForSelector('[data-testid=validation-report]', { timeout: 60_000 });
    const count = (key: string) => page.getAttribute(`[data-testid=count-${key}]`, 'data-value');
    expect(await count('valid')).toBe('1');
    expect(await count('rejected')).toBe('1');
    expect(await count('new')).toBe('1');
    await page.waitForSelector('[data-testid=problem-code-wrong_check_digit]');
    await page.waitForSelector('[data-testid=problem-table] .ant-table-row');
    const problems = await page.textContent('[data-testid=problem-table]');
    expect(problems).toContain('身份证号校验位错误');
    expect(problems).toContain('公民身份号码');
    // The value is shown masked, never in full.
    expect(problems).not.toContain(bad);
    const report = await page.getAttribute('[data-testid=download-report]', 'href');
    expect(report).toMatch(/\/api\/ledger-imports\/[0-9a-f-]{36}\/report\.xlsx$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ledgers-report.png'), fullPage: true });
    await page.screenshot({ path: path.join(DOCS_SCREENSHOTS, 'ledger-import.png') });

    // Import the valid rows.
    await page.click('[data-testid=wizard-commit]');
    await page.waitForSelector('[data-testid=import-result][data-state=done]', { timeout: 60_000 });

    // The history lists it as imported; its detail offers a rollback.
    await page.click('[data-testid=ledgers-tab-history]');
    await page.waitForURL(`${server.url}/ledgers`);
    const row = page.locator('[data-testid=history-table] .ant-table-row', { hasText: fileName });
    await row.waitFor();
    expect(await row.locator('[data-testid=import-state]').getAttribute('data-state')).toBe('done');
    expect(await row.textContent()).toContain('新增 1');
    await row.click();
    await page.waitForSelector('[data-testid=import-detail] [data-testid=import-rollback]');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ledgers-history.png') });

    // The new person's record says where its values came from.
    const found = await apiGet<{ items: { id: string; name: string }[] }>(
      page,
      `/api/people?q=${encodeURIComponent(name)}`,
    );
    expect(found.items.map((p) => p.name)).toContain(name);
    await page.goto(`${server.url}/people/${found.items[0].id}`);
    await page.click('[data-testid=record-tabs] .ant-tabs-tab >> text=来源');
    const sources = await page.waitForSelector('[data-testid=record-sources]');
    expect(await sources.textContent()).toContain('公安—户籍人口');
    await page.click('[data-testid=record-tabs] .ant-tabs-tab >> text=变更历史');
    const history = await page.waitForSelector('[data-testid=record-history]');
    expect(await history.textContent()).toContain('台账导入 · 第 2 行');
    expect(fs.existsSync(path.join(SCREENSHOTS, 'ledgers-report.png'))).toBe(true);
  });
});
