import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp, testPii } from '../../test/harness.ts';
import { LogSmsSender } from './sms.ts';

const COMMUNITY = '440305001001';
const SECRET = 'test-gateway-secret-0123456789';
let t: TestApp;
let admin: Session;
let gateway: http.Server;
const texts: { to: string; text: string }[] = [];
let person: { name: string; idNumber: string; phone: string; grid: string };
let addressSerial = 0;

/** Each call from its own address unless told: the per-address limit is tested on its own. */
function post(
  url: string,
  payload: unknown,
  address = `10.88.${++addressSerial >> 8}.${addressSerial & 255}`,
) {
  return t.app.inject({ method: 'POST', url, payload: payload as object, remoteAddress: address });
}

/** A valid mainland ID number (GB 11643 check digit) born 1990-03-07. */
function idNumber(serial: number): string {
  const body = `11010519900307${String(serial).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}
const identity = () => ({ name: person.name, idNumber: person.idNumber, phone: person.phone });

const lastCode = () => /(\d{6})/.exec(texts.at(-1)!.text)![1];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  gateway = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const expected = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      if (req.headers['x-civicgrid-signature'] !== expected) {
        res.statusCode = 401;
        return res.end();
      }
      texts.push(JSON.parse(body));
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const port = (gateway.address() as AddressInfo).port;
  const put = await t.as(admin, {
    method: 'PUT',
    url: '/api/settings/sms',
    payload: { url: `http://127.0.0.1:${port}/sms`, secret: SECRET },
  });
  expect(put.statusCode, put.body).toBe(200);
  expect(put.json()).toEqual({ url: `http://127.0.0.1:${port}/sms`, hasSecret: true });
  const row = await t.db
    .selectFrom('people')
    .select(['name', 'id_number_enc', 'phone_enc', 'grid_code'])
    .where('grid_code', 'like', `${COMMUNITY}%`)
    .where('phone_enc', 'is not', null)
    .where('retired_at', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  person = {
    name: row.name,
    idNumber: testPii.decrypt(row.id_number_enc),
    phone: testPii.decrypt(row.phone_enc!),
    grid: row.grid_code,
  };
}, 120_000);

afterAll(async () => {
  gateway?.close();
  await t?.close();
});

describe('resident sign-up against the registry', () => {
  it('signs up a registered person: the code goes through the signed webhook, the account is bound to their grid', async () => {
    const started = await post('/api/resident-signup', {
      ...identity(),
      username: 'resident.one',
      password: 'Green-Tea-2026',
    });
    expect(started.statusCode, started.body).toBe(201);
    expect(texts.at(-1)!.to).toBe(person.phone);
    const wrong = await post(`/api/resident-signup/${started.json().signupId}/verify`, {
      code: '000000' === lastCode() ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(422);
    const done = await post(`/api/resident-signup/${started.json().signupId}/verify`, { code: lastCode() });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ state: 'done', username: 'resident.one' });
    const session = await t.login('resident.one', 'Green-Tea-2026');
    expect(session.user).toMatchObject({ role: 'resident', areaCode: person.grid });
    // The code works once.
    const again = await post(`/api/resident-signup/${started.json().signupId}/verify`, { code: lastCode() });
    expect(again.statusCode).toBe(404);
  });

  it('answers a mismatch the same way whichever of name, ID and phone is wrong', async () => {
    const tries = [
      { ...identity(), name: `${person.name}某` },
      { ...identity(), phone: person.phone === '13900000000' ? '13900000001' : '13900000000' },
      { ...identity(), idNumber: idNumber(1) },
    ];
    const answers = [];
    for (const body of tries) {
      const res = await post('/api/resident-signup', {
        ...body,
        username: 'resident.two',
        password: 'Green-Tea-2026',
      });
      answers.push({ status: res.statusCode, code: res.json().code, detail: res.json().detail });
    }
    expect(answers[0]).toMatchObject({ status: 422, code: 'signup_no_match' });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('limits tries per phone, per ID number and per address', async () => {
    const tryWith = (over: Record<string, string>, address?: string) =>
      post(
        '/api/resident-signup',
        { ...identity(), name: '不对', username: 'resident.x', password: 'Green-Tea-2026', ...over },
        address,
      );
    // Per phone: the sixth try within the hour is refused, from any address.
    const phone = '13700001234';
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await tryWith({ phone, idNumber: idNumber(2) })).statusCode);
    expect(statuses).toEqual([422, 422, 422, 422, 422, 429]);
    // Per ID number, with a new phone each time.
    const idStatuses = [];
    for (let i = 0; i < 6; i++)
      idStatuses.push((await tryWith({ phone: `1360000${1000 + i}`, idNumber: idNumber(3) })).statusCode);
    expect(idStatuses.at(-1)).toBe(429);
    // Per address, with new phones and IDs.
    let last = 0;
    for (let i = 0; i < 21; i++)
      last = (await tryWith({ phone: `1350000${1000 + i}`, idNumber: idNumber(100 + i) }, '10.99.0.1'))
        .statusCode;
    expect(last).toBe(429);
  });

  it('takes an application from someone not in the registry; a grid worker of the community approves it', async () => {
    const started = await post('/api/resident-applications', {
      name: '新住户',
      idNumber: idNumber(4),
      phone: '13312345678',
      username: 'newcomer',
      password: 'Blue-Sky-2026',
      communityCode: COMMUNITY,
      address: '幸福路 1 号 2 栋 301',
    });
    expect(started.statusCode, started.body).toBe(201);
    const verified = await post(`/api/resident-signup/${started.json().signupId}/verify`, {
      code: lastCode(),
    });
    expect(verified.json()).toEqual({ state: 'awaiting_approval', username: 'newcomer' });
    const worker = await t.login((await buildUser(t.db, 'grid_worker', person.grid)).username);
    const list = await t.as(worker, { method: 'GET', url: '/api/resident-applications' });
    expect(list.statusCode, list.body).toBe(200);
    const app = list.json().find((a: { username: string }) => a.username === 'newcomer');
    expect(app).toMatchObject({ name: '新住户', phoneMask: '133****5678' });
    expect(JSON.stringify(app)).not.toContain(idNumber(4));
    const outsider = await t.login((await buildUser(t.db, 'grid_worker', '440305001002001')).username);
    const refused = await t.as(outsider, {
      method: 'POST',
      url: `/api/resident-applications/${app.id}/approve`,
      payload: { gridCode: person.grid },
    });
    expect(refused.statusCode).toBe(404);
    const approved = await t.as(worker, {
      method: 'POST',
      url: `/api/resident-applications/${app.id}/approve`,
      payload: { gridCode: person.grid },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const session = await t.login('newcomer', 'Blue-Sky-2026');
    expect(session.user).toMatchObject({ role: 'resident', areaCode: person.grid });
  });

  it('writes the message to the log in development', async () => {
    const lines: string[] = [];
    await new LogSmsSender((m) => lines.push(m)).send('13812345678', '验证码 123456');
    expect(lines).toEqual(['SMS to 138****5678: 验证码 123456']);
  });
});
