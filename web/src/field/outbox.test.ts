import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  newItem,
  type OutboxItem,
  type OutboxStore,
  pendingCount,
  retriedWithDependents,
  type SendResult,
  syncOnce,
  type Transport,
} from './outbox';

/** The outbox's storage kept in a Map (IndexedDB is not in Node); the same contract as outbox.idb.ts. */
class MapStore implements OutboxStore {
  readonly items = new Map<string, OutboxItem>();
  async all() {
    return [...this.items.values()].map((i) => ({ ...i }));
  }
  async put(item: OutboxItem) {
    this.items.set(item.id, { ...item });
  }
  async delete(id: string) {
    this.items.delete(id);
  }
  get(id: string) {
    return this.items.get(id)!;
  }
}

/**
 * A server that keeps answers per idempotency key, as server/src/platform/idempotency.ts does,
 * and a network that can be down or lose answers.
 */
class FakeServer implements Transport {
  online = true;
  /** The request reaches the server but its answer is lost on the way back. */
  loseNextAnswer = false;
  readonly created: { path: string; body: unknown }[] = [];
  readonly answers = new Map<string, SendResult>();
  readonly paths: string[] = [];
  respond: (path: string, body: unknown) => SendResult = (path) => ({
    status: 201,
    body: { id: `srv-${this.created.length + 1}`, path },
  });

  async send(item: OutboxItem, path: string): Promise<SendResult> {
    this.paths.push(path);
    if (!this.online) throw new TypeError('Failed to fetch');
    let answer = this.answers.get(item.key);
    if (!answer) {
      answer = this.respond(path, item.body);
      if (answer.status < 300) this.created.push({ path, body: item.body });
      if (answer.status < 500) this.answers.set(item.key, answer);
    }
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new TypeError('network changed');
    }
    return answer;
  }

  async fetchCurrent() {
    return { state: 'reopened', version: 7 };
  }
}

function queueCaseWithPhoto(store: MapStore, seq: number) {
  const kase = newItem({ kind: 'case', path: '/api/cases', body: { description: 'x' }, label: 'case' }, seq);
  const photo = newItem(
    {
      kind: 'attachment',
      path: '/api/cases/{parent}/attachments?fileName=photo.jpg',
      body: null,
      blob: new Blob(['jpeg']),
      dependsOn: kase.id,
      label: 'photo',
    },
    seq + 1,
  );
  return Promise.all([store.put(kase), store.put(photo)]).then(() => ({ kase, photo }));
}

describe('syncOnce', () => {
  it('keeps everything while offline and sends it in order, photo after its case, once online', async () => {
    const store = new MapStore();
    const server = new FakeServer();
    const { kase, photo } = await queueCaseWithPhoto(store, 1);
    server.online = false;
    expect(await syncOnce(store, server, 1000)).toBe('offline');
    expect(store.get(kase.id).state).toBe('waiting');
    expect(store.get(kase.id).nextAttemptAt).toBe(1000 + backoffMs(1));
    // The photo was never tried: it waits for its case.
    expect(server.paths).toEqual(['/api/cases']);
    expect(pendingCount(await store.all())).toBe(2);

    // Not due yet: nothing is sent.
    server.online = true;
    expect(await syncOnce(store, server, 1500)).toBe('offline');
    expect(server.created).toHaveLength(0);

    expect(await syncOnce(store, server, 1000 + backoffMs(1))).toBe('done');
    expect(store.get(kase.id)).toMatchObject({ state: 'sent', serverId: 'srv-1' });
    expect(store.get(photo.id)).toMatchObject({ state: 'sent' });
    expect(server.created.map((c) => c.path)).toEqual([
      '/api/cases',
      '/api/cases/srv-1/attachments?fileName=photo.jpg',
    ]);
    expect(pendingCount(await store.all())).toBe(0);

    // Another pass sends nothing again.
    await syncOnce(store, server, 10_000_000);
    expect(server.created).toHaveLength(2);
  });

  it('sends again with the same key when an answer was lost, and the server creates one case', async () => {
    const store = new MapStore();
    const server = new FakeServer();
    const { kase } = await queueCaseWithPhoto(store, 1);
    server.loseNextAnswer = true;
    expect(await syncOnce(store, server, 0)).toBe('offline');
    expect(store.get(kase.id).state).toBe('waiting');
    expect(await syncOnce(store, server, backoffMs(1))).toBe('done');
    expect(server.paths.filter((p) => p === '/api/cases')).toHaveLength(2);
    expect(server.created.filter((c) => c.path === '/api/cases')).toHaveLength(1);
    expect(store.get(kase.id).serverId).toBe('srv-1');
  });

  it('resends an item left "sending" by a closed app, under its key', async () => {
    const store = new MapStore();
    const server = new FakeServer();
    const item = newItem({ kind: 'case', path: '/api/cases', body: {}, label: 'c' }, 1);
    await store.put({ ...item, state: 'sending' });
    await syncOnce(store, server, 0);
    expect(store.get(item.id).state).toBe('sent');
  });

  it('shows a version conflict with the current record and never retries it by itself', async () => {
    const store = new MapStore();
    const server = new FakeServer();
    const move = newItem(
      { kind: 'move', path: '/api/cases/c1/verify', body: { version: 6 }, label: 'verify' },
      1,
    );
    const later = newItem({ kind: 'case', path: '/api/cases', body: {}, label: 'c' }, 2);
    await store.put(move);
    await store.put(later);
    server.respond = (path) =>
      path.endsWith('/verify')
        ? { status: 409, body: { code: 'version_conflict', detail: '该记录已被他人修改（当前版本 7）' } }
        : { status: 201, body: { id: 'srv-9' } };
    expect(await syncOnce(store, server, 0)).toBe('done');
    expect(store.get(move.id)).toMatchObject({
      state: 'conflict',
      errorCode: 'version_conflict',
      error: '该记录已被他人修改（当前版本 7）',
      current: { state: 'reopened', version: 7 },
    });
    // A conflict holds up nothing after it.
    expect(store.get(later.id).state).toBe('sent');
    await syncOnce(store, server, 10_000_000);
    expect(server.paths.filter((p) => p.endsWith('/verify'))).toHaveLength(1);

    // Retried by the worker with the version they now saw: a new key, the new body.
    const [again] = retriedWithDependents(await store.all(), move.id, { version: 7 });
    expect(again.key).not.toBe(move.key);
    expect(again).toMatchObject({ state: 'waiting', body: { version: 7 }, current: undefined });
  });

  it('marks a refused item failed with the message, and its photo with it', async () => {
    const store = new MapStore();
    const server = new FakeServer();
    server.respond = () => ({
      status: 422,
      body: { code: 'category_not_found', detail: '事件类别 x 不存在或已停用' },
    });
    const { kase, photo } = await queueCaseWithPhoto(store, 1);
    expect(await syncOnce(store, server, 0)).toBe('done');
    expect(store.get(kase.id)).toMatchObject({ state: 'failed', error: '事件类别 x 不存在或已停用' });
    expect(store.get(photo.id)).toMatchObject({ state: 'failed', errorCode: 'parent_failed' });
    expect(server.paths).toEqual(['/api/cases']);

    // Retrying the case brings its photo back into the queue behind it.
    const again = retriedWithDependents(await store.all(), kase.id);
    expect(again.map((i) => [i.id, i.state])).toEqual([
      [kase.id, 'waiting'],
      [photo.id, 'waiting'],
    ]);
  });

  it('stops at an ended session and keeps the item waiting for the next login', async () => {
    const store = new MapStore();
    const server = new FakeServer();
    server.respond = () => ({ status: 401, body: { code: 'unauthenticated', detail: '请先登录' } });
    const { kase } = await queueCaseWithPhoto(store, 1);
    expect(await syncOnce(store, server, 0)).toBe('unauthenticated');
    expect(store.get(kase.id)).toMatchObject({ state: 'waiting', nextAttemptAt: 0, attempts: 0 });
  });

  it('retries server errors with growing pauses', async () => {
    const store = new MapStore();
    const server = new FakeServer();
    server.respond = () => ({ status: 503, body: { code: 'unavailable' } });
    const item = newItem({ kind: 'case', path: '/api/cases', body: {}, label: 'c' }, 1);
    await store.put(item);
    await syncOnce(store, server, 0);
    await syncOnce(store, server, backoffMs(1));
    expect(store.get(item.id).attempts).toBe(2);
    expect(store.get(item.id).nextAttemptAt).toBe(backoffMs(1) + backoffMs(2));
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    expect(backoffMs(50)).toBe(5 * 60_000);
  });
});
