import { type Kysely, sql } from 'kysely';

/**
 * A second factor per user: the TOTP secret (encrypted like personal data, so that a copy of the
 * database does not hand out codes), when it was turned on, and the last time step a code was
 * accepted for, so that a code seen over someone's shoulder cannot be used a second time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table users
      add column totp_secret_enc text,
      add column totp_enabled_at timestamptz,
      add column totp_last_step bigint,
      add column password_changed_at timestamptz;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table users
      drop column totp_secret_enc,
      drop column totp_enabled_at,
      drop column totp_last_step,
      drop column password_changed_at;
  `.execute(db);
}
