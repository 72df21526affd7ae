import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiGet,
  apiSend,
  DOCS_SCREENSHOTS,
  E2E_PASSWORD,
  launchBrowser,
  logIn,
  newPage,
  SCREENSHOTS,
  settled,
  startTestServer,
  type TestServer,
} from './harness.ts';

/**
 * Committee accounts: community staff prepare a homeowners' committee's statement in the console
 * (on the committee's behalf), publish it once it adds up, and an owner of the estate reads it in
 * the resident app at phone size, asks the committee about a line, and reads the answer a
 * community leader gave in the committee's name on the console's committee questions page. The
 * leader then imports the estate's ownership ledger (a trial run, then the import) on the Estates
 * tab of Meetings and votes.
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

// Transitions (a button's colour after loading, a tab's ink bar) are photographed at their end.
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(DOCS_SCREENSHOTS, name), animations: 'disabled' });

/** A demo resident account whose registry person owns a house of an estate with a committee. */
async function findOwner(): Promise<{
  username: string;
  estateId: string;
  estateName: string;
  community: string;
}> {
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
      select u.username, e.id as "estateId", e.name as "estateName", e.community_code as community
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

/** The pages of the test, photographed where they stood if a step fails. */
const pages: Record<string, Page> = {};

describe('committee accounts', () => {
  it("are published in the console, read and asked about by an owner, answered in the committee's name", async () => {
    try {
      await committeeAccounts();
    } catch (error) {
      for (const [name, page] of Object.entries(pages))
        await page
          .screenshot({ path: path.join(SCREENSHOTS, `disclosure-failed-${name}.png`) })
          .catch(() => undefined);
      throw error;
    }
  }, 300_000);
});

async function committeeAccounts() {
  const owner = await findOwner();
  expect(owner).toBeDefined();

  const admin = await newPage(browser);
  pages.admin = admin;
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
  await settled(admin);
  await shot(admin, 'disclosure-console-draft.png');
  // Ant Design spaces a two-character Chinese label ("公 开"): an exact '公开' finds no button.
  const published = admin.waitForResponse(
    (r) => r.url().endsWith('/publish') && r.request().method() === 'POST',
  );
  await drawer.getByRole('button', { name: /^公\s*开$/ }).click();
  expect((await published).status(), trouble.join('\n')).toBe(200);
  await drawer.getByText('已公开', { exact: true }).waitFor();
  await drawer.getByRole('button', { name: /^更\s*正$/ }).waitFor();
  await settled(admin);
  // The toasts (saved, published) gone, so they do not cover the drawer's title.
  await admin.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
  await shot(admin, 'disclosure-console-published.png');

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  const resident = await phone.newPage();
  pages.resident = resident;
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

  // The owner asks the committee about the parking line.
  const question = '停车收益一万元是按多少个车位、什么单价收取的？';
  await statement.locator('li', { hasText: '小区停车管理服务部' }).getByTestId('ask-about-line').click();
  await resident.getByTestId('ask-line').getByText('停车费收益').waitFor();
  expect(await resident.locator('#who').inputValue()).toBe(`committee:${owner.estateId}`);
  await resident.fill('#text', question);
  await shot(resident, 'disclosure-resident-ask.png');
  await resident.locator('button.primary', { hasText: '提交' }).click();
  await resident.getByTestId('question-line').getByText('停车费收益').waitFor();

  // A community leader of the estate answers it in the committee's name.
  const leader = server.accounts
    .filter((a) => a.role === 'area_leader' && owner.community.startsWith(a.areaCode.replace(/0+$/, '')))
    .sort((a, b) => b.areaCode.replace(/0+$/, '').length - a.areaCode.replace(/0+$/, '').length)[0];
  expect(leader, `no area leader over ${owner.community}`).toBeDefined();
  const staff = await newPage(browser);
  pages.staff = staff;
  staff.on(
    'response',
    (r) => r.status() >= 400 && trouble.push(`${r.status()} ${r.request().method()} ${r.url()}`),
  );
  await logIn(staff, server, leader!.username, '/committee-questions');
  const inbox = staff.getByTestId('questions-committee');
  await inbox.getByRole('row', { name: new RegExp(question.slice(0, 8)) }).click();
  const detail = staff.getByRole('dialog');
  await detail.getByTestId('question-line').getByText('停车费收益').waitFor();
  const answer =
    '月租车位 9,000 元（10 个车位 × 300 元 × 3 个月），临时停车 1,000.50 元，合计 10,000.50 元。';
  await detail.getByRole('textbox', { name: '答复内容' }).fill(answer);
  await settled(staff);
  await shot(staff, 'disclosure-console-question.png');
  const answered = staff.waitForResponse(
    (r) => /\/api\/questions\/[^/]+\/answer/.test(r.url()) && r.request().method() === 'POST',
  );
  await detail.getByTestId('publish-answer').click();
  expect((await answered).status(), trouble.join('\n')).toBe(200);

  // The owner sees the answer, signed with the committee's name.
  await resident.reload();
  await resident.locator('button.item', { hasText: question.slice(0, 20) }).click();
  const signed = resident.locator('.answer');
  await signed.getByText(answer).waitFor();
  expect(await signed.locator('strong').textContent()).toMatch(/业主委员会|业委会/);
  await shot(resident, 'disclosure-resident-answer.png');
  await phone.close();

  // The leader imports the estate's ownership ledger: one house's area changes, its owners stay.
  const estate = await apiGet<EstateDetail>(staff, `/api/estates/${owner.estateId}`);
  const house = estate.houseList.find((h) => h.owners.length > 0 && h.label.includes(' '))!;
  const owners = [];
  for (const o of house.owners) {
    const person = await apiGet<{ name: string }>(staff, `/api/people/${o.id}`);
    const { idNumber } = await apiSend<{ idNumber: string }>(staff, 'POST', `/api/people/${o.id}/reveal`, {
      purpose: '核对产权台账导入',
    });
    owners.push({ name: person.name, idNumber });
  }
  const [first, ...coOwners] = owners;
  const cut = house.label.lastIndexOf(' ');
  const area = (Number(house.floorArea) + 1.25).toFixed(2);
  const csv = [
    '楼栋,房号,专有部分面积(㎡),产权人姓名,产权人身份证号,共有人姓名,共有人身份证号',
    [
      house.label.slice(0, cut),
      house.label.slice(cut + 1),
      area,
      first!.name,
      first!.idNumber,
      coOwners.map((c) => c.name).join('、'),
      coOwners.map((c) => c.idNumber).join('、'),
    ].join(','),
  ].join('\n');
  await staff.goto(`${server.url}/governance`);
  await staff.waitForSelector('[data-testid=governance-page]');
  await staff.getByRole('tab', { name: '小区' }).click();
  await staff.getByTestId('estate-import').first().waitFor();
  await staff
    .getByRole('row', { name: new RegExp(owner.estateName) })
    .getByTestId('estate-import')
    .click();
  const dialog = staff.getByRole('dialog');
  await dialog
    .locator('input[type=file]')
    .setInputFiles({ name: '产权台账.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const report = dialog.getByTestId('estate-import-report');
  await report.getByText(`${house.floorArea} → ${area}`).waitFor();
  await dialog.locator('[data-testid=estate-import-apply]:not([disabled])').waitFor();
  // The report shows the owners' ID numbers masked, never as the ledger has them.
  expect(await report.textContent()).not.toContain(first!.idNumber);
  await settled(staff);
  await shot(staff, 'estates-import-dry-run.png');
  const applied = staff.waitForResponse(
    (r) => r.url().includes('ownership-import') && r.url().includes('dryRun=false'),
  );
  await dialog.getByTestId('estate-import-apply').click();
  expect((await applied).status(), trouble.join('\n')).toBe(200);
  await dialog.waitFor({ state: 'detached' });
  const after = await apiGet<EstateDetail>(staff, `/api/estates/${owner.estateId}`);
  const changed = after.houseList.find((h) => h.houseId === house.houseId)!;
  expect(changed.floorArea).toBe(area);
  expect(changed.owners.map((o) => o.id).sort()).toEqual(house.owners.map((o) => o.id).sort());
}

interface EstateDetail {
  houseList: {
    houseId: string;
    label: string;
    floorArea: string;
    owners: { id: string }[];
    version: number;
  }[];
}
