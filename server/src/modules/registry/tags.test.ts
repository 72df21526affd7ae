import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

describe('focus-group tag settings', () => {
  it('gives administrators every tag with both names, its roles and its order', async () => {
    const saved = await t.as(admin, {
      method: 'PUT',
      url: '/api/tags/settings_check',
      payload: { nameZh: '设置检查', nameEn: 'settings check', visibleTo: ['grid_worker'], sort: 7 },
    });
    expect(saved.statusCode).toBe(200);

    const settings = await t.as(admin, { method: 'GET', url: '/api/tags/settings' });
    expect(settings.statusCode).toBe(200);
    const items: { code: string; sort: number }[] = settings.json().items;
    expect(items).toContainEqual({
      code: 'settings_check',
      nameZh: '设置检查',
      nameEn: 'settings check',
      visibleTo: ['grid_worker'],
      sort: 7,
    });
    // Admins see tags hidden from their own role too: they keep them.
    const visibleToAdmin = (await t.as(admin, { method: 'GET', url: '/api/tags' })).json().items;
    expect(items.length).toBeGreaterThan(visibleToAdmin.length);
    expect(items.map((tag) => tag.sort)).toEqual([...items.map((tag) => tag.sort)].sort((a, b) => a - b));
  });

  it('is refused to anyone who may not change tags', async () => {
    for (const username of ['gw001', 'operator']) {
      const session = await t.login(username);
      expect((await t.as(session, { method: 'GET', url: '/api/tags/settings' })).statusCode).toBe(403);
    }
    expect((await t.as(null, { method: 'GET', url: '/api/tags/settings' })).statusCode).toBe(401);
  });
});
