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

/** A camera's snapshot: a street scene drawn by the browser, as JPEG (base64). */
function snapshot(): Promise<string> {
  return page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 480;
    canvas.height = 270;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#9ca3af';
    g.fillRect(0, 0, 480, 270);
    g.fillStyle = '#4b5563';
    g.fillRect(0, 170, 480, 100);
    g.fillStyle = '#a16207';
    g.beginPath();
    g.moveTo(180, 200);
    g.lineTo(260, 120);
    g.lineTo(340, 200);
    g.fill();
    g.strokeStyle = '#dc2626';
    g.lineWidth = 4;
    g.strokeRect(170, 110, 180, 100);
    g.fillStyle = '#ffffff';
    g.font = '16px sans-serif';
    g.fillText('44030500001320000007  渣土撒漏 0.93', 12, 24);
    return canvas.toDataURL('image/jpeg', 0.85).split(',')[1];
  });
}

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
        snapshot: await snapshot(),
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
    await page.waitForSelector(row, { state: 'detached', timeout: 30_000 });
    const incident = await apiGet<{ decision: string; caseId: string; caseNumber: string }>(
      page,
      `/api/camera-incidents/${result.incidentId}`,
    );
    expect(incident.decision).toBe('case');
    const kase = await apiGet<{ source: string; number: string }>(page, `/api/cases/${incident.caseId}`);
    expect(kase).toMatchObject({ source: 'camera', number: incident.caseNumber });
  }, 180_000);
});
