import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * The live updates of /api/cases/events (docs/cases.md): a change is sent only to callers who may
 * see the case — inside their area, and for a department handler of their department — and the
 * `waiting` count is the caller's inbox total. Over a real socket: the stream is hijacked, so
 * inject cannot read it.
 */

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(() => t.close());

interface Event {
  event: string;
  data: { caseId?: string; count?: number };
}

/** Reads the stream as it comes; `next` waits for the first event a predicate accepts. */
async function stream(session: Session) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/cases/events`, {
    headers: { cookie: session.cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const events: Event[] = [];
  const waiters: (() => void)[] = [];
  void (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          for (const wake of waiters.splice(0)) wake();
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted at the end of the test.
    }
  })();
  return {
    events,
    async next(accept: (e: Event) => boolean, from = 0): Promise<Event> {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const found = events.slice(from).find(accept);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such event; got ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    close: () => controller.abort(),
  };
}

async function grids() {
  const worker = await t.login('gw001');
  const other = await t.db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'grid')
    .where('code', '!=', worker.user.areaCode)
    .where('retired_at', 'is', null)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  return { worker, inside: worker.user.areaCode, outside: other.code };
}

describe('live case events', () => {
  it("never sends a change outside the caller's area, and the waiting count is the inbox's", async () => {
    const { worker, inside, outside } = await grids();
    const admin = await t.login('admin');
    const category = await t.db
      .selectFrom('case_categories')
      .select('code')
      .where('parent_code', 'is not', null)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const live = await stream(worker);
    await live.next((e) => e.event === 'waiting');
    const report = async (gridCode: string, text: string) => {
      const r = await t.as(admin, {
        method: 'POST',
        url: '/api/cases',
        payload: { categoryCode: category.code, description: text, gridCode },
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    // Outside first: the bus keeps order, so once the inside change has arrived, the outside one
    // would have arrived before it.
    const away = await report(outside, '外网格事件');
    const home = await report(inside, '本网格事件');
    const at = live.events.length;
    const mine = await live.next((e) => e.event === 'case' && e.data.caseId === home);
    expect(mine.data).toMatchObject({ caseId: home, gridCode: inside });
    expect(live.events.some((e) => e.data.caseId === away)).toBe(false);

    const waiting = await live.next((e) => e.event === 'waiting', at);
    const inbox = await t.as(worker, { method: 'GET', url: '/api/cases/inbox?pageSize=1' });
    expect(waiting.data.count).toBe(inbox.json().total);
    live.close();
  });

  it("sends a department handler only their department's changes", async () => {
    const { inside } = await grids();
    const departments = await t.db
      .selectFrom('departments')
      .select('code')
      .orderBy('code')
      .limit(2)
      .execute();
    const [mine, theirs] = departments.map((d) => d.code);
    const handler = await buildUser(t.db, 'dept_handler', inside.slice(0, 12));
    await t.db.updateTable('users').set({ department_code: mine }).where('id', '=', handler.id).execute();
    const session = await t.login(handler.username);
    const live = await stream(session);
    await live.next((e) => e.event === 'waiting');
    const bus = t.app.cases.bus;
    const change = (caseId: string, departmentCode: string | null) =>
      bus.publish({ caseId, gridCode: inside, departmentCode, state: 'dispatched' });
    change('00000000-0000-4000-8000-000000000001', theirs);
    change('00000000-0000-4000-8000-000000000002', null);
    change('00000000-0000-4000-8000-000000000003', mine);
    await live.next((e) => e.event === 'case' && e.data.caseId === '00000000-0000-4000-8000-000000000003');
    expect(live.events.filter((e) => e.event === 'case').map((e) => e.data.caseId)).toEqual([
      '00000000-0000-4000-8000-000000000003',
    ]);
    live.close();
  });
});
