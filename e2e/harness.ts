import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { launchChromium } from './chromium.ts';

export const E2E_PASSWORD = 'e2e-Password-2026';
const root = path.resolve(import.meta.dirname, '..');

export interface TestServer {
  url: string;
  dataDir: string;
  accounts: { username: string; password: string; role: string; areaCode: string }[];
  stop(): Promise<void>;
}

/**
 * The real thing: `civicgrid serve` in a child process, on a DATA_DIR of its own (a copy of the
 * one global-setup.ts seeded with the demo district) with the embedded PostgreSQL, on a free port.
 * Its URL is read from the DATA_DIR lock file.
 */
export async function startTestServer(): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-e2e-'));
  // cp -a keeps owners and modes: the embedded PostgreSQL refuses a data directory it does not own.
  const copy = spawnSync('cp', ['-a', `${inject('e2eTemplate')}/.`, dataDir]);
  if (copy.status !== 0) throw new Error(`copying the demo DATA_DIR failed: ${copy.stderr}`);
  fs.chmodSync(dataDir, 0o755);
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'server/bin/civicgrid.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', DEMO_PASSWORD: E2E_PASSWORD, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const fail = async (message: string): Promise<never> => {
    child.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${message}:\n${output}`);
  };

  const lockFile = path.join(dataDir, 'civicgrid.lock');
  const deadline = Date.now() + 120_000;
  let url: string | undefined;
  while (!url) {
    if (child.exitCode !== null) await fail('civicgrid serve exited early');
    if (Date.now() > deadline) await fail('civicgrid serve did not come up in time');
    try {
      url = JSON.parse(fs.readFileSync(lockFile, 'utf8')).url;
    } catch {
      // not written yet
    }
    if (!url) await new Promise((r) => setTimeout(r, 200));
  }
  const accounts = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-accounts.json'), 'utf8')).map(
    (a: { username: string; role: string; areaCode: string }) => ({ ...a, password: E2E_PASSWORD }),
  );
  return {
    url,
    dataDir,
    accounts,
    async stop() {
      child.kill('SIGINT');
      await exited;
      // PostgreSQL removes its pid file last: until then it may still write (its shutdown checkpoint).
      const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
      for (let i = 0; i < 600 && fs.existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const SCREENSHOTS = path.join(root, 'e2e', 'screenshots');
// The README's pictures are refreshed only when asked (UPDATE_DOCS_SCREENSHOTS=1 npm test), so a
// test run leaves the tracked files alone.
export const DOCS_SCREENSHOTS = process.env.UPDATE_DOCS_SCREENSHOTS
  ? path.join(root, 'docs', 'screenshots')
  : SCREENSHOTS;

/** Chromium for a test, with the screenshot folders ready. */
export function launchBrowser(): Promise<Browser> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  return launchChromium();
}

/** The pages open now, photographed when a test fails (failure-screenshots.ts). */
export const openPages = new Set<Page>();

/** A page in a fresh context (its own cookies), desktop-sized, in Chinese; a page error fails the test. */
export async function newPage(browser: Browser, locale = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
  const page = await context.newPage();
  openPages.add(page);
  page.on('close', () => openPages.delete(page));
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

/** Signs in as a demo account through the login form, asking for `target` first (the form sends the user on). */
export async function logIn(page: Page, server: TestServer, username: string, target = '/login') {
  const account = server.accounts.find((a) => a.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  await page.goto(`${server.url}${target}`);
  await page.fill('[data-testid=login-username]', account.username);
  await page.fill('[data-testid=login-password]', account.password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=side-menu]');
  return account;
}

/** Calls the API with the page's session, as the app would. */
export function apiGet<T>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (target) => {
    const response = await fetch(target, { headers: { Accept: 'application/json' } });
    return response.json();
  }, url) as Promise<T>;
}

/** A write with the page's session and CSRF token, as the console makes it. */
export function apiSend<T>(page: Page, method: string, url: string, body: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const me = await (await fetch('/api/auth/me')).json();
      const response = await fetch(url, {
        method,
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': me.csrfToken,
          Accept: 'application/json',
        },
        body: JSON.stringify(body),
      });
      return response.json();
    },
    { method, url, body },
  ) as Promise<T>;
}

/**
 * Waits until the page's drawers and modals have finished opening or closing: none of Ant Design's
 * motion classes (`ant-drawer-panel-motion-right-enter-active`, `ant-zoom-appear`, …) left, and
 * every drawer's and modal's box unchanged over two animation frames, so a screenshot shows them
 * where they stay.
 */
export async function settled(page: Page) {
  // Checked on every animation frame; the predicate is synchronous (a promise would count as
  // truthy), so the boxes seen on the previous frame are kept on the window.
  await page.waitForFunction(
    () => {
      const selector = '.ant-drawer-content-wrapper, .ant-modal, .ant-drawer-mask, .ant-modal-mask';
      const moving = /(^|\s)\S*(-motion|-enter|-appear|-leave)(\s|-|$)/;
      const elements = [...document.querySelectorAll(selector)];
      const w = window as unknown as { __settledBoxes?: string };
      if (elements.some((e) => moving.test(e.className))) {
        w.__settledBoxes = undefined;
        return false;
      }
      const boxes = elements
        .map((e) => {
          const r = e.getBoundingClientRect();
          return `${r.x},${r.y},${r.width},${r.height},${getComputedStyle(e).opacity}`;
        })
        .join(';');
      const still = w.__settledBoxes === boxes;
      w.__settledBoxes = boxes;
      return still;
    },
    undefined,
    { polling: 'raf', timeout: 10_000 },
  );
}
