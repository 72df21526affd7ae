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
interface Member {
  id: string;
  name: string;
  team: string | null;
  organization: string | null;
  duty: string | null;
  version: number;
  grids: { gridCode: string; isHead: boolean }[];
}

let server: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  page = await newPage(browser);
  await logIn(page, server, 'admin', '/team-members');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A write with the page's session and CSRF token, as another editor in another tab would send it. */
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

/** Finds a member by name in the list (names repeat: the row is picked by id) and opens it. */
async function openMember(member: Member) {
  await page.goto(`${server.url}/team-members`);
  await page.fill('[data-testid=list-search] input', member.name);
  await page.press('[data-testid=list-search] input', 'Enter');
  // The list is down to the few members of that name.
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid=members-table] .cg-teams-row').length < 6,
  );
  await page.click(`[data-testid=members-table] tr[data-row-key="${member.id}"]`);
  await page.waitForSelector(`[data-testid=member-title]:has-text("${member.name}")`);
}

describe('grid teams', () => {
  it('lists members, opens one with the grids served and history, and shows a version conflict', async () => {
    await page.waitForSelector('[data-testid=members-table] .cg-teams-row');
    const total = await page.textContent('[data-testid=list-total]');
    expect(Number(total?.replace(/\D/g, ''))).toBeGreaterThan(100);

    // A grid head: the grid worker of a grid, linked to their account.
    const heads = await apiGet<{ items: Member[] }>(page, '/api/team-members?team=grid_manager&pageSize=50');
    const head = heads.items.find((m) => m.grids.some((g) => g.isHead));
    expect(head).toBeDefined();
    await openMember(head!);
    await page.waitForSelector('[data-testid=member-grids-served] [data-testid=grid-head]');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'teams-member.png') });

    // Someone else changes the organization while this editor changes the duty.
    await page.click('[data-testid=member-tabs] .ant-tabs-tab >> text=编辑');
    await page.fill('[data-testid=member-duty]', '网格巡查与走访');
    const other = await apiWrite<Member>('PATCH', `/api/team-members/${head!.id}`, {
      version: head!.version,
      organization: '另一个单位',
    });
    expect(other.status).toBe(200);
    await page.click('[data-testid=member-form] [data-testid=form-submit]');
    await page.waitForSelector('[data-testid=version-conflict]');
    expect(await page.textContent('[data-testid=version-conflict]')).toContain('单位');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'teams-conflict.png') });

    await page.click('[data-testid=conflict-reload]');
    await page.waitForSelector('[data-testid=version-conflict]', { state: 'detached' });
    await page.fill('[data-testid=member-duty]', '网格巡查与走访');
    await page.click('[data-testid=member-form] [data-testid=form-submit]');
    await page.waitForSelector('[data-testid=member-details] >> text=网格巡查与走访');
    const saved = await apiGet<Member>(page, `/api/team-members/${head!.id}`);
    expect(saved).toMatchObject({
      duty: '网格巡查与走访',
      organization: '另一个单位',
      version: head!.version + 2,
    });
  });

  it('refuses a second head for a grid, on the grid, in words', async () => {
    const service = await apiGet<{ items: Member[] }>(page, '/api/team-members?team=service&pageSize=20');
    const worker = service.items.find((m) => m.grids.length > 0 && !m.grids[0].isHead);
    expect(worker).toBeDefined();
    await openMember(worker!);
    await page.click('[data-testid=member-tabs] .ant-tabs-tab >> text=编辑');
    await page.click('[data-testid=member-grid-head-0]');
    await page.click('[data-testid=member-form] [data-testid=form-submit]');
    await page.waitForSelector('[data-testid=form-error]');
    expect(await page.textContent('[data-testid=form-error]')).toContain('已有网格长');
    const unchanged = await apiGet<Member>(page, `/api/team-members/${worker!.id}`);
    expect(unchanged.version).toBe(worker!.version);
  });

  it('shows a grid’s contact card with work phones only', async () => {
    const { grids } = (
      await apiGet<{ items: Member[] }>(page, '/api/team-members?team=grid_manager&pageSize=1')
    ).items[0];
    const head = grids.find((g) => g.isHead)!;
    await page.goto(`${server.url}/grid-contacts?grid=${head.gridCode}`);
    await page.waitForSelector('[data-testid=contact-head] >> text=网格长');
    const text = await page.textContent('[data-testid=contact-card]');
    expect(text).toContain('社区民警');
    expect(text).not.toMatch(/\*\*\*\*/);
  });

  it('shows the allowance ledger with its total, and the visit plans', async () => {
    await page.click('[data-testid=side-menu] >> text=资格与补贴');
    await page.waitForSelector('[data-testid=ledger-total]');
    expect(await page.textContent('[data-testid=ledger-total]')).toMatch(/合计 [\d,]+ 元/);
    await page.click('[data-testid=side-menu] >> text=走访计划');
    await page.waitForSelector('[data-testid=plans-table] >> text=每周');
    await page.click('[data-testid=plans-generate]');
    await page.click('.ant-popconfirm .ant-btn-primary');
    await page.waitForSelector('.ant-message >> text=新增');
  });

  it('shows the coverage board with its chart, overdue tasks and today’s patrol tracks on the map', async () => {
    await page.click('[data-testid=side-menu] >> text=走访覆盖率');
    await page.waitForSelector('[data-testid=coverage-chart] canvas');
    await page.waitForSelector('[data-testid=coverage-table] .ant-table-row');
    await page.waitForSelector('[data-testid=overdue-total]');
    // The seed gives every grid today's patrol track.
    const drawn = await page.waitForSelector('[data-testid=tracks-map][data-tracks-drawn]');
    expect(Number(await drawn.getAttribute('data-tracks-drawn'))).toBeGreaterThan(10);
    expect(await page.textContent('[data-testid=coverage-total]')).toMatch(/\d+(\.\d)?%/);
    // The console scrolls inside its layout: a tall window shows the whole board at once.
    await page.setViewportSize({ width: 1440, height: 1250 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'teams-coverage.png') });
    if (DOCS_SCREENSHOTS !== SCREENSHOTS) {
      fs.copyFileSync(
        path.join(SCREENSHOTS, 'teams-coverage.png'),
        path.join(DOCS_SCREENSHOTS, 'teams-coverage.png'),
      );
    }
  });
});
