import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../platform/auth/permissions.ts';
import { buildUser } from './factories.ts';
import { createTestApp, type Session, type TestApp } from './harness.ts';

/**
 * One answer for an area outside the caller's: every route of the OpenAPI document that takes an
 * `areaCode` in its query answers 404 `area_not_found` for a community next to the caller's, as
 * for one that does not exist. The routes are read from the document, so a new route is covered
 * the day it is added.
 */
const INSIDE = '440305001001';
const OUTSIDE = '440305001002';
/** Tried in turn: the first that may use the route at all answers for it. */
const CALLERS: Role[] = ['district_admin', 'area_leader', 'command_operator', 'grid_worker', 'party_admin'];
/** Values for the other query parameters a route requires. */
const REQUIRED: Record<string, string> = { year: '2026', month: '2026-11', format: 'xlsx' };

type Operation = {
  parameters?: { in: string; name: string; required?: boolean; schema?: { default?: unknown } }[];
};

let t: TestApp;
const sessions = new Map<Role, Session>();
beforeAll(async () => {
  t = await createTestApp();
  const grid = await t.db
    .selectFrom('areas')
    .select('code')
    .where('parent_code', '=', INSIDE)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  for (const role of CALLERS) {
    const user = await buildUser(t.db, role, role === 'grid_worker' ? grid.code : INSIDE);
    sessions.set(role, await t.login(user.username));
  }
});
afterAll(() => t.close());

/** `GET path` → the query it is asked with: the outside area and the other required parameters. */
function routesTakingAnArea(): Map<string, Record<string, string>> {
  const doc = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
  const routes = new Map<string, Record<string, string>>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    const query = (methods.get?.parameters ?? []).filter((p) => p.in === 'query');
    if (!query.some((p) => p.name === 'areaCode')) continue;
    const values: Record<string, string> = { areaCode: OUTSIDE };
    for (const p of query.filter(
      (q) => q.required && q.schema?.default === undefined && q.name !== 'areaCode',
    )) {
      const value = REQUIRED[p.name];
      if (value === undefined) throw new Error(`GET ${path} requires ${p.name}: add a value to REQUIRED`);
      values[p.name] = value;
    }
    routes.set(`GET ${path}`, values);
  }
  return routes;
}

describe('an area outside the caller’s scope', () => {
  it('is found on the routes that take one', () => {
    expect(routesTakingAnArea().size).toBeGreaterThan(15);
  });

  it('is answered 404 area_not_found on every route that takes one', async () => {
    const wrong: string[] = [];
    for (const [route, query] of routesTakingAnArea()) {
      const url = route.split(' ')[1]!.replace('{code}', 'ps_registered_population');
      let answered = false;
      for (const role of CALLERS) {
        const response = await t.as(sessions.get(role)!, { method: 'GET', url, query });
        if (response.statusCode === 403) continue;
        answered = true;
        const json = String(response.headers['content-type']).includes('json');
        const code = json ? response.json().code : undefined;
        if (response.statusCode !== 404 || code !== 'area_not_found')
          wrong.push(`${route} as ${role}: ${response.statusCode} ${code ?? response.body.slice(0, 80)}`);
        break;
      }
      if (!answered) wrong.push(`${route}: no caller may use it`);
    }
    expect(wrong).toEqual([]);
  });
});
