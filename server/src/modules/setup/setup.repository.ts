import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export async function hasAccounts(db: Db): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function anyDistrict(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'district')
    .orderBy('code')
    .limit(1)
    .executeTakeFirst();
  return row?.code ?? null;
}

/** Two setups at once (two terminals, a terminal and a browser) are done one after the other. */
export async function lockSetup(db: Db) {
  await sql`select pg_advisory_xact_lock(hashtext('civicgrid_setup'))`.execute(db);
}

/** The new token replaces every unused one: only the URL printed last works. */
export async function replaceTokens(db: Db, tokenHash: string, expiresAt: Date) {
  await db.deleteFrom('setup_tokens').where('used_at', 'is', null).execute();
  await db.insertInto('setup_tokens').values({ token_hash: tokenHash, expires_at: expiresAt }).execute();
}

export function findUsableToken(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('setup_tokens')
    .select(['expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Marks the token used in the statement that checks it, so it works once. */
export async function claimToken(db: Db, tokenHash: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('setup_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('token_hash')
    .executeTakeFirst();
  return row !== undefined;
}

export function insertAdmin(
  db: Db,
  admin: {
    username: string;
    displayName: string;
    passwordHash: string;
    areaCode: string;
    totpSecretEnc: string;
  },
) {
  return db
    .insertInto('users')
    .values({
      username: admin.username,
      display_name: admin.displayName,
      password_hash: admin.passwordHash,
      role: 'district_admin',
      area_code: admin.areaCode,
      totp_secret_enc: admin.totpSecretEnc,
      password_changed_at: new Date(),
    })
    .returning(['id', 'username'])
    .executeTakeFirstOrThrow();
}

/** An audit administrator: no one's to manage in the console (see docs/roles.md), made here. */
export function insertAuditor(
  db: Db,
  auditor: { username: string; displayName: string; passwordHash: string; areaCode: string },
) {
  return db
    .insertInto('users')
    .values({
      username: auditor.username,
      display_name: auditor.displayName,
      password_hash: auditor.passwordHash,
      role: 'audit_admin',
      area_code: auditor.areaCode,
      must_change_password: true,
    })
    .returning(['id', 'username'])
    .executeTakeFirstOrThrow();
}

export async function usernameTaken(db: Db, username: string): Promise<boolean> {
  return (
    (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) !==
    undefined
  );
}
