import { useSyncExternalStore } from 'react';
import { call, fetchSession, hasCsrfToken } from './api';
import { type OutboxItem, type SyncOutcome, syncOnce, type Transport } from './outbox';
import { store } from './store';

/** Blob → base64, for the visit API that takes its photos inside the JSON body. */
async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const transport: Transport = {
  async send(item: OutboxItem, path: string) {
    if (item.kind === 'attachment' && item.blob)
      return call(path, { method: 'POST', blob: item.blob, idempotencyKey: item.key });
    let json = item.body;
    if (item.kind === 'visit' && item.blob) {
      const photo = { fileName: 'photo.jpg', contentType: 'image/jpeg', data: await base64Of(item.blob) };
      json = { ...(item.body as object), photos: [photo] };
    }
    return call(path, { method: 'POST', json, idempotencyKey: item.key });
  },
  async fetchCurrent(item: OutboxItem) {
    // A move's path is /api/cases/{id}/{move}: show the case as it is now.
    const match = /^\/api\/cases\/([^/]+)\/[a-z_]+$/.exec(item.path);
    if (!match) return null;
    const answer = await call(`/api/cases/${match[1]}`);
    return answer.status === 200 ? answer.body : null;
  },
};

export interface SyncStatus {
  online: boolean;
  running: boolean;
  /** The server refused the session: the queue waits for a new login. */
  needsLogin: boolean;
  lastOutcome: SyncOutcome | null;
}

let status: SyncStatus = { online: navigator.onLine, running: false, needsLogin: false, lastOutcome: null };
const listeners = new Set<() => void>();
function update(patch: Partial<SyncStatus>) {
  status = { ...status, ...patch };
  for (const listener of listeners) listener();
}

export function useSyncStatus(): SyncStatus {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => status,
  );
}

let timer: ReturnType<typeof setTimeout> | null = null;
let again = false;

async function pass(): Promise<void> {
  if (!hasCsrfToken()) {
    const session = await fetchSession();
    if (session.offline) {
      update({ lastOutcome: 'offline' });
      return schedule();
    }
    if (!session.user) return update({ needsLogin: true, lastOutcome: 'unauthenticated' });
  }
  const outcome = await syncOnce(store, transport);
  update({ lastOutcome: outcome, needsLogin: outcome === 'unauthenticated' });
  if (outcome === 'offline') schedule();
}

/** Wakes the loop when the earliest waiting item is due again. */
async function schedule(): Promise<void> {
  if (timer) clearTimeout(timer);
  const waiting = (await store.all()).filter((i) => i.state === 'waiting');
  if (waiting.length === 0) return;
  const due = Math.min(...waiting.map((i) => i.nextAttemptAt));
  timer = setTimeout(() => void syncNow(), Math.max(1000, due - Date.now()));
}

/**
 * Sends the queue now if there is signal. One pass at a time across the app's tabs (Web Locks);
 * a request during a pass makes another pass follow, so nothing added meanwhile is left behind.
 */
export async function syncNow(): Promise<void> {
  if (!navigator.onLine || status.needsLogin) return;
  if (status.running) {
    again = true;
    return;
  }
  update({ running: true });
  try {
    do {
      again = false;
      if (navigator.locks) await navigator.locks.request('cg-field-outbox', pass);
      else await pass();
    } while (again);
  } finally {
    update({ running: false });
  }
}

/** After a new login: the queue may go again. */
export function resumeAfterLogin(): void {
  update({ needsLogin: false });
  void syncNow();
}

export function startSync(): void {
  window.addEventListener('online', () => {
    update({ online: true });
    void syncNow();
  });
  window.addEventListener('offline', () => update({ online: false }));
  // Coming back to the app (screen on, tab shown) is a good moment too.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void syncNow();
  });
  void syncNow();
}
