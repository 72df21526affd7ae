import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateCameras } from '../server/src/modules/cameras/simulate.ts';
import { apiGet, DOCS_SCREENSHOTS, launchBrowser, logIn, newPage, startTestServer } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
let browser: Browser;
let page: Page;
let key: string;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  page = await newPage(browser);
  await logIn(page, server, 'admin', '/cameras/wall');
  // The video platform's key, issued by the administrator.
  key = (await page.evaluate(async () => {
    const { csrfToken } = await (await fetch('/api/auth/me')).json();
    const response = await fetch('/api/api-keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: '视频平台', scopes: ['cameras.alarm'] }),
    });
    return (await response.json()).key;
  })) as string;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.alloc(400, 90),
  Buffer.from([0xff, 0xd9]),
]);

describe('camera alarm wall', () => {
  it('shows simulated alarms live and confirms one into a case', async () => {
    await page.waitForSelector('[data-testid=wall-incidents]');
    await page.waitForSelector('[data-testid=camera-map][data-cameras]:not([data-cameras="0"])');
    // Traffic from the simulator (the demo's intelligent cameras), then one alarm of our own.
    const simulated = await simulateCameras({ url: server.url, key, rate: 10, seconds: 2 }, () => {});
    expect(simulated.failed).toBe(0);
    expect(simulated.sent.http).toBe(20);
    const pushed = await fetch(`${server.url}/api/camera-alarms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({
        camera: '44030500001320000007',
        type: 'construction_waste',
        eventId: 'e2e-1',
        score: 0.93,
        start: new Date().toISOString(),
        snapshot: JPEG.toString('base64'),
      }),
    });
    const result = (await pushed.json()).results[0];
    expect(['accepted', 'joined']).toContain(result.outcome);
    // It reaches the open page through the event stream, without a reload.
    const row = `[data-testid=wall-incident][data-incident-id="${result.incidentId}"]`;
    await page.waitForSelector(row, { timeout: 30_000 });
    await page.click(row);
    await page.waitForSelector('[data-testid=wall-snapshot]');
    await page.screenshot({ path: path.join(DOCS_SCREENSHOTS, 'cameras-alarm-wall.png') });
    await page.click('[data-testid=wall-confirm]');
    await page.waitForSelector(`${row}`, { state: 'detached', timeout: 30_000 });
    const incident = await apiGet<{ decision: string; caseId: string; caseNumber: string }>(
      page,
      `/api/camera-incidents/${result.incidentId}`,
    );
    expect(incident.decision).toBe('case');
    const kase = await apiGet<{ source: string; number: string }>(page, `/api/cases/${incident.caseId}`);
    expect(kase).toMatchObject({ source: 'camera', number: incident.caseNumber });
  }, 180_000);
});
