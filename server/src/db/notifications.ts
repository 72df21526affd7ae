import pg from 'pg';

/**
 * LISTEN on a PostgreSQL channel with a dedicated connection, reconnecting when it drops.
 * This is how one instance learns what another changed (NOTIFY is sent inside the writer's
 * transaction, so it arrives only once the change is committed).
 */
export function listen(
  url: string,
  channel: string,
  onNotify: (payload?: string) => void,
): { close(): Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;

  const connect = async () => {
    if (closed) return;
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => onNotify(message.payload));
    next.on('error', () => {
      next.end().catch(() => {});
      if (!closed) timer = setTimeout(connect, 1000);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      client = next;
      // Whatever changed while we were not listening is unknown: treat everything as changed.
      onNotify();
    } catch {
      next.end().catch(() => {});
      if (!closed) timer = setTimeout(connect, 1000);
    }
  };
  void connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
