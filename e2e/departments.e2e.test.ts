import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGet, launchBrowser, logIn, newPage, startTestServer } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
interface Unit {
  code: string;
  nameZh: string;
  retired: boolean;
  version: number;
}

let server: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  page = await newPage(browser);
  await logIn(page, server, 'admin', '/case-catalog');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const unit = async (code: string) =>
  (await apiGet<{ items: Unit[] }>(page, '/api/departments?includeRetired=true')).items.find(
    (d) => d.code === code,
  );

describe('departments and forces in the case catalogue', () => {
  it('an administrator adds a unit, renames it and retires it; the retired one stays listed, greyed', async () => {
    await page.getByTestId('department-create').click();
    const form = page.getByTestId('department-form');
    await form.getByTestId('department-code').fill('grid_volunteers');
    await form.getByTestId('department-nameZh').fill('网格志愿队');
    await form.getByTestId('department-nameEn').fill('Grid volunteers');
    await form.getByTestId('department-submit').click();
    await page.getByTestId('department-edit-grid_volunteers').waitFor();
    expect(await unit('grid_volunteers')).toMatchObject({ nameZh: '网格志愿队', version: 1 });

    await page.getByTestId('department-edit-grid_volunteers').click();
    await page.getByTestId('department-nameZh').fill('网格志愿服务队');
    await page.getByTestId('department-submit').click();
    await page.getByTestId('department-form').waitFor({ state: 'detached' });
    await expect.poll(async () => (await unit('grid_volunteers'))?.nameZh).toBe('网格志愿服务队');

    await page.getByTestId('department-retire-grid_volunteers').click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByTestId('department-retired-grid_volunteers').waitFor();
    expect(await unit('grid_volunteers')).toMatchObject({ retired: true, version: 3 });
    // A unit a category still sends cases to is refused, with the server's reason.
    await page.getByTestId('department-retire-urban_management').click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('仍被').first().waitFor();
    expect((await unit('urban_management'))?.retired).toBe(false);
  });
});
