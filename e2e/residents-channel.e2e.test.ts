import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn, newPage, SCREENSHOTS, startTestServer, type TestServer } from './harness.ts';

/**
 * The residents' channel's console pages (notices, satisfaction, community links) for a community
 * leader, and the public pages (网络问政, notices) for anyone, without logging in.
 */
let server: TestServer;
let browser: Browser;
let leader: Page;
let community: string;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  leader = await newPage(browser);
  community = (await logIn(leader, server, 'community.leader', '/notices')).areaCode;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, name) });

describe("the residents' channel", () => {
  it('publishes an important public notice and lists the households that have not read it', async () => {
    await leader.waitForSelector('[data-testid=notices-page] tbody tr.ant-table-row');
    await leader.fill('#title', 'E2E 停电通知');
    await leader.fill('#body', '周四 9:00 至 12:00 线路检修停电，请提前做好准备。');
    await leader.click('[data-testid=notice-area]');
    await leader.click('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper >> nth=0');
    await leader.click('#important');
    await leader.click('#isPublic');
    await leader.click('[data-testid=notice-publish]');
    const row = leader.locator('[data-testid=notices-page] tr.ant-table-row', { hasText: 'E2E 停电通知' });
    await row.waitFor();
    await row.locator('[data-testid=notice-unread]').click();
    await leader.waitForSelector('.ant-drawer-open .ant-table-row');
    await shot(leader, 'notices-unread.png');
    await leader.keyboard.press('Escape');
  }, 120_000);

  it("shows the residents' ratings per area and answerer, with comments", async () => {
    await leader.goto(`${server.url}/question-satisfaction`);
    await leader.waitForSelector('[data-testid=questions-satisfaction] tbody tr.ant-table-row');
    expect(
      await leader.locator('[data-testid=questions-satisfaction] tr.ant-table-row').count(),
    ).toBeGreaterThan(1);
    await shot(leader, 'questions-satisfaction.png');
  }, 60_000);

  it("keeps the community's groups, with QR codes", async () => {
    await leader.goto(`${server.url}/community-links`);
    await leader.waitForSelector('[data-testid=links-page]');
    await leader.getByRole('button', { name: '添加' }).click();
    await leader.getByPlaceholder('名称').last().fill('E2E 居民群');
    await leader.getByPlaceholder('https://').last().fill('https://weixin.qq.com/g/e2e-residents');
    await leader.click('[data-testid=links-save]');
    await leader.locator('img[alt="E2E 居民群"]').waitFor();
    await shot(leader, 'community-links.png');
  }, 60_000);

  it('serves the public Q&A and notices pages without a login, with no personal data', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/public/questions?community=${community}`);
    await page.waitForSelector('[data-testid=public-questions] .ant-card');
    await page.fill('[data-testid=public-questions-search] input', '路灯');
    await page.keyboard.press('Enter');
    await expect
      .poll(
        async () =>
          (await page.locator('[data-testid=public-questions] .ant-card-head').allTextContents()).length,
      )
      .toBeGreaterThan(0);
    const texts = await page.locator('[data-testid=public-questions] .ant-card-body').allTextContents();
    expect(texts.join(' ')).toContain('路灯');
    const body = await page.textContent('body');
    expect(body).not.toMatch(/1[3-9]\d{9}|\d{17}[\dX]/);
    await shot(page, 'public-questions.png');
    await page.getByRole('tab', { name: '答复情况' }).click();
    await page.waitForSelector('[data-testid=public-answerers] tbody tr.ant-table-row');
    await shot(page, 'public-answerers.png');
    await page.goto(`${server.url}/public/notices?community=${community}`);
    await page.getByText('E2E 停电通知').waitFor();
    await shot(page, 'public-notices.png');
  }, 90_000);
});
