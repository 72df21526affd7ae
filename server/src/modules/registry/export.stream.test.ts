import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * `GET /api/people/export` streams: the file starts before its rows are all read, and the server
 * reads on only as fast as the client takes them. Observed through the export's own transaction
 * (one snapshot for the whole file): it stays open while a client that has the first bytes waits,
 * and closes when the file is done or the client goes away. No clocks: only the order of events.
 */

// Fifteen batches and more of the export's 2,000 rows.
const ROWS = 30_000;

let t: TestApp;
let admin: Session;
let base: string;
let total: number;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from people where retired_at is null`.execute(t.db);
  const copies = Math.ceil(Math.max(0, ROWS - rows[0].n) / Math.max(rows[0].n, 1));
  if (copies > 0) {
    await sql`
      insert into people (grid_code, house_id, name, id_number_enc, id_number_hash, id_number_mask,
                          birth_date, sex, phone_enc, phone_hash, phone_mask, residency)
      select grid_code, house_id, name, id_number_enc, md5(id::text || g), id_number_mask,
             birth_date, sex, phone_enc, phone_hash, phone_mask, residency
      from people, generate_series(1, ${copies}::int) g
      where retired_at is null`.execute(t.db);
  }
  total = (await t.as(admin, { method: 'GET', url: '/api/people?pageSize=1' })).json().total;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(() => t.close());

/** Transactions left open in the test's database: only an export holds one (its snapshot) between statements. */
async function openExports(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity
    where datname = current_database() and state like 'idle in transaction%'`.execute(t.db);
  return rows[0].n;
}

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function request(path: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    http.get(`${base}${path}`, { headers: { cookie: admin.cookie } }, resolve).on('error', reject);
  });
}

const firstChunk = (response: http.IncomingMessage) =>
  new Promise<Buffer>((resolve) =>
    response.once('data', (chunk: Buffer) => {
      response.pause();
      resolve(chunk);
    }),
  );

describe('streamed people export', () => {
  it('sends the first rows while the rest are still unread, and reads on as the client takes them', async () => {
    expect(total).toBeGreaterThanOrEqual(ROWS);
    // Injected rather than through a socket: loopback TCP buffers here hold up to 36 MB, more than
    // the whole file, which would hide whether the server waits for the client.
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/people/export?format=csv',
      headers: { cookie: admin.cookie },
      payloadAsStream: true,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const body = response.stream();
    const first = await new Promise<Buffer>((resolve) =>
      body.once('data', (chunk: Buffer) => {
        body.pause();
        resolve(chunk);
      }),
    );
    expect(first.subarray(0, 3).toString('utf8')).toBe('\ufeff');
    expect(first.toString('utf8')).toContain('姓名,身份证号,性别');

    // The client holds the first bytes and takes no more: the server has stopped reading, its
    // transaction still open, rather than reading every row into memory.
    await until(async () => (await openExports()) === 1, 'the export to wait for the client');
    await new Promise((r) => setTimeout(r, 500));
    expect(await openExports()).toBe(1);

    const chunks = [first];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.resume();
    await new Promise((r) => body.once('end', r));
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    expect(lines.length - 1).toBe(total);
    expect(lines.slice(1).every((l) => /\*{4}/.test(l))).toBe(true);
    await until(async () => (await openExports()) === 0, 'the export to end');

    const entry = await t.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'registry.export')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.detail).toMatchObject({ rows: total });
  }, 120_000);

  it('sends every row once in any order, the batch boundary included (timestamps to the microsecond)', async () => {
    for (const sort of ['-updatedAt', 'birthDate']) {
      const csv = await t.as(admin, { method: 'GET', url: `/api/people/export?format=csv&sort=${sort}` });
      expect(csv.statusCode).toBe(200);
      const lines = csv.body.trim().split('\n');
      expect(lines.length - 1, sort).toBe(total);
    }
  }, 120_000);

  it('ends its transaction when the client goes away mid-file, in either format', async () => {
    for (const format of ['csv', 'xlsx']) {
      const response = await request(`/api/people/export?format=${format}`);
      expect(response.statusCode).toBe(200);
      let ended = false;
      response.once('end', () => {
        ended = true;
      });
      await firstChunk(response);
      response.destroy();
      expect(ended).toBe(false);
      await until(async () => (await openExports()) === 0, `the ${format} export to end`);
    }
    // The pool has its connections back: the server still answers.
    expect((await t.as(admin, { method: 'GET', url: '/api/people?pageSize=1' })).statusCode).toBe(200);
  }, 120_000);
});
