import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DOCS_SCREENSHOTS,
  E2E_PASSWORD,
  launchBrowser,
  logIn,
  newPage,
  startTestServer,
  type TestServer,
} from './harness.ts';

/**
 * Committee accounts: community staff prepare a homeowners' committee's statement in the console
 * (on the committee's behalf), publish it once it adds up, and an owner of the estate reads it in
 * the resident app at phone size.
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

/** A demo resident account whose registry person owns a house of an estate with a committee. */
async function findOwner(): Promise<{ username: string; estateId: string; estateName: string }> {
  const lock = JSON.parse(fs.readFileSync(path.join(server.dataDir, 'civicgrid.lock'), 'utf8'));
  const credentials = JSON.parse(fs.readFileSync(path.join(server.dataDir, 'pg-credentials.json'), 'utf8'));
  const client = new pg.Client({
    host: '127.0.0.1',
    port: lock.pgPort,
    user: credentials.user,
    password: credentials.password,
    database: 'civicgrid',
  });
  await client.connect();
  try {
    const { rows } = await client.query(`
      select u.username, e.id as "estateId", e.name as "estateName"
      from resident_signups s
      join users u on u.id = s.user_id
      join house_owners o on o.person_id = s.person_id
      join estate_houses h on h.house_id = o.house_id
      join estates e on e.id = h.estate_id and e.committee_org_id is not null
      where s.state = 'done' and u.role = 'resident' and u.username like 'r%'
      order by u.username limit 1`);
    return rows[0];
  } finally {
    await client.end();
  }
}

describe('committee accounts', () => {
  it('are published in the console and read by an owner in the resident app', async () => {
    const owner = await findOwner();
    expect(owner).toBeDefined();

    const admin = await newPage(browser);
    // Kept for a failure's message: what the page logged and which API calls it was refused.
    const trouble: string[] = [];
    admin.on('console', (m) => m.type() === 'error' && trouble.push(`console: ${m.text()}`));
    admin.on(
      'response',
      (r) => r.status() >= 400 && trouble.push(`${r.status()} ${r.request().method()} ${r.url()}`),
    );
    await logIn(admin, server, 'admin', '/disclosure');
    await admin.waitForSelector('[data-testid=disclosure-page]');
    await admin.locator('#estate').click();
    await admin.keyboard.type(owner.estateName);
    await admin.locator('.ant-select-item-option', { hasText: owner.estateName }).first().click();
    await admin.fill('#period', '2025-Q1');
    await admin.fill('#opening', '50000');
    await admin.fill('#closing', '60000.50');
    await admin.getByRole('button', { name: '添加一行' }).click();
    const row = admin.locator('[data-testid=disclosure-line]').first();
    await row.locator('.ant-select').nth(1).click();
    await admin.locator('.ant-select-item-option', { hasText: '停车费收益' }).click();
    await row.getByPlaceholder('金额（元）').fill('10000.50');
    await row.getByPlaceholder('收付对象').fill('小区停车管理服务部');
    await row.getByPlaceholder('摘要').fill('一季度地面车位停车收益');
    await row.getByPlaceholder('日期').fill('2025-02-15');
    // Enter picks the typed date, and may submit the form as well (implicit submission): the draft
    // is saved by the button only when Enter sent nothing, so it is never saved twice.
    const isSave = (r: { url(): string; method(): string }) =>
      r.method() === 'POST' && new URL(r.url()).pathname === '/api/disclosure/statements';
    const byEnter = admin.waitForRequest(isSave, { timeout: 1500 }).catch(() => null);
    await row.getByPlaceholder('日期').press('Enter');
    if (!(await byEnter)) await admin.getByRole('button', { name: '保存草稿' }).click();
    const drawer = admin.locator('[data-testid=statement-detail]');
    await drawer.waitFor();
    await drawer.getByText('收支平衡').waitFor();
    await shot(admin, 'disclosure-console-draft.png');
    // Ant Design spaces a two-character Chinese label ("公 开"): an exact '公开' finds no button.
    const published = admin.waitForResponse(
      (r) => r.url().endsWith('/publish') && r.request().method() === 'POST',
    );
    await drawer.getByRole('button', { name: /^公\s*开$/ }).click();
    expect((await published).status(), trouble.join('\n')).toBe(200);
    await drawer.getByText('已公开', { exact: true }).waitFor();
    await drawer.getByRole('button', { name: /^更\s*正$/ }).waitFor();
    await shot(admin, 'disclosure-console-published.png');

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
    await resident.fill('#username', owner.username);
    await resident.fill('#password', E2E_PASSWORD);
    await resident.locator('button.primary', { hasText: '登录' }).click();
    await resident.getByTestId('open-accounts').click();
    const accounts = resident.getByTestId('accounts');
    await accounts.getByText(owner.estateName).first().waitFor();
    await shot(resident, 'disclosure-resident-list.png');
    await accounts.getByRole('button', { name: /2025-Q1/ }).click();
    const statement = resident.getByTestId('statement');
    await statement.getByText('小区停车管理服务部').waitFor();
    await statement.getByText('+10,000.50').waitFor();
    await statement.getByText('期末余额 60,000.50').waitFor();
    await shot(resident, 'disclosure-resident-statement.png');
    await phone.close();
  });
});
