/**
 * The outbox: every write the field app makes goes here first (IndexedDB, see outbox.idb.ts) and
 * is sent by `syncOnce` when the phone has signal. Each item carries its own idempotency key, so
 * a send whose answer was lost is simply sent again and the server answers the first result
 * (exactly once). Items go in the order they were made; one that needs the server id of an
 * earlier one (a photo of a case reported offline) waits for it and takes its id.
 */

export type ItemState = 'waiting' | 'sending' | 'sent' | 'failed' | 'conflict';
export type ItemKind = 'case' | 'attachment' | 'visit' | 'visit_case' | 'move';

export interface OutboxItem {
  /** Local id, also how a later item names this one in `dependsOn`. */
  id: string;
  /** Creation order; items are sent in it. */
  seq: number;
  kind: ItemKind;
  /** Sent as `Idempotency-Key`; the same on every retry of this item. */
  key: string;
  method: 'POST';
  /** May contain `{parent}`, replaced by the server id of the item in `dependsOn`. */
  path: string;
  /** JSON body, or the photo for an attachment. */
  body: unknown;
  blob?: Blob;
  dependsOn?: string;
  /** What the worker sees in the queue, e.g. "上报：暴露垃圾". */
  label: string;
  state: ItemState;
  attempts: number;
  /** Epoch ms before which a failed send is not retried. */
  nextAttemptAt: number;
  createdAt: number;
  /** The id the server gave the created record. */
  serverId?: string;
  /** Why it failed, or what the conflict is, in the server's words. */
  error?: string;
  errorCode?: string;
  /** On a conflict: the record as it is now on the server (e.g. the case with its current state). */
  current?: unknown;
}

export interface OutboxStore {
  all(): Promise<OutboxItem[]>;
  put(item: OutboxItem): Promise<void>;
  delete(id: string): Promise<void>;
}

/** What came back for one send; status 0 is no answer at all (offline, timed out). */
export interface SendResult {
  status: number;
  body: unknown;
}

export interface Transport {
  send(item: OutboxItem, path: string): Promise<SendResult>;
  /** Reads a record fresh after a conflict, to show what it is now; null when it cannot. */
  fetchCurrent?(item: OutboxItem): Promise<unknown>;
}

export type SyncOutcome = 'done' | 'offline' | 'unauthenticated' | 'busy';

/** 2 s, 4 s, 8 s … at most 5 minutes between retries of an item the server could not take. */
export const backoffMs = (attempts: number) => Math.min(5 * 60_000, 2000 * 2 ** Math.max(0, attempts - 1));

export function newItem(
  fields: Pick<OutboxItem, 'kind' | 'path' | 'body' | 'label'> &
    Partial<Pick<OutboxItem, 'blob' | 'dependsOn' | 'id'>>,
  seq: number,
  now = Date.now(),
): OutboxItem {
  return {
    id: fields.id ?? crypto.randomUUID(),
    seq,
    kind: fields.kind,
    key: crypto.randomUUID(),
    method: 'POST',
    path: fields.path,
    body: fields.body,
    blob: fields.blob,
    dependsOn: fields.dependsOn,
    label: fields.label,
    state: 'waiting',
    attempts: 0,
    nextAttemptAt: 0,
    createdAt: now,
  };
}

interface ProblemBody {
  code?: string;
  detail?: string;
  title?: string;
}

const problemOf = (body: unknown): ProblemBody =>
  body && typeof body === 'object' ? (body as ProblemBody) : {};

/** The server answered, but not with success: which of our states that puts the item in. */
export function classify(result: SendResult): 'sent' | 'retry' | 'unauthenticated' | 'conflict' | 'failed' {
  const { status } = result;
  if (status >= 200 && status < 300) return 'sent';
  if (status === 0 || status >= 500 || status === 429 || status === 408) return 'retry';
  const code = problemOf(result.body).code;
  // The first copy of this very request is still running on the server: ask again shortly.
  if (code === 'idempotency_in_progress') return 'retry';
  // The session ended (or its CSRF token is stale): nothing is wrong with the item; log in again.
  if (status === 401 || code === 'csrf_invalid') return 'unauthenticated';
  if (code === 'version_conflict' || code === 'case_wrong_state') return 'conflict';
  return 'failed';
}

const pathFor = (item: OutboxItem, parent?: OutboxItem) =>
  parent?.serverId ? item.path.replace('{parent}', encodeURIComponent(parent.serverId)) : item.path;

/**
 * One pass over the queue: sends what is due, in order, each item at most once per pass. Stops at
 * the first item that could not be sent for want of signal (so later items never overtake it) or
 * because the session ended. A conflict or a refusal does not hold up the items after it, except
 * those that depend on it, which fail with it.
 */
export async function syncOnce(
  store: OutboxStore,
  transport: Transport,
  now = Date.now(),
): Promise<SyncOutcome> {
  const items = (await store.all()).sort((a, b) => a.seq - b.seq);
  const byId = new Map(items.map((i) => [i.id, i]));
  for (const item of items) {
    // A send cut short (the app closed mid-request) is sent again: the key makes that safe.
    if (item.state === 'sending') item.state = 'waiting';
    if (item.state !== 'waiting') continue;
    if (item.nextAttemptAt > now) return 'offline';
    const parent = item.dependsOn ? byId.get(item.dependsOn) : undefined;
    if (item.dependsOn) {
      if (!parent || parent.state === 'failed' || parent.state === 'conflict') {
        await store.put({
          ...item,
          state: 'failed',
          errorCode: 'parent_failed',
          error: parent?.error ?? 'parent_missing',
        });
        continue;
      }
      if (parent.state !== 'sent') return 'offline';
    }
    await store.put({ ...item, state: 'sending' });
    let result: SendResult;
    try {
      result = await transport.send(item, pathFor(item, parent));
    } catch {
      result = { status: 0, body: null };
    }
    const verdict = classify(result);
    const problem = problemOf(result.body);
    if (verdict === 'sent') {
      const id = (result.body as { id?: unknown } | null)?.id;
      const sent: OutboxItem = {
        ...item,
        state: 'sent',
        attempts: item.attempts + 1,
        serverId: typeof id === 'string' ? id : undefined,
        error: undefined,
        errorCode: undefined,
      };
      byId.set(item.id, sent);
      await store.put(sent);
    } else if (verdict === 'retry' || verdict === 'unauthenticated') {
      const attempts = verdict === 'retry' ? item.attempts + 1 : item.attempts;
      await store.put({
        ...item,
        state: 'waiting',
        attempts,
        nextAttemptAt: verdict === 'retry' ? now + backoffMs(attempts) : 0,
        errorCode: problem.code ?? (result.status === 0 ? 'network_error' : `http_${result.status}`),
        error: problem.detail,
      });
      return verdict === 'retry' ? 'offline' : 'unauthenticated';
    } else {
      const current =
        verdict === 'conflict' ? await transport.fetchCurrent?.(item).catch(() => null) : undefined;
      const ended: OutboxItem = {
        ...item,
        state: verdict,
        attempts: item.attempts + 1,
        errorCode: problem.code ?? `http_${result.status}`,
        error: problem.detail ?? problem.title ?? `HTTP ${result.status}`,
        current,
      };
      byId.set(item.id, ended);
      await store.put(ended);
    }
  }
  return 'done';
}

/**
 * A failed item the worker sends again (after the cause was fixed). A refusal created nothing and
 * the server keeps its answer under the old key, so the new attempt gets a new key. `body` replaces
 * the old one, e.g. a move with the version the conflict showed.
 */
export function retried(item: OutboxItem, body: unknown = item.body): OutboxItem {
  return {
    ...item,
    body,
    key: crypto.randomUUID(),
    state: 'waiting',
    nextAttemptAt: 0,
    error: undefined,
    errorCode: undefined,
    current: undefined,
  };
}

/** The item retried, and the items that failed only because it had: they go again after it. */
export function retriedWithDependents(items: OutboxItem[], id: string, body?: unknown): OutboxItem[] {
  const item = items.find((i) => i.id === id);
  if (!item) return [];
  const dependents = items.filter((i) => i.dependsOn === id && i.errorCode === 'parent_failed');
  return [retried(item, body ?? item.body), ...dependents.map((d) => retried(d))];
}

/** How many items still wait to go (the badge). */
export const pendingCount = (items: OutboxItem[]) =>
  items.filter((i) => i.state === 'waiting' || i.state === 'sending').length;
