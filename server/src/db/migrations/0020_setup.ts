import { type Kysely, sql } from 'kysely';

/**
 * The one-time tokens of browser setup: a production server with no accounts issues one and
 * prints the URL that carries it. Only its SHA-256 is kept, so the database alone does not open
 * setup; a token works once (used_at) and for 24 hours at most (expires_at).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table setup_tokens (
      token_hash text primary key,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table setup_tokens`.execute(db);
}
