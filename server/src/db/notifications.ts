import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from './database.ts';

export interface Listener {
  /** Listening now: every change committed from now on will be told. */
  readonly connected: boolean;
  /**
   * Resolves once every notification committed before the call has been handed to `onNotify`:
   * a round trip on the listening connection, as PostgreSQL delivers the notifications it holds
   * for a session before it reports that session's query done.
   */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * LISTEN on a PostgreSQL channel with a dedicated connection, reconnecting when it drops.
 * This is how one instance learns what another changed (NOTIFY is sent inside the writer's
 * transaction, so it arrives only once the change is committed). `onNotify()` without a payload
 * means "anything may have changed": on every (re)connection, as notifications sent while not
 * listening are lost.
 */
export function listen(url: string, channel: string, onNotify: (payload?: string) => void): Listener {
  let client: pg.Client | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;

  const connect = async () => {
    if (closed) return;
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => onNotify(message.payload));
    next.on('error', () => {
      if (client === next) client = null;
      next.end().catch(() => {});
      if (!closed) timer = setTimeout(connect, 1000);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      client = next;
      onNotify();
    } catch {
      next.end().catch(() => {});
      if (!closed) timer = setTimeout(connect, 1000);
    }
  };
  let inFlight: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const roundTrip = async () => {
    try {
      await client?.query('select 1');
    } catch {
      // A lost connection drops every answer on reconnecting.
    } finally {
      inFlight = null;
    }
  };
  void connect();
  return {
    get connected() {
      return client !== null;
    },
    sync() {
      if (!client) return Promise.resolve();
      if (!inFlight) {
        inFlight = roundTrip();
        return inFlight;
      }
      // The round trip in flight may have left before the caller's change committed: the caller
      // waits for the next one, which every caller meanwhile shares.
      next ??= inFlight.then(() => {
        next = null;
        inFlight = roundTrip();
        return inFlight;
      });
      return next;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const last = client;
      client = null;
      await last?.end().catch(() => {});
    },
  };
}

/** NOTIFY `channel` once per payload, in one statement. */
export function notifyAll(db: Db, channel: string, payloads: string[]): Promise<unknown> {
  return sql`select pg_notify(${channel}, p) from unnest(${payloads}::text[]) as p`.execute(db);
}
