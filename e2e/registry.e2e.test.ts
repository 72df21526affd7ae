import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../server/src/modules/registry/people.schemas.ts';
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

/** 139****5678 for 13912345678: what the server shows of a phone number. */
const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

describe('people registry', () => {
  it("lets a grid worker find a resident, correct their phone number and see the change's history", async () => {
    const page = await newPage(browser);
    const worker = await logIn(page, server, 'gw001');
    await page.click('[data-testid=side-menu] >> text=人口');
    await page.waitForSelector('[data-testid=people-list] tr.cg-record-row');
    await page.waitForSelector('[data-testid=area-stats][data-area]');

    // Only the worker's own grid: every row, the total and the figures say so.
    const { items: everyone, total } = await apiGet<{ items: Person[]; total: number }>(
      page,
      '/api/people?pageSize=500',
    );
    expect(total).toBeGreaterThan(500);
    expect(new Set(everyone.map((p) => p.gridCode))).toEqual(new Set([worker.areaCode]));
    // Another grid is answered as an area that does not exist.
    const other = await apiGet<{ code?: string }>(
      page,
      `/api/people?areaCode=${worker.areaCode.slice(0, 12)}002`,
    );
    expect(other.code).toBe('area_not_found');
    await expect.poll(() => page.textContent('[data-testid=list-total]')).toBe(`共 ${total} 条`);
    const gridCells = await page
      .locator('[data-testid=people-list] tr.cg-record-row td:last-child')
      .allTextContents();
    expect(gridCells.length).toBe(20);
    const gridName = (await page.textContent('[data-testid=user-area]'))!;
    expect(new Set(gridCells)).toEqual(new Set([gridName]));
    expect(await page.textContent('[data-testid=stats-heading]')).toContain(gridName);
    expect(await page.textContent('[data-testid=stats-population]')).toContain(total.toLocaleString('zh-CN'));
    await page.screenshot({ path: path.join(DOCS_SCREENSHOTS, 'people.png') });

    // Search a resident who has a phone number by name, and open them.
    const person = everyone.find((p) => p.phone && p.name.length >= 2 && !p.retired)!;
    await page.fill('[data-testid=list-search] input', person.name);
    await page.keyboard.press('Enter');
    const names = () =>
      page.locator('[data-testid=people-list] tr.cg-record-row td:first-child').allTextContents();
    await expect.poll(async () => (await names()).every((name) => name.includes(person.name))).toBe(true);
    await page.waitForSelector(`[data-testid=people-list] tr[data-row-key="${person.id}"]`);
    await page.click(`[data-testid=people-list] tr[data-row-key="${person.id}"]`);
    await page.waitForSelector('[data-testid=record-details]');
    expect(page.url()).toContain(`/people/${person.id}`);
    expect(await page.textContent('[data-testid=record-name]')).toBe(person.name);
    expect(await page.textContent('[data-testid=field-phone]')).toBe(person.phone);
    expect(await page.textContent('[data-testid=field-idNumber]')).toMatch(/^\d{4}\*{10}[\dX]{4}$/);

    // A wrong number is refused, with the server's reason in Chinese under the field.
    await page.click('[data-testid=record-tabs] >> text=编辑');
    await page.fill('[data-testid=person-phone]', '12345');
    await page.click('[data-testid=person-form] [data-testid=form-submit]');
    const phoneError = page.locator('[data-testid=person-form] .ant-form-item-explain-error');
    await phoneError.waitFor();
    expect(await phoneError.textContent()).toBe('不是有效的手机号或固定电话');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'people-invalid-phone.png') });

    // A right one is saved; the form and the details show it masked.
    const phone = '13912345678';
    await page.fill('[data-testid=person-phone]', phone);
    await expect.poll(() => phoneError.count()).toBe(0);
    await page.click('[data-testid=person-form] [data-testid=form-submit]');
    await page.waitForSelector('.ant-message >> text=已保存');
    await expect.poll(() => page.inputValue('[data-testid=person-phone]')).toBe(maskPhone(phone));

    // The history has the change, masked old → new, by the worker.
    await page.click('[data-testid=record-tabs] >> text=变更历史');
    const change = page.locator('[data-testid=history-2]');
    await change.waitFor();
    const text = await change.textContent();
    expect(text).toContain(`电话：${person.phone} → ${maskPhone(phone)}`);
    expect(text).toContain('第 2 版');
    expect(text).toContain('手工编辑');
    expect(text).toContain(await page.textContent('[data-testid=user-name]'));
    expect(await page.textContent('[data-testid=history-1]')).toContain('登记');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'people.png') });

    const saved = await apiGet<Person>(page, `/api/people/${person.id}`);
    expect(saved).toMatchObject({ phone: maskPhone(phone), version: person.version + 1 });
    await page.context().close();
  }, 120_000);
});
