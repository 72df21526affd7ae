import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { insertDemoVouchers } from './disclosure.repository.ts';
import { activityPicture, storeDemoImages, voucherPicture } from './images.ts';
import { insertActivityPhotos } from './partners.repository.ts';

const COMMUNITY = '440305001001';
let t: TestApp;
let leader: Session;

beforeAll(async () => {
  t = await createTestApp();
  leader = await t.login((await buildUser(t.db, 'area_leader', COMMUNITY)).username);
}, 180_000);

afterAll(() => t?.close());

describe("the demo's generated pictures", () => {
  it('are small PNGs, the same bytes for the same seed, different between seeds', () => {
    const a = activityPicture(1);
    expect(a.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(a.equals(activityPicture(1))).toBe(true);
    expect(a.equals(activityPicture(2))).toBe(false);
    expect(voucherPicture(7).equals(voucherPicture(7))).toBe(true);
    expect(a.length).toBeLessThan(20_000);
    expect(voucherPicture(7).length).toBeLessThan(20_000);
  });

  it('become photos of a share of the pairing activities, served by the pairing routes', async () => {
    const dataDir = t.app.config.dataDir;
    const started = Date.now();
    const photos = await storeDemoImages(dataDir, 'activity', 8);
    expect(Date.now() - started).toBeLessThan(2000);
    await insertActivityPhotos(t.db, photos);
    const [{ activities }] = await t.db
      .selectFrom('pairing_activities')
      .select((eb) => eb.fn.countAll<number>().as('activities'))
      .execute();
    const files = await t.db
      .selectFrom('pairing_files')
      .select(['id', 'pairing_id', 'activity_id', 'sha256'])
      .where('activity_id', 'is not', null)
      .execute();
    expect(files.length).toBeGreaterThan(Number(activities) / 5);
    expect(files.length).toBeLessThan(Number(activities) * 0.6);
    const inside = await t.db
      .selectFrom('pairings')
      .select('id')
      .where('community_code', '=', COMMUNITY)
      .executeTakeFirstOrThrow();
    const file = files.find((f) => f.pairing_id === inside.id);
    expect(file).toBeDefined();
    const res = await t.as(leader, { method: 'GET', url: `/api/pairings/${inside.id}/files/${file!.id}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('image/png');
    // Run twice, nothing is added twice.
    await insertActivityPhotos(t.db, photos);
    const again = await t.db
      .selectFrom('pairing_files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('activity_id', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(again.n)).toBe(files.length);
  });

  it('become voucher scans of draft statements’ lines, served by the disclosure routes', async () => {
    const estate = await t.db
      .selectFrom('estates')
      .select('id')
      .where('community_code', '=', COMMUNITY)
      .where('committee_org_id', 'is not', null)
      .orderBy('name')
      .executeTakeFirstOrThrow();
    const line = (k: number) => ({
      direction: 'income',
      category: 'parking',
      amount: 100_00 + k,
      counterparty: '停车管理服务部',
      occurredOn: '2021-02-10',
    });
    const draft = await t.as(leader, {
      method: 'POST',
      url: '/api/disclosure/statements',
      payload: {
        estateId: estate.id,
        period: '2021-Q1',
        openingBalance: 0,
        closingBalance: 0,
        lines: Array.from({ length: 20 }, (_, k) => line(k)),
      },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const mark = new Date(Date.now() - 1000);
    await insertDemoVouchers(t.db, await storeDemoImages(t.app.config.dataDir, 'voucher', 8));
    const added = await t.db
      .selectFrom('disclosure_vouchers')
      .select(['id', 'statement_id'])
      .where('created_at', '>=', mark)
      .execute();
    // Only the draft's lines: the published statements are immutable.
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((v) => v.statement_id === draft.json().id)).toBe(true);
    const res = await t.as(leader, {
      method: 'GET',
      url: `/api/disclosure/statements/${draft.json().id}/vouchers/${added[0]!.id}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.rawPayload.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
