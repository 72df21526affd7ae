import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
interface Matter {
  id: string;
  number: string;
  state: string;
  version: number;
  gridCode: string;
}

let server: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  page = await newPage(browser);
  await logIn(page, server, 'officer', '/enforcement');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function apiWrite<T>(method: string, url: string, body: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ([method, url, body]) => {
      const { csrfToken } = await (await fetch('/api/auth/me')).json();
      const response = await fetch(url as string, {
        method: method as string,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: JSON.stringify(body),
      });
      return { status: response.status, json: await response.json() };
    },
    [method, url, body],
  ) as Promise<{ status: number; json: T }>;
}

function keep(name: string) {
  if (DOCS_SCREENSHOTS !== SCREENSHOTS)
    fs.copyFileSync(path.join(SCREENSHOTS, name), path.join(DOCS_SCREENSHOTS, name));
}

/** Clicks a move in the open matter, fills the modal and waits for the new state. */
async function takeMove(move: string, fill: () => Promise<void>, state: string) {
  await page.click(`[data-testid=move-${move}]`);
  await fill();
  await page.click('#move-ok');
  await page.waitForSelector(`[data-testid=matter-state]:has-text("${state}")`);
}

describe('administrative enforcement', () => {
  it('takes a matter from filing to a published decision, with evidence in the record index', async () => {
    await page.waitForSelector('[data-testid=matters-table] tbody tr[data-row-key]');
    // A matter against a shop, started from the demo's records (the form's pickers are tested by the API).
    const orgs = await apiGet<{ items: Array<{ id: string; gridCode: string }> }>(
      page,
      '/api/orgs?kind=shop&pageSize=1',
    );
    const created = await apiWrite<Matter>('POST', '/api/enforcement/matters', {
      gridCode: orgs.items[0].gridCode,
      title: '店外经营占道（端到端）',
      facts: '当事人在店门前人行道摆放货架经营',
      discoveredAt: new Date(Date.now() - 3_600_000).toISOString(),
      partyKind: 'org',
      orgId: orgs.items[0].id,
    });
    expect(created.status).toBe(201);
    const id = created.json.id;
    await page.goto(`${server.url}/enforcement/${id}`);
    await page.waitForSelector('[data-testid=matter-state]:has-text("待立案")');

    await takeMove('file', async () => {}, '调查取证');
    await page.click('[data-testid=add-evidence]');
    await page.fill('[data-testid=evidence-title]', '现场检查笔录');
    await page.fill('[data-testid=evidence-location]', '店铺门前');
    await page.fill('[data-testid=evidence-note]', '当事人在场，确认在人行道摆放货架');
    await page.click('#evidence-ok');
    await page.waitForSelector('[data-testid=evidence-index] td:has-text("现场检查笔录")');

    await takeMove(
      'notify',
      async () => {
        await page.fill('[data-testid=move-penalty]', '责令改正，罚款人民币500元');
        await page.fill('[data-testid=move-basis]', '《城市市容和环境卫生管理条例》第十七条');
      },
      '已告知',
    );
    await takeMove(
      'decide',
      async () => {
        await page.fill('[data-testid=move-document-number]', '深南执罚〔2026〕E2E号');
      },
      '已决定',
    );
    await page.click('[data-testid=move-publish]');
    await page.click('#move-ok');
    await page.waitForSelector('[data-testid=matter-detail] .ant-tag:has-text("已公示")');
    expect(await page.textContent('[data-testid=matter-steps]')).toContain('作出处罚决定');
    // The picture without the 'saved' toasts over the title.
    await page.waitForSelector('.ant-message-notice', { state: 'detached' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'enforcement-matter.png') });
    keep('enforcement-matter.png');

    const detail = await apiGet<{ state: string; evidence: { sha256: string }[] }>(
      page,
      `/api/enforcement/matters/${id}`,
    );
    expect(detail.state).toBe('decided');
    expect(detail.evidence[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  }, 120_000);

  it('shows the legal reviewer the matters in review', async () => {
    const reviewer = await newPage(browser);
    await logIn(reviewer, server, 'reviewer', '/enforcement-review');
    await reviewer.waitForSelector('[data-testid=matters-table] tbody tr[data-row-key]');
    await reviewer.click('[data-testid=matters-table] tbody tr[data-row-key]');
    await reviewer.waitForSelector('[data-testid=move-approve]');
    await reviewer.close();
  }, 60_000);

  it('publishes decisions on the public page without logging in', async () => {
    const visitor = await newPage(browser);
    await visitor.goto(`${server.url}/public/enforcement`);
    await visitor.waitForSelector('[data-testid=public-decisions] :text("深南执罚〔2026〕E2E号")');
    await visitor.screenshot({ path: path.join(SCREENSHOTS, 'enforcement-public.png') });
    keep('enforcement-public.png');
    await visitor.close();
  }, 60_000);
});
