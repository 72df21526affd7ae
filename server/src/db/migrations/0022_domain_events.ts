import { type Kysely, sql } from 'kysely';

/**
 * Domain events: facts one module records for others to read later (an enforcement decision
 * against an organization, read by credit records), in the same transaction as the change. An
 * append-only log read by position: a reader keeps the last id it handled.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table domain_events (
      id bigserial primary key,
      kind text not null,
      -- What the event is about: e.g. 'org' and the organization's id.
      subject_type text not null,
      subject_id text not null,
      area_code text,
      payload jsonb not null default '{}',
      occurred_at timestamptz not null default now()
    );
    create index domain_events_kind_idx on domain_events (kind, id);
    create index domain_events_subject_idx on domain_events (subject_type, subject_id, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table domain_events`.execute(db);
}
