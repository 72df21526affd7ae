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

let server: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  page = await newPage(browser);
  await logIn(page, server, 'party', '/party');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function screenshot(name: string) {
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(SCREENSHOTS, name) });
  if (DOCS_SCREENSHOTS !== SCREENSHOTS)
    fs.copyFileSync(path.join(SCREENSHOTS, name), path.join(DOCS_SCREENSHOTS, name));
}

const thisMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

describe('party building', () => {
  it('shows the organization tree of the district', async () => {
    await page.waitForSelector('[data-testid=party-org-tree] [data-testid=party-org]');
    const shown = await page.locator('[data-testid=party-org]').count();
    expect(shown).toBeGreaterThan(20);
    expect(await page.textContent('[data-testid=party-org-tree]')).toContain('党工委');
    await screenshot('party-tree.png');
  });

  it('records dues for a member in arrears, who then leaves the arrears list', async () => {
    const arrears = await apiGet<{ items: { memberId: string; name: string }[] }>(page, '/api/party/arrears');
    expect(arrears.items.length).toBeGreaterThan(0);
    const owing = arrears.items[0];
    await page.click('[data-testid=party-tab-members]');
    await page.fill('[data-testid=party-member-search] input', owing.name);
    await page.press('[data-testid=party-member-search] input', 'Enter');
    await page.click(`[data-testid=party-members] tr[data-row-key="${owing.memberId}"]`);
    await page.waitForSelector('[data-testid=party-member-drawer] [data-testid=party-dues]');
    // Numbers are only ever shown masked.
    expect(await page.textContent('[data-testid=party-member-drawer]')).toMatch(/1\d{2}\*{4}\d{4}/);
    await page.click('[data-testid=party-dues]');
    await page.waitForSelector('[data-testid=party-paid-to]');
    await page.click('.ant-modal-footer .ant-btn-primary');
    await page.waitForFunction(
      (month) => document.querySelector('[data-testid=party-member-paid-to]')?.textContent === month,
      thisMonth(),
    );
    const after = await apiGet<{ items: { memberId: string }[] }>(page, '/api/party/arrears');
    expect(after.items.some((a) => a.memberId === owing.memberId)).toBe(false);
  });

  it('logs a meeting and shows compliance against the requirements', async () => {
    const orgs = await apiGet<{ items: { id: string; name: string; kind: string }[] }>(
      page,
      '/api/party/orgs',
    );
    const branch = orgs.items.find((o) => o.kind === 'branch')!;
    await page.goto(`${server.url}/party?tab=meetings`);
    await page.click('[data-testid=party-new-meeting]');
    await page.click('#orgId');
    await page.keyboard.type(branch.name);
    await page.click(`.ant-select-item-option[title="${branch.name}"]`);
    await page.click('#kind');
    await page.click('.ant-select-item-option[title="支委会"]');
    await page.fill('#topic', '端到端测试：研究本月党建工作');
    await page.fill('#attendees', '9');
    await page.click('.ant-modal-footer .ant-btn-primary');
    // Newest first: of the meetings held today, the one logged last leads.
    await page.waitForSelector('[data-testid=party-meetings] td:has-text("端到端测试：研究本月党建工作")');

    const month = thisMonth();
    const compliance = await apiGet<{
      items: { orgId: string; checks: { kind: string; state: string }[] }[];
    }>(page, `/api/party/compliance?month=${month}`);
    const mine = compliance.items.find((o) => o.orgId === branch.id)!;
    expect(mine.checks.find((c) => c.kind === 'committee')!.state).toBe('met');

    // Last month's windows have closed: the demo's poorer organizations show what they missed.
    const [y, m] = month.split('-').map(Number);
    const last = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    await page.goto(`${server.url}/party?tab=compliance&month=${last}`);
    await page.waitForSelector('[data-testid=party-compliance] [data-testid=party-check-met]');
    expect(
      await page.locator('[data-testid=party-compliance] [data-testid=party-check-missing]').count(),
    ).toBeGreaterThan(0);
    await screenshot('party-compliance.png');
  });

  it('shows the figures per street', async () => {
    await page.click('[data-testid=party-tab-figures]');
    await page.waitForSelector('[data-testid=party-figures] tbody tr.ant-table-row');
    const rows = await page.locator('[data-testid=party-figures] tbody tr.ant-table-row').count();
    // Seven streets and the total.
    expect(rows).toBe(8);
    expect(await page.textContent('[data-testid=party-figures]')).toContain('合计');
    await screenshot('party-figures.png');
  });
});
