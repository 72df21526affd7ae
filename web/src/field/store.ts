import { type DBSchema, openDB } from 'idb';
import { useSyncExternalStore } from 'react';
import { newItem, type OutboxItem, type OutboxStore } from './outbox';

/** The outbox in IndexedDB: it survives closing the app, a reboot, and a dead battery. */
interface FieldDb extends DBSchema {
  outbox: { key: string; value: OutboxItem };
}

const dbPromise = openDB<FieldDb>('civicgrid-field', 1, {
  upgrade(db) {
    db.createObjectStore('outbox', { keyPath: 'id' });
  },
});

let snapshot: OutboxItem[] = [];
const listeners = new Set<() => void>();
// Another tab of the app changes the same queue: its changes show here too.
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('cg-field-outbox');

async function refresh(): Promise<void> {
  const db = await dbPromise;
  snapshot = (await db.getAll('outbox')).sort((a, b) => a.seq - b.seq);
  for (const listener of listeners) listener();
}
if (channel) channel.onmessage = () => void refresh();

function changed() {
  channel?.postMessage('changed');
  return refresh();
}

export const store: OutboxStore = {
  async all() {
    return (await dbPromise).getAll('outbox');
  },
  async put(item) {
    await (await dbPromise).put('outbox', item);
    await changed();
  },
  async delete(id) {
    await (await dbPromise).delete('outbox', id);
    await changed();
  },
};

let lastSeq = 0;
/** Strictly increasing within this device, whatever the clock does. */
function nextSeq(): number {
  lastSeq = Math.max(lastSeq + 1, Date.now() * 100, ...snapshot.map((i) => i.seq + 1));
  return lastSeq;
}

/** Adds items to the queue in one transaction (a case and its photo go in together or not at all). */
export async function enqueue(
  ...fields: (Parameters<typeof newItem>[0] & { id?: string })[]
): Promise<OutboxItem[]> {
  const items = fields.map((f) => newItem(f, nextSeq()));
  const db = await dbPromise;
  const tx = db.transaction('outbox', 'readwrite');
  await Promise.all([...items.map((item) => tx.store.put(item)), tx.done]);
  await changed();
  return items;
}

export function useOutbox(): OutboxItem[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => snapshot,
  );
}

void refresh();
