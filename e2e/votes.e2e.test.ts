import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiGet,
  apiSend,
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
 * An owners' vote under Civil Code art. 278 from creation in the console to its published result:
 * an owner votes online in the resident app at phone size, a grid worker enters a paper ballot with
 * its photo, the community closes and publishes it, and the owner finds their ballot counted.
 */
let server: TestServer;
let browser: Browser;
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1e5d4a40000000049454e44ae426082',
  'hex',
);

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, name) });

/**
 * Chooses `text` in the Ant Design select `testId`: types it, then clicks the option once the
 * select lists it (its options may still be loading: Enter on an empty list chooses nothing).
 */
async function pick(page: Page, testId: string, text: string) {
  await page.click(`[data-testid=${testId}]`);
  await page.keyboard.type(text);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
    .first()
    .click();
}

interface VoteLite {
  id: string;
  title: string;
}

interface EstateDetail {
  id: string;
  houseList: { houseId: string; floorArea: string; version: number; owners: { id: string }[] }[];
}

/**
 * A demo resident made a co-owner of a house of an estate of their community, as the housing
 * ledger would record it: the district edits the house's owners in the estates module.
 */
async function makeOwner(admin: Page) {
  for (let i = 1; i <= 10; i++) {
    const username = `r${String(i).padStart(5, '0')}`;
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username, password: E2E_PASSWORD }),
    });
    if (login.status !== 200) continue;
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const me = (await (
      await fetch(`${server.url}/api/auth/me`, { headers: { cookie, Accept: 'application/json' } })
    ).json()) as { user: { displayName: string; areaCode: string } };
    const community = me.user.areaCode.slice(0, 12);
    const people = await apiGet<{ items: { id: string; name: string }[] }>(
      admin,
      `/api/people?areaCode=${me.user.areaCode}&q=${encodeURIComponent(me.user.displayName)}&pageSize=50`,
    );
    const person = people.items.find((p) => p.name === me.user.displayName);
    const estates = await apiGet<{ id: string; houses: number }[]>(
      admin,
      `/api/estates?areaCode=${community}`,
    );
    const estate = estates.find((e) => e.houses >= 3);
    if (!person || !estate) continue;
    const detail = await apiGet<EstateDetail>(admin, `/api/estates/${estate.id}`);
    const house = detail.houseList.find((h) => h.owners.length > 0)!;
    await apiSend(admin, 'PUT', `/api/estates/${estate.id}/houses/${house.houseId}`, {
      version: house.version,
      floorArea: house.floorArea,
      ownerIds: [...house.owners.map((o) => o.id), person.id],
    });
    return { username, estateId: estate.id, community };
  }
  throw new Error('no demo resident among r00001–r00010 lives in a community with an estate');
}

/** The pages of the test, photographed where they stood if a step fails. */
const pages: Record<string, Page> = {};

describe("owners' votes", () => {
  it('from creation to a published result, with an online and a paper ballot', async () => {
    try {
      await ownersVote();
    } catch (error) {
      for (const [name, page] of Object.entries(pages))
        await shot(page, `votes-failed-${name}.png`).catch(() => undefined);
      throw error;
    }
  }, 300_000);
});

async function ownersVote() {
  const title = '端到端：增设电动自行车充电桩';
  // The district creates and opens the vote in the console.
  const admin = await newPage(browser);
  pages.admin = admin;
  // What the page said and which API calls failed, reported if a step times out.
  const trail: string[] = [];
  admin.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') trail.push(`console ${m.type()}: ${m.text()}`);
  });
  admin.on('response', async (r) => {
    if (r.url().includes('/api/') && r.request().method() !== 'GET')
      trail.push(
        `${r.request().method()} ${r.url()} → ${r.status()} ${r.status() >= 400 ? await r.text() : ''}`,
      );
  });
  await logIn(admin, server, 'admin', '/governance');
  await admin.waitForSelector('[data-testid=governance-page]');
  const owner = await makeOwner(admin);
  await admin.reload();
  const estates = await apiGet<{ id: string; name: string }[]>(
    admin,
    `/api/estates?areaCode=${owner.community}`,
  );
  const estate = estates.find((e) => e.id === owner.estateId)!;
  await pick(admin, 'vote-estate', estate.name);
  await pick(admin, 'vote-matter', '一般事项');
  await admin.fill('[data-testid=vote-closes]', '2099-12-31T18:00');
  await admin.fill('[data-testid=vote-title]', title);
  await admin.fill('[data-testid=vote-question]', '是否同意在小区内增设电动自行车集中充电桩？');
  await admin.click('[data-testid=vote-create]');
  try {
    await admin.click(`[data-testid="vote-move-${title}"]`, { timeout: 20_000 });
  } catch (error) {
    await shot(admin, 'votes-console-create-failed.png');
    throw new Error(`the new vote did not appear:\n${trail.join('\n')}\n${error}`);
  }
  await admin
    .getByRole('row', { name: new RegExp(title) })
    .getByText('表决中')
    .waitFor();
  await shot(admin, 'votes-console-open.png');

  // The owner votes online at phone size.
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
  await resident.click('[data-testid=open-votes]');
  await resident.locator('button.item', { hasText: title }).click();
  await resident.getByTestId('vote-rule').getByText('过半数').waitFor();
  await resident.getByRole('button', { name: '同意', exact: true }).first().click();
  await resident.getByTestId('my-ballot').getByText('同意').waitFor();
  await shot(resident, 'votes-resident-ballot.png');
  const myHouses = (await resident.getByTestId('my-ballot').locator('..').textContent()) ?? '';

  // A grid worker of the community enters a paper ballot of another house, with its photo.
  const voteId = (await apiGet<VoteLite[]>(admin, '/api/votes')).find((v) => v.title === title)!.id;
  const units = await apiGet<{ houses: { label: string }[]; owners: { name: string }[]; unitKey: string }[]>(
    admin,
    `/api/votes/${voteId}/units`,
  );
  const other = units.find(
    (u) => u.unitKey !== 'unowned' && !u.houses.some((h) => myHouses.includes(h.label)),
  )!;
  const workerAccount = server.accounts.find(
    (a) => a.role === 'grid_worker' && a.areaCode.startsWith(owner.community),
  )!;
  const worker = await newPage(browser);
  pages.worker = worker;
  await logIn(worker, server, workerAccount.username, '/governance');
  await worker.click(`[data-testid="vote-details-${title}"]`);
  await pick(worker, 'paper-house', other.houses[0]!.label);
  await pick(worker, 'paper-signer', other.owners[0]!.name);
  await pick(worker, 'paper-choice', '反对');
  await worker.setInputFiles('[data-testid=paper-photo]', {
    name: 'ballot.png',
    mimeType: 'image/png',
    buffer: PNG,
  });
  await worker.click('[data-testid=paper-save]');
  await worker.getByText('已保存').waitFor();
  await expect
    .poll(
      async () =>
        (await apiGet<{ voted: boolean }[]>(admin, `/api/votes/${voteId}/units`)).filter((u) => u.voted)
          .length,
    )
    .toBe(2);
  await shot(worker, 'votes-paper-ballot.png');

  // The community closes and publishes: too few owners took part in a whole estate.
  await admin.reload();
  await admin.click(`[data-testid="vote-move-${title}"]`);
  await admin
    .getByRole('row', { name: new RegExp(title) })
    .getByText('已截止')
    .waitFor();
  await admin.click(`[data-testid="vote-move-${title}"]`);
  await admin
    .getByRole('row', { name: new RegExp(title) })
    .getByText('已公布')
    .waitFor();
  await admin.click(`[data-testid="vote-details-${title}"]`);
  await admin.getByTestId('vote-result-table').waitFor();
  // The details open in a drawer: photographed once it has slid in, not half way.
  await settled(admin);
  await shot(admin, 'votes-console-result.png');
  const result = (
    await apiGet<{
      result: { outcome: string; participating: { heads: number }; paper: number; online: number };
    }>(admin, `/api/votes/${voteId}`)
  ).result;
  expect(result).toMatchObject({ participating: { heads: 2 }, paper: 1, online: 1 });

  // The owner sees the result and that their ballot was counted.
  await resident.reload();
  await resident.click('[data-testid=open-votes]');
  await resident.locator('button.item', { hasText: title }).click();
  await resident.getByTestId('vote-result').waitFor();
  await resident.getByText('已计入结果').waitFor();
  await shot(resident, 'votes-resident-result.png');
  await phone.close();
}

describe('meetings', () => {
  it('called in the console, with its outcome recorded after a version conflict', async () => {
    const admin = await newPage(browser);
    pages.meetings = admin;
    try {
      await callAndRecord(admin);
    } catch (error) {
      await shot(admin, 'meetings-failed.png').catch(() => undefined);
      throw error;
    }
  }, 300_000);
});

async function callAndRecord(admin: Page) {
  const title = '端到端：楼道堆物清理协商会';
  await logIn(admin, server, 'admin', '/governance');
  const [estate] = await apiGet<{ id: string; name: string; communityCode: string }[]>(admin, '/api/estates');
  const community = await apiGet<{ name: string }>(admin, `/api/areas/${estate!.communityCode}`);
  await admin.getByRole('tab', { name: '会议', exact: true }).click();
  await admin.getByTestId('meeting-form').waitFor();

  // Sent empty, the form says under each field what is missing.
  await admin.click('[data-testid=meeting-create]');
  await admin.getByTestId('meeting-form').getByText('请输入会议名称').waitFor();
  await admin.getByTestId('meeting-form').getByText('请输入社区').waitFor();

  await admin.click('[data-testid=meeting-community]');
  await admin.keyboard.type(community.name);
  await admin
    .locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: community.name })
    .first()
    .click();
  await pick(admin, 'meeting-estate', estate!.name);
  await admin.fill('[data-testid=meeting-title]', title);
  await admin.fill('[data-testid=meeting-starts]', '2099-06-01T19:30');
  await admin.fill('[data-testid=meeting-place]', '社区党群服务中心二楼会议室');
  await admin.fill('[data-testid=meeting-item-0]', '清理楼道堆放杂物');
  await admin.click('[data-testid=meeting-add-item]');
  await admin.fill('[data-testid=meeting-item-1]', '电动车停放管理');
  await admin.click('[data-testid=meeting-add-participant]');
  await admin.fill('[data-testid=meeting-participant-0]', '物业服务中心');
  await pick(admin, 'meeting-participant-kind-0', '组织');
  await admin.click('[data-testid=meeting-add-participant]');
  await admin.fill('[data-testid=meeting-participant-1]', '张大爷');
  await admin.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' });
  await admin
    .getByTestId('meeting-form')
    .screenshot({ path: path.join(SCREENSHOTS, 'meetings-console-call.png') });
  await admin.click('[data-testid=meeting-create]');
  await admin.click(`[data-testid="meeting-open-${title}"]`);
  await admin.getByTestId('meeting-record').waitFor();

  // Someone else records the meeting meanwhile: saving meets a stale version, the page reloads it.
  const meetings = await apiGet<{ id: string; title: string; version: number; noticeId?: string }[]>(
    admin,
    '/api/meetings',
  );
  const listed = meetings.find((m) => m.title === title)!;
  const meeting = await apiGet<{ version: number; noticeId: string | null }>(
    admin,
    `/api/meetings/${listed.id}`,
  );
  expect(meeting.noticeId).not.toBeNull();
  await apiSend(admin, 'POST', `/api/meetings/${listed.id}/record`, {
    version: meeting.version,
    minutes: '（另一位工作人员先记录的纪要）',
  });

  await admin.fill('[data-testid=meeting-minutes]', '到会居民一致同意本周六集中清理楼道杂物。');
  await admin.getByTestId('meeting-attendance').getByText('张大爷').click();
  await admin.click('[data-testid=decision-add]');
  await pick(admin, 'decision-item-0', '清理楼道堆放杂物');
  await admin.fill('[data-testid=decision-text-0]', '本周六上午集中清理楼道堆物');
  await admin.fill('[data-testid=decision-responsible-0]', '物业服务中心');
  await admin.fill('[data-testid=decision-due-0]', '2099-06-06');
  await admin.click('[data-testid=meeting-record-save]');
  await admin.getByTestId('meeting-conflict').waitFor();
  await shot(admin, 'meetings-console-conflict.png');
  await admin.click('[data-testid=meeting-record-save]');
  await admin.getByTestId('meeting-conflict').waitFor({ state: 'detached' });
  await expect
    .poll(async () => (await apiGet<{ minutes: string | null }>(admin, `/api/meetings/${listed.id}`)).minutes)
    .toBe('到会居民一致同意本周六集中清理楼道杂物。');
  const recorded = await apiGet<{
    state: string;
    participants: { name: string; attended: boolean | null }[];
    decisions: { text: string; responsible: string; dueDate: string | null; itemId: string | null }[];
  }>(admin, `/api/meetings/${listed.id}`);
  expect(recorded.state).toBe('held');
  expect(recorded.participants.find((p) => p.name === '张大爷')?.attended).toBe(true);
  expect(recorded.participants.find((p) => p.name === '物业服务中心')?.attended).toBe(false);
  expect(recorded.decisions).toEqual([
    expect.objectContaining({
      text: '本周六上午集中清理楼道堆物',
      responsible: '物业服务中心',
      dueDate: '2099-06-06',
    }),
  ]);
  expect(recorded.decisions[0]!.itemId).not.toBeNull();
  await shot(admin, 'meetings-console-recorded.png');
}
