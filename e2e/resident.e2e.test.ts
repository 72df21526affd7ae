import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiGet,
  apiSend,
  DOCS_SCREENSHOTS,
  launchBrowser,
  logIn,
  newPage,
  startTestServer,
  type TestServer,
} from './harness.ts';

/**
 * The residents' channel at phone size: a registered resident signs up (the code arrives through
 * the SMS gateway webhook), asks the community's deputy, the deputy answers in the console, and
 * the resident rates the answer.
 */
let server: TestServer;
let browser: Browser;
let gateway: http.Server;
const texts: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  gateway = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      texts.push(JSON.parse(body).text);
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
}, 180_000);

afterAll(async () => {
  gateway?.close();
  await browser?.close();
  await server?.stop();
});

/** A one-pixel PNG: the photo a resident attaches to a question. */
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(DOCS_SCREENSHOTS, name) });

describe('the resident app', () => {
  it('signs up, asks the deputy, reads the answer from the console and rates it', async () => {
    // The administrator points the SMS gateway at this test, and finds a registered person of the
    // deputy's community with a phone (revealed with a purpose, as the registry demands).
    const admin = await newPage(browser);
    await logIn(admin, server, 'admin');
    const port = (gateway.address() as AddressInfo).port;
    await apiSend(admin, 'PUT', '/api/settings/sms', {
      url: `http://127.0.0.1:${port}/sms`,
      secret: 'e2e-gateway-secret-0123',
    });
    const community = server.accounts.find((a) => a.username === 'deputy')!.areaCode;
    const people = await apiGet<{ items: { id: string; name: string; phone: string | null }[] }>(
      admin,
      `/api/people?areaCode=${community}&pageSize=50`,
    );
    const person = people.items.find((p) => p.phone)!;
    const revealed = await apiSend<{ idNumber: string; phone: string }>(
      admin,
      'POST',
      `/api/people/${person.id}/reveal`,
      {
        purpose: '端到端测试：居民注册',
      },
    );

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
    await resident.getByRole('button', { name: '注册' }).click();
    await resident.fill('#name', person.name);
    await resident.fill('#idNumber', revealed.idNumber);
    await resident.fill('#phone', revealed.phone);
    await resident.fill('#username', 'e2e.resident');
    await resident.fill('#password', 'Green-Tea-2026-e2e');
    await resident.getByRole('button', { name: '获取验证码' }).click();
    await resident.waitForSelector('#code');
    await expect.poll(() => texts.length).toBe(1);
    await resident.fill('#code', /(\d{6})/.exec(texts[0])![1]);
    await shot(resident, 'resident-signup.png');
    await resident.getByRole('button', { name: '完成注册' }).click();
    await resident.getByText('注册成功，请登录').waitFor();
    await resident.fill('#username', 'e2e.resident');
    await resident.fill('#password', 'Green-Tea-2026-e2e');
    await resident.locator('button.primary', { hasText: '登录' }).click();

    await resident.getByRole('button', { name: '我要提问' }).click();
    await resident.locator('#who option').first().waitFor({ state: 'attached' });
    expect(await resident.locator('#who').inputValue()).toMatch(/^deputy:/);
    await resident.fill('#text', '小区东门的路灯坏了两周，晚上很黑，电话 13812345678 可联系我。');
    await resident.setInputFiles('#photos', { name: 'lamp.png', mimeType: 'image/png', buffer: PIXEL });
    await resident.waitForSelector('[data-testid=ask-photos] img');
    await resident.getByRole('button', { name: '提交' }).click();
    await resident.getByText('138****5678', { exact: false }).waitFor();
    // The photo was stored and is served back to the asker.
    const photo = resident.locator('[data-testid=question-photos] img');
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    await shot(resident, 'resident-ask.png');

    // The deputy answers in the console.
    const deputy = await newPage(browser);
    await logIn(deputy, server, 'deputy', '/question-inbox');
    await deputy.locator('[data-testid=questions-inbox] tr', { hasText: '路灯坏了' }).first().click();
    await deputy.getByLabel('答复内容').fill('已联系物业和路灯所，本周五前修复。');
    await deputy.click('[data-testid=publish-answer]');
    await deputy.getByText('已保存').waitFor();
    await shot(deputy, 'resident-deputy-answers.png');

    // The resident reads the answer and rates it.
    await resident.reload();
    await resident.locator('button.item', { hasText: '路灯坏了' }).click();
    await resident.getByText('本周五前修复').waitFor();
    await resident.getByRole('button', { name: '4', exact: true }).click();
    await resident.fill('#comment', '答复及时');
    await resident.locator('button.primary', { hasText: '提交' }).click();
    await resident.getByText('我的评价').waitFor();
    await shot(resident, 'resident-rated.png');
    await phone.close();
  }, 300_000);

  it('takes an application from someone not in the registry; a community worker approves it', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      locale: 'zh-CN',
    });
    const applicant = await phone.newPage();
    await applicant.goto(`${server.url}/resident`);
    await applicant.getByRole('button', { name: '申请' }).click();
    await applicant.locator('#communityCode option').first().waitFor({ state: 'attached' });
    await applicant.fill('#name', '新住户王五');
    await applicant.fill('#idNumber', '110101199003074514');
    await applicant.fill('#phone', '13912345670');
    await applicant.fill('#address', '榕树社区 3 栋 502');
    await applicant.fill('#username', 'e2e.applicant');
    await applicant.fill('#password', 'Green-Tea-2026-apply');
    const before = texts.length;
    await applicant.getByRole('button', { name: '获取验证码' }).click();
    await applicant.waitForSelector('#code');
    await expect.poll(() => texts.length).toBe(before + 1);
    await applicant.fill('#code', /(\d{6})/.exec(texts[before])![1]);
    await applicant.getByRole('button', { name: '完成注册' }).click();
    await applicant.getByText('申请已提交', { exact: false }).waitFor();
    await phone.close();

    const worker = await newPage(browser);
    await logIn(worker, server, 'admin', '/resident-applications');
    await worker.click('[data-testid=approve-e2e\\.applicant]');
    // The grids load after the dialog opens: a pick made while the list was still changing can be
    // lost, so pick until the dialog takes a grid (its OK button is disabled without one).
    const ok = worker.locator('.ant-modal-footer .ant-btn-primary');
    for (let i = 0; i < 3 && !(await ok.isEnabled()); i++) {
      await worker.click('[data-testid=approve-grid]');
      await worker.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    }
    await shot(worker, 'resident-application.png');
    await ok.click();
    await worker.getByText('已通过', { exact: false }).waitFor();
    const login = await worker.evaluate(async () => {
      const r = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'e2e.applicant', password: 'Green-Tea-2026-apply' }),
      });
      return r.status;
    });
    expect(login).toBe(200);
  }, 180_000);
});
