import fs from 'node:fs';
import path from 'node:path';
import mammoth from 'mammoth';
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
  await logIn(page, server, 'community.leader', '/disputes');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

/** Picks an option of an Ant Design select by its visible text. */
async function choose(testId: string, text: string) {
  await page.click(`[data-testid=${testId}]`);
  await page.click(`.ant-select-dropdown:visible .ant-select-item-option[title="${text}"]`);
}

describe('disputes and mediation', () => {
  it('reports a dispute, assigns a mediator, records a session and an agreement, and downloads the agreement', async () => {
    await page.waitForSelector('[data-testid=disputes-table] tbody tr.ant-table-row');
    const screening = await apiGet<{ grids: { gridName: string }[] }>(
      page,
      `/api/dispute-screenings?month=${month}`,
    );
    const gridName = screening.grids[0].gridName;
    const [mediator] = await apiGet<{ name: string }[]>(page, '/api/mediators');

    // Report.
    await page.click('[data-testid=dispute-create]');
    await page.waitForSelector('[data-testid=dispute-form]');
    await choose('field-kind', '邻里纠纷');
    await page.click('[data-testid=field-grid]');
    await page.keyboard.type(gridName);
    await page.click(
      `.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper[title="${gridName}"]`,
    );
    await page.fill('[data-testid=field-title] ', 'E2E 楼上漏水纠纷');
    await page.fill('[data-testid=party-0] input[placeholder="姓名/名称"]', '甲方张三');
    await page.fill('[data-testid=party-0] input[placeholder="身份证号"]', '110101199003074514');
    await page.fill('[data-testid=party-0] input[placeholder="联系电话"]', '13912345678');
    await page.fill('[data-testid=party-1] input[placeholder="姓名/名称"]', '乙方李四');
    await page.click('[data-testid=dispute-submit]');
    await page.waitForSelector('[data-testid=detail-state]:has-text("待调解")');
    expect(await page.textContent('[data-testid=dispute-detail]')).toContain('1101**********4514');

    // Assign the community's mediator.
    await page.click('[data-testid=move-assign]');
    await choose('field-mediator', mediator.name);
    await page.click('[data-testid=move-submit]');
    await page.waitForSelector('[data-testid=detail-state]:has-text("调解中")');
    expect(await page.textContent('[data-testid=detail-mediator]')).toBe(mediator.name);

    // A session, then the agreement.
    await page.click('[data-testid=move-session]');
    await page.fill('[data-testid=field-place]', '社区人民调解室');
    await page.fill('[data-testid=field-attendees]', '甲方张三、乙方李四、调解员');
    await page.click('[data-testid=move-submit]');
    await page.waitForSelector('[data-testid=sessions-table]:has-text("社区人民调解室")');
    await page.click('[data-testid=move-outcome]');
    await page.fill(
      '[data-testid=field-terms]',
      '一、乙方于十日内修复卫生间防水。\n二、乙方赔偿甲方损失人民币壹仟元。',
    );
    await page.click('[data-testid=move-submit]');
    await page.waitForSelector('[data-testid=detail-state]:has-text("调解成功")');
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'disputes-mediation.png') });
    if (DOCS_SCREENSHOTS !== SCREENSHOTS)
      fs.copyFileSync(
        path.join(SCREENSHOTS, 'disputes-mediation.png'),
        path.join(DOCS_SCREENSHOTS, 'disputes-mediation.png'),
      );

    // The agreement as DOCX, with the community leader's unmasked numbers.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=agreement-docx]'),
    ]);
    const file = path.join(SCREENSHOTS, 'agreement.docx');
    await download.saveAs(file);
    const text = (await mammoth.extractRawText({ path: file })).value;
    expect(text).toContain('人民调解协议书');
    expect(text).toContain('甲方张三');
    expect(text).toContain('110101199003074514');
    expect(text).toContain('乙方赔偿甲方损失人民币壹仟元');

    // The print view shows the same agreement.
    await page.click('[data-testid=agreement-print]');
    await page.waitForSelector('[data-testid=agreement-print-view]:has-text("经调解，自愿达成如下协议")');
  }, 180_000);

  it('shows the month’s screening returns with communities missing one flagged', async () => {
    await page.goto(`${server.url}/dispute-screening`);
    await page.waitForSelector('[data-testid=screening-grids] tbody tr.ant-table-row');
    expect(await page.textContent('[data-testid=screening-communities]')).toMatch(/缺报|已报送/);
  }, 60_000);
});
