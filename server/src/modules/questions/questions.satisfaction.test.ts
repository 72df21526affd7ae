import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
}, 120_000);
afterAll(async () => t?.close());

describe('satisfaction', () => {
  it("shows the demo's ratings of answers and cases per area and answerer, with comments", async () => {
    const admin = await t.login('admin');
    const res = await t.as(admin, { method: 'GET', url: '/api/questions/satisfaction' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.areas.length).toBeGreaterThan(0);
    expect(body.areas.some((a: { answers: unknown }) => a.answers !== null)).toBe(true);
    for (const a of body.areas) {
      for (const r of [a.answers, a.cases].filter(Boolean)) {
        expect(r.average).toBeGreaterThanOrEqual(1);
        expect(r.average).toBeLessThanOrEqual(5);
        expect(r.low).toBeLessThanOrEqual(r.rated);
      }
    }
    expect(body.answerers.some((a: { kind: string }) => a.kind === 'deputy')).toBe(true);
    expect(body.answerers.some((a: { kind: string }) => a.kind === 'department')).toBe(true);
    expect(
      body.comments.some((c: { kind: string; comment: string }) => c.kind === 'answer' && c.comment),
    ).toBe(true);
  });

  it("keeps to the caller's area: a community leader sees only their community", async () => {
    const leader = await t.login('community.leader');
    const res = await t.as(leader, { method: 'GET', url: '/api/questions/satisfaction' });
    expect(res.statusCode, res.body).toBe(200);
    for (const a of res.json().areas) expect(a.areaCode).toBe(leader.user.areaCode);
    const outside = await t.as(leader, {
      method: 'GET',
      url: '/api/questions/satisfaction',
      query: { areaCode: leader.user.areaCode.replace(/\d$/, (d) => String((Number(d) + 1) % 10)) },
    });
    expect(outside.statusCode).toBe(404);
  });
});
