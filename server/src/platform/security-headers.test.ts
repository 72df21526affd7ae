import http from 'node:http';
import type { AddressInfo } from 'node:net';
import helmet from 'helmet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { helmetHeaders, SECURITY_OPTIONS } from './security-headers.ts';

/** What the HTTP server itself adds, not Helmet. */
const SERVER_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('are exactly what Helmet sets on a real response', async () => {
    const server = http.createServer((req, res) => helmet(SECURITY_OPTIONS)(req, res, () => res.end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const byHelmet = Object.fromEntries(
        [...response.headers.entries()].filter(([name]) => !SERVER_HEADERS.has(name)),
      );
      expect(helmetHeaders(SECURITY_OPTIONS)).toEqual(byHelmet);
    } finally {
      server.close();
    }
  });

  it('come with every answer: API, problem and page', async () => {
    for (const url of ['/api/health', '/api/people', '/no-such-page']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['strict-transport-security'], url).toMatch(/max-age=/);
      expect(response.headers['x-frame-options'], url).toBe('SAMEORIGIN');
    }
  });
});
