import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
}, 120_000);
afterAll(async () => t?.close());

describe("the demo's estates", () => {
  it('groups the compounds’ buildings into estates with their committee and property company', async () => {
    const { rows } = await sql<Record<string, number>>`
      select count(*)::int as estates,
        count(committee_org_id)::int as committees,
        count(property_org_id)::int as companies,
        (select count(*)::int from estate_buildings) as buildings,
        (select count(*)::int from estates e where not exists
           (select 1 from estate_buildings b where b.estate_id = e.id)) as empty
      from estates`.execute(t.db);
    const row = rows[0]!;
    expect(row.estates).toBeGreaterThan(10);
    expect(row.committees).toBeGreaterThan(0);
    expect(row.companies).toBeGreaterThan(0);
    expect(row.buildings).toBeGreaterThan(row.estates);
    expect(row.empty).toBe(0);
  });

  it('gives every house a floor area in hundredths of m² and at least one owner; some houses have two', async () => {
    const { rows } = await sql<Record<string, number>>`
      select count(*)::int as houses,
        count(*) filter (where not exists (select 1 from house_owners o where o.house_id = h.house_id))::int as ownerless,
        count(*) filter (where (select count(*) from house_owners o where o.house_id = h.house_id) = 2)::int as co_owned,
        count(*) filter (where h.floor_area % 100 <> 0)::int as fractional
      from estate_houses h`.execute(t.db);
    const row = rows[0]!;
    expect(row.houses).toBeGreaterThan(100);
    expect(row.ownerless).toBe(0);
    expect(row.co_owned).toBeGreaterThan(0);
    expect(row.fractional).toBeGreaterThan(0);
  });
});
