import { type Kysely, sql } from 'kysely';

/**
 * Account administration: an account's work phone (encrypted like other personal phone numbers,
 * with a mask for lists), when it last logged in, and who created it. The search by text and by
 * area runs over a few thousand accounts at most: no index beyond the area's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table users
      add column work_phone_enc text,
      add column work_phone_mask text,
      add column last_login_at timestamptz,
      add column created_by uuid references users (id);
    create index users_area_idx on users (area_code text_pattern_ops);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index users_area_idx;
    alter table users
      drop column work_phone_enc,
      drop column work_phone_mask,
      drop column last_login_at,
      drop column created_by;
  `.execute(db);
}
