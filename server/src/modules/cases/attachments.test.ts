import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { filesDir, MAX_ATTACHMENT_BYTES } from './attachments.ts';

/**
 * What docs/security.md promises about files and racing writes: a stored file changed on disk is
 * never served, an upload over 10 MB is a 413, and two identical uploads at once — or two people
 * created at once with one ID number — end in answers a client can act on, never a 500.
 */

let t: TestApp;
let worker: Session;
let gridCode: string;
let category: string;
beforeAll(async () => {
  t = await createTestApp();
  worker = await t.login('gw001');
  gridCode = worker.user.areaCode;
  category = (
    await t.db
      .selectFrom('case_categories')
      .select('code')
      .where('parent_code', 'is not', null)
      .orderBy('code')
      .executeTakeFirstOrThrow()
  ).code;
});
afterAll(() => t.close());

const png = (extra = '') =>
  Buffer.concat([
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    ),
    Buffer.from(extra),
  ]);

async function report(): Promise<string> {
  const r = await t.as(worker, {
    method: 'POST',
    url: '/api/cases',
    payload: { categoryCode: category, description: '附件测试', gridCode },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}

const upload = (caseId: string, bytes: Buffer, name = 'photo.png') =>
  t.as(worker, {
    method: 'POST',
    url: `/api/cases/${caseId}/attachments?fileName=${name}`,
    headers: { 'content-type': 'image/png' },
    payload: bytes,
  });

describe('attachments', () => {
  it('refuses to serve a file whose bytes changed on disk since it was stored', async () => {
    const id = await report();
    const up = await upload(id, png('changed-on-disk'));
    expect(up.statusCode, up.body).toBe(201);
    const { id: fileId, sha256 } = up.json();
    const stored = `${filesDir(t.app.config.dataDir)}/${sha256.slice(0, 2)}/${sha256}`;
    await fs.promises.chmod(stored, 0o644).catch(() => {});
    await fs.promises.appendFile(stored, 'tampered');
    const down = await t.as(worker, { method: 'GET', url: `/api/cases/${id}/attachments/${fileId}` });
    expect(down.statusCode).toBe(500);
    expect(down.json().code).toBe('internal');
    expect(down.body).not.toContain('tampered');
  });

  it('answers 413 to an upload over 10 MB', async () => {
    const id = await report();
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1024, 0);
    png().copy(big);
    const r = await upload(id, big);
    expect(r.statusCode).toBe(413);
    expect(r.json().code).toBeTypeOf('string');
  });

  it('stores two identical uploads sent at once without a 500', async () => {
    const id = await report();
    const bytes = png('same-bytes-twice');
    const answers = await Promise.all([upload(id, bytes, 'a.png'), upload(id, bytes, 'b.png')]);
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201]);
    expect(new Set(answers.map((a) => a.json().sha256)).size).toBe(1);
    for (const a of answers) {
      const down = await t.as(worker, { method: 'GET', url: `/api/cases/${id}/attachments/${a.json().id}` });
      expect(down.statusCode).toBe(200);
      expect(down.rawPayload.equals(bytes)).toBe(true);
    }
  });
});

describe('racing creates', () => {
  it('answers 201 and 409 to two people created at once with one ID number', async () => {
    const first17 = '44030519991231077';
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
    const idNumber = first17 + '10X98765432'[sum % 11];
    const create = (name: string) =>
      t.as(worker, {
        method: 'POST',
        url: '/api/people',
        payload: { name, idNumber, residency: 'registered', gridCode },
      });
    const answers = await Promise.all([create('并发甲'), create('并发乙')]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.statusCode === 409)?.json().code).toBe('person_exists');
  });

  it('answers 201 and 409 to two houses created at once with one room', async () => {
    const building = await t.db
      .selectFrom('buildings')
      .select('id')
      .where('grid_code', '=', gridCode)
      .where('retired_at', 'is', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const create = () =>
      t.as(worker, {
        method: 'POST',
        url: '/api/houses',
        payload: { buildingId: building.id, room: '并发-101', usage: 'vacant' },
      });
    const answers = await Promise.all([create(), create()]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.statusCode === 409)?.json().code).toBe('house_exists');
  });
});
