import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiSend,
  DOCS_SCREENSHOTS,
  E2E_PASSWORD,
  launchBrowser,
  logIn,
  newPage,
  startTestServer,
  type TestServer,
} from './harness.ts';

/**
 * Partners at phone size: the demo partner offers a service, a resident books it in the resident
 * app, and the partner confirms the booking in the console.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(DOCS_SCREENSHOTS, name) });

describe('partners and services', () => {
  it('a resident books a service on the phone and the partner confirms it', async () => {
    const partner = await newPage(browser);
    const account = await logIn(partner, server, 'partner', '/my-services');
    const service = await apiSend<{ id: string; name: string }>(partner, 'POST', '/api/partner-services', {
      name: '端到端测试：上门安装宽带',
      kind: 'digital',
      areaCode: account.areaCode,
      hours: '工作日 9:00–17:00',
      priceFen: 0,
      capacity: 5,
    });
    expect(service.id).toBeTruthy();

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const resident = await phone.newPage();
    resident.on('pageerror', (error) => {
      throw error;
    });
    await resident.goto(`${server.url}/resident`);
    await resident.fill('#username', 'resident');
    await resident.fill('#password', E2E_PASSWORD);
    await resident.locator('button.primary', { hasText: '登录' }).click();
    await resident.getByRole('button', { name: '便民服务（预约）' }).click();
    const card = resident.locator('[data-testid=service]', { hasText: service.name });
    await card.getByRole('button', { name: '预约' }).click();
    await resident.getByText('预约成功').waitFor();
    await resident.locator('[data-testid=booking]', { hasText: service.name }).getByText('已预约').waitFor();
    await shot(resident, 'partners-resident-booking.png');

    await partner.reload();
    const row = partner.locator('[data-testid=my-services-page] tr', { hasText: service.name }).first();
    // Ant Design spaces a two-character button's label (确 认).
    await row.getByRole('button', { name: /^确\s*认$/ }).click();
    await row.getByText('已确认').waitFor();
    await shot(partner, 'partners-partner-confirms.png');

    await resident.getByRole('button', { name: '返回' }).click();
    await resident.getByRole('button', { name: '便民服务（预约）' }).click();
    await resident.locator('[data-testid=booking]', { hasText: service.name }).getByText('已确认').waitFor();
  }, 120_000);
});
