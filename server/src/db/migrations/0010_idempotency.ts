import { type Kysely, sql } from 'kysely';

/**
 * Idempotency keys (IETF draft-ietf-httpapi-idempotency-key-header): one row per user and key,
 * inserted before the handler runs (so a concurrent duplicate finds it and waits its turn) and
 * completed with the response it gave, which a retry is answered with. Rows live 24 hours.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table idempotency_keys (
      user_id uuid not null references users (id) on delete cascade,
      key text not null,
      -- SHA-256 of method, path with query, and body: the same key for another request is refused.
      fingerprint text not null,
      status integer,
      content_type text,
      body text,
      created_at timestamptz not null default now(),
      completed_at timestamptz,
      primary key (user_id, key)
    );
    create index idempotency_keys_created_at on idempotency_keys (created_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table idempotency_keys`.execute(db);
}
