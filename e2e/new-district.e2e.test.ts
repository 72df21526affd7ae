import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gaussKrugerDefinition } from '../server/src/geo/projections.ts';
import { totpAt } from '../server/src/platform/auth/totp.ts';
import { writeShapefile } from '../server/src/test/shapefile-writer.ts';
import { apiGet, DOCS_SCREENSHOTS, launchBrowser } from './harness.ts';

/**
 * Issue 17's afternoon, on an empty production DATA_DIR: the setup URL the server prints → the
 * district and its administrator (with the authenticator) → the map from a Shapefile in CGCS2000
 * zone 40 with GBK names → a department and a routing rule → grid workers and a handler from a
 * CSV → a grid worker's first login at /field (temporary password changed) and a case in their
 * grid → registered and dispatched to the new department, in its handler's inbox.
 * With UPDATE_DOCS_SCREENSHOTS=1 the pictures of docs/new-district.md are refreshed.
 */

const root = path.resolve(import.meta.dirname, '..');
const ADMIN = { username: 'xihu_admin', name: '王管理', password: 'Xihu-District-2026!' };
const DISTRICT = { code: '330106', name: '西湖区', area: '330106000000' };
const STREET = '330106001000';
const GRID = '330106001001001';
const WORKER_PASSWORD = 'Gw-Xixi-Street-2026';

let dataDir: string;
let server: ChildProcess;
let serverOutput = '';
let setupUrl: string;
let origin: string;
let browser: Browser;
let work: string;
let shot = 0;

/** docs/screenshots/new-district-<n>-<step>.png (e2e/screenshots/ unless UPDATE_DOCS_SCREENSHOTS). */
async function screenshot(page: Page, step: string) {
  shot += 1;
  // Toasts ("已新增", "已派遣") fade by themselves: the picture is taken without them.
  await page.waitForSelector('.ant-message-notice', { state: 'detached' });
  const n = String(shot).padStart(2, '0');
  await page.screenshot({ path: path.join(DOCS_SCREENSHOTS, `new-district-${n}-${step}.png`) });
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-e2e-new-'));
  fs.chmodSync(dataDir, 0o755);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-e2e-new-files-'));
  // The embedded PostgreSQL in DATA_DIR, whatever the caller's environment says.
  const { DATABASE_URL: _unused, ...env } = process.env;
  server = spawn(process.execPath, [path.join(root, 'server/bin/civicgrid.js'), 'serve'], {
    cwd: root,
    env: {
      ...env,
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (d) => {
    serverOutput += d;
  });
  // The URL is printed on standard error, in a framed block, before "Press Ctrl-C".
  setupUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no setup URL:\n${serverOutput}`)), 150_000);
    server.stderr?.on('data', (d) => {
      serverOutput += d;
      const found = /(http:\/\/\S+\/setup\?token=\S+)/.exec(serverOutput);
      if (found && serverOutput.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    server.once('exit', (code) => reject(new Error(`serve exited ${code}:\n${serverOutput}`)));
  });
  origin = new URL(setupUrl).origin;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGINT');
    await exited;
  }
  // PostgreSQL removes its pid file last: until then it may still write.
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  for (let i = 0; i < 600 && fs.existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

async function desktop(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return { context, page };
}

// A 3×3 lattice of points around 120.12°E 30.28°N (Hangzhou): the street is the lattice, each
// community a half, each grid a quarter. Shared edges use the same points, so they meet exactly.
const lon = [120.1, 120.12, 120.14];
const lat = [30.26, 30.28, 30.3];
const ring = (points: [number, number][]) => [...points, points[0]];
const box = (x0: number, x1: number, y0: number, y1: number): [number, number][] => {
  const points: [number, number][] = [];
  for (let i = x0; i <= x1; i++) points.push([lon[i], lat[y0]]);
  for (let j = y0 + 1; j <= y1; j++) points.push([lon[x1], lat[j]]);
  for (let i = x1 - 1; i >= x0; i--) points.push([lon[i], lat[y1]]);
  for (let j = y1 - 1; j > y0; j--) points.push([lon[x0], lat[j]]);
  return points;
};
const AREAS = [
  {
    code: DISTRICT.area,
    name: '西湖区',
    level: '区',
    ring: ring([
      [120.06, 30.22],
      [120.18, 30.22],
      [120.18, 30.34],
      [120.06, 30.34],
    ]),
  },
  { code: STREET, name: '西溪街道', level: '街道', ring: ring(box(0, 2, 0, 2)) },
  { code: '330106001001', name: '保俶塔社区', level: '社区', ring: ring(box(0, 1, 0, 2)) },
  { code: '330106001002', name: '古荡社区', level: '社区', ring: ring(box(1, 2, 0, 2)) },
  { code: '330106001001001', name: '保俶塔社区第一网格', level: '网格', ring: ring(box(0, 1, 0, 1)) },
  { code: '330106001001002', name: '保俶塔社区第二网格', level: '网格', ring: ring(box(0, 1, 1, 2)) },
  { code: '330106001002001', name: '古荡社区第一网格', level: '网格', ring: ring(box(1, 2, 0, 1)) },
  { code: '330106001002002', name: '古荡社区第二网格', level: '网格', ring: ring(box(1, 2, 1, 2)) },
];
// CGCS2000 3° Gauss–Krüger zone 40 (central meridian 120°E, zone number in the easting): EPSG:4528.
const ZONE_40_PRJ =
  'PROJCS["CGCS2000_3_Degree_GK_Zone_40",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",40500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** The boundaries as the surveying office delivers them: a zipped Shapefile, GBK names, a .prj. */
function boundariesZip(): string {
  const zone40 = gaussKrugerDefinition(4528);
  const { shp, shx, dbf } = writeShapefile(
    AREAS.map((a) => ({
      rings: [a.ring.map((p) => proj4('WGS84', zone40, p))],
      attributes: { XZQDM: a.code, XZQMC: a.name, CJ: a.level },
    })),
    'gbk',
  );
  const file = path.join(work, '西湖区边界.zip');
  fs.writeFileSync(
    file,
    zipSync({
      '边界/西湖区边界.shp': shp,
      '边界/西湖区边界.shx': shx,
      '边界/西湖区边界.dbf': dbf,
      '边界/西湖区边界.prj': strToU8(ZONE_40_PRJ),
    }),
  );
  return file;
}

/** Chooses an option of an Ant Design select by typing part of its label. */
async function choose(page: Page, testId: string, text: string) {
  await page.click(`[data-testid=${testId}]`);
  await page.keyboard.type(text);
  await page.click(`.ant-select-dropdown:visible .ant-select-item-option[title*="${text}"]`);
}

describe('a new district in an afternoon', () => {
  it('goes from the setup URL to a grid worker’s case dispatched to a new department', async () => {
    // Without the right token the page is not found, also as an HTTP status.
    const wrong = await fetch(`${origin}/setup?token=wrong`);
    expect(wrong.status).toBe(404);
    expect(wrong.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${origin}/setup`)).status).toBe(404);
    expect((await fetch(setupUrl)).status).toBe(200);

    // 1. The setup page: the district and its first administrator.
    const { page: admin } = await desktop();
    const answer = await admin.goto(setupUrl);
    expect(answer?.status()).toBe(200);
    await admin.fill('[data-testid=setup-districtCode]', DISTRICT.code);
    await admin.fill('[data-testid=setup-districtName]', DISTRICT.name);
    await admin.fill('[data-testid=setup-adminUsername]', ADMIN.username);
    await admin.fill('[data-testid=setup-adminName]', ADMIN.name);
    await admin.fill('[data-testid=setup-password]', ADMIN.password);
    await admin.fill('[data-testid=setup-passwordConfirmation]', ADMIN.password);
    await screenshot(admin, 'setup');
    await admin.click('[data-testid=setup-submit]');
    const secret = ((await admin.textContent('[data-testid=setup-totp-secret]')) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await admin.textContent('[data-testid=setup-done]')).toContain('西湖区');
    await screenshot(admin, 'setup-done');
    // The link is spent.
    expect((await fetch(setupUrl)).status).toBe(404);

    // 2. The first login: the password, then the authenticator enrolment with the secret shown.
    await admin.click('[data-testid=setup-to-login]');
    await admin.fill('[data-testid=login-username]', ADMIN.username);
    await admin.fill('[data-testid=login-password]', ADMIN.password);
    await admin.click('[data-testid=login-submit]');
    await admin.click('[data-testid=totp-setup]');
    const shown = ((await admin.textContent('[data-testid=totp-secret]')) ?? '').replace(/\s/g, '');
    expect(shown).toBe(secret);
    await admin.fill('[data-testid=totp-code]', totpAt(secret, new Date()));
    await screenshot(admin, 'totp');
    await admin.click('[data-testid=totp-submit]');
    await admin.waitForSelector('[data-testid=side-menu]');

    // 3. The map: the Shapefile, previewed (zone 40 from the .prj, GBK names), then imported.
    await admin.goto(`${origin}/areas`);
    await admin.click('[data-testid=import-open]');
    await admin.setInputFiles('.ant-modal input[type=file]', boundariesZip());
    await admin.waitForSelector('[data-testid=import-preview-map] canvas');
    const detected = (await admin.textContent('[data-testid=import-preview]')) ?? '';
    expect(detected).toContain('8 个要素');
    expect(detected).toContain('EPSG:4528');
    expect(detected).toContain('GBK');
    expect(await admin.textContent('[data-testid=import-map-name]')).toContain('XZQMC');
    expect(await admin.textContent('[data-testid=import-map-level]')).toContain('CJ');
    await screenshot(admin, 'map-preview');
    await admin.click('[data-testid=import-commit]');
    await admin.waitForSelector('[data-testid=import-outcome] .ant-result-success');
    expect(await admin.textContent('[data-testid=import-outcome]')).toMatch(/新建\D*7/);
    await admin.keyboard.press('Escape');
    await admin.waitForSelector(`[data-testid=tree-${STREET}]`);
    // The electronic map opens on the district's new boundary, with the four grids.
    await admin.goto(`${origin}/map`);
    await admin.waitForSelector('[data-testid=map][data-grids-drawn]');
    await admin.waitForFunction(
      () =>
        new Promise<boolean>((resolve) => {
          const map = window.__cgMap;
          if (!map) return resolve(false);
          const before = `${map.getCenter().toString()} ${map.getZoom()}`;
          setTimeout(() => resolve(before === `${map.getCenter().toString()} ${map.getZoom()}`), 250);
        }),
    );
    await screenshot(admin, 'map');

    // 4. The department, and a rule sending water leaks anywhere in the district to it.
    await admin.goto(`${origin}/case-catalog`);
    await admin.click('[data-testid=department-create]');
    const form = admin.getByTestId('department-form');
    await form.getByTestId('department-code').fill('water_affairs');
    await form.getByTestId('department-nameZh').fill('区水务局');
    await form.getByTestId('department-nameEn').fill('District Water Affairs Bureau');
    await form.getByTestId('department-submit').click();
    await admin.waitForSelector('[data-testid=department-edit-water_affairs]');
    await choose(admin, 'rule-category', '供水管道漏水');
    await admin.fill('[data-testid=rule-area]', DISTRICT.area);
    await choose(admin, 'rule-department', '区水务局');
    await admin.click('[data-testid=rule-add]');
    await admin.waitForSelector('[data-testid=rules-table] .ant-table-row:has-text("区水务局")');
    await admin.locator('[data-testid=department-edit-water_affairs]').scrollIntoViewIfNeeded();
    await screenshot(admin, 'department');

    // 5. The accounts: grid workers for the four grids and a handler of the new department.
    const csv = path.join(work, '西溪街道账号.csv');
    fs.writeFileSync(
      csv,
      [
        '用户名,姓名,角色,区划代码,部门,手机',
        `xixi.gw01,张晓明,网格员,${GRID},,13900001001`,
        'xixi.gw02,李红,网格员,330106001001002,,13900001002',
        'xixi.gw03,王磊,网格员,330106001002001,,13900001003',
        'xixi.gw04,赵敏,网格员,330106001002002,,13900001004',
        `xihu.water,陈水务,职能部门处置人员,${DISTRICT.area},water_affairs,13900002001`,
      ].join('\n'),
    );
    await admin.goto(`${origin}/users`);
    await admin.click('[data-testid=user-import]');
    await admin.setInputFiles('.ant-modal input[type=file]', csv);
    await admin.click('[data-testid=import-run]');
    await admin.waitForSelector('[data-testid=import-download]');
    await screenshot(admin, 'accounts');
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.click('[data-testid=import-download]'),
    ]);
    const xlsx = path.join(work, download.suggestedFilename());
    await download.saveAs(xlsx);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const passwords = new Map<string, string>();
    book.worksheets[0].eachRow((row, n) => {
      if (n > 1) passwords.set(String(row.getCell(1).value), String(row.getCell(5).value));
    });
    expect([...passwords.keys()].sort()).toEqual([
      'xihu.water',
      'xixi.gw01',
      'xixi.gw02',
      'xixi.gw03',
      'xixi.gw04',
    ]);

    // 6. The grid worker's first login on the phone: the temporary password is changed first.
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      permissions: ['geolocation'],
    });
    const gw = await phone.newPage();
    gw.on('pageerror', (error) => {
      throw error;
    });
    await gw.goto(`${origin}/field`);
    await gw.fill('[data-testid=login-username]', 'xixi.gw01');
    await gw.fill('[data-testid=login-password]', passwords.get('xixi.gw01')!);
    await gw.click('[data-testid=login-submit]');
    await gw.fill('[data-testid=password-current]', passwords.get('xixi.gw01')!);
    await gw.fill('[data-testid=password-new]', WORKER_PASSWORD);
    await gw.fill('[data-testid=password-again]', WORKER_PASSWORD);
    await screenshot(gw, 'field-password');
    await gw.click('[data-testid=password-submit]');
    await gw.waitForSelector('[data-testid=tab-report]');

    // 7. A case in the grid: the phone stands in the middle of 保俶塔社区第一网格.
    await phone.setGeolocation({ longitude: 120.11, latitude: 30.27, accuracy: 10 });
    await gw.click('[data-testid=tab-report]');
    await gw.waitForSelector('[data-testid=category-parent] option[value=facilities]', { state: 'attached' });
    await gw.waitForSelector('[data-testid=location]:has-text("±")');
    await gw.selectOption('[data-testid=category-parent]', 'facilities');
    await gw.selectOption('[data-testid=category]', 'water_leak');
    const text = '文三路保俶塔社区门口供水管道漏水，路面积水';
    await gw.fill('[data-testid=description]', text);
    await screenshot(gw, 'field-report');
    await gw.click('[data-testid=report-submit]');
    // The report goes through the phone's outbox: queued, then sent while online.
    await gw.waitForSelector('[data-testid=toast]');
    await expect
      .poll(
        async () =>
          (await apiGet<{ total: number }>(admin, `/api/cases?q=${encodeURIComponent(text)}`)).total,
        { timeout: 30_000, interval: 250 },
      )
      .toBe(1);
    const {
      items: [reported],
    } = await apiGet<{ items: { id: string; gridCode: string }[] }>(
      admin,
      `/api/cases?q=${encodeURIComponent(text)}`,
    );
    expect(reported.gridCode).toBe(GRID);

    // 8. The administrator (the command centre's role here) registers it and dispatches it: the
    // rule has already chosen the new department.
    await admin.goto(`${origin}/inbox/${reported.id}`);
    await act(admin, 'register', 'registered');
    await act(admin, 'dispatch', 'dispatched', async () => {
      await admin.waitForSelector('[data-testid=case-form-department] .ant-select-content >> text=区水务局');
      expect(await admin.locator('[data-testid=case-form-override-reason]').count()).toBe(0);
    });
    const dispatched = await apiGet<{ state: string; departmentCode: string }>(
      admin,
      `/api/cases/${reported.id}`,
    );
    expect(dispatched).toMatchObject({ state: 'dispatched', departmentCode: 'water_affairs' });
    expect(await admin.textContent('[data-testid=case-timeline]')).toContain('区水务局');
    await screenshot(admin, 'dispatched');

    // 9. The department's handler (imported in step 5) finds it in their inbox.
    const { page: handler } = await desktop();
    await handler.goto(`${origin}/login`);
    await handler.fill('[data-testid=login-username]', 'xihu.water');
    await handler.fill('[data-testid=login-password]', passwords.get('xihu.water')!);
    await handler.click('[data-testid=login-submit]');
    await handler.waitForSelector('[data-testid=account-forced]');
    await handler.fill('#currentPassword', passwords.get('xihu.water')!);
    await handler.fill('#newPassword', 'Water-Affairs-2026!');
    await handler.fill('#confirm', 'Water-Affairs-2026!');
    await handler.click('[data-testid=password-submit]');
    await handler.waitForSelector('[data-testid=side-menu]');
    await handler.goto(`${origin}/inbox`);
    await handler.waitForSelector(`[data-testid=inbox-table] .ant-table-row:has-text("${text.slice(0, 8)}")`);
    await screenshot(handler, 'handler-inbox');
  });
});

/** Makes one move on the open case through its form and waits for the new state (as cases.e2e). */
async function act(page: Page, action: string, state: string, fill?: () => Promise<void>) {
  await page.click(`[data-testid=case-action-${action}]`);
  await page.waitForSelector(`[data-testid=case-form-${action}]`);
  await fill?.();
  await page.click('[data-testid=case-form-submit]');
  const landed = `[data-testid=case-body][data-state=${state}]`;
  const shown = await page.waitForSelector(
    `${landed}, [data-testid=case-form-error], [data-testid=case-notice]`,
  );
  if (!(await shown.evaluate((e, s) => e.matches(s), landed)))
    throw new Error(`${action} did not reach ${state}: ${await shown.textContent()}`);
  await page.waitForSelector(`[data-testid=case-form-${action}]`, { state: 'detached' });
}
