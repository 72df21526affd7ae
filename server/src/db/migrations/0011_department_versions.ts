import { type Kysely, sql } from 'kysely';

/** Departments and professional forces become editable by administrators: versioned like the rest. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table departments
      add column version integer not null default 1,
      add column updated_at timestamptz not null default now();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table departments drop column version, drop column updated_at`.execute(db);
}
