import { type Kysely, sql } from 'kysely';

/**
 * The audit log: who did what, when, from where, and with what result. Append-only twice over:
 * a trigger refuses UPDATE, DELETE and TRUNCATE for everyone, the table's owner included, and the
 * privileges to do them are revoked from PUBLIC. In production run the application as a role that
 * does not own the tables (grant it SELECT, INSERT on audit_log and USAGE on its sequence): only
 * an owner or superuser can disable the trigger, and the hash chain (see platform/audit.ts) still
 * shows where rows were changed behind its back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_log (
      id bigserial primary key,
      at timestamptz not null,
      actor_id uuid,
      actor_name text,
      role text,
      ip text,
      action text not null,
      target_type text,
      target_id text,
      detail jsonb not null default '{}',
      result text not null check (result in ('ok', 'denied', 'failed')),
      prev_hash text,
      hash text not null
    );
    create index audit_log_at on audit_log (at);
    create index audit_log_actor on audit_log (actor_name, id);
    create index audit_log_action on audit_log (action, id);
    create index audit_log_target on audit_log (target_id, id) where target_id is not null;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function cg_refuse_change();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function cg_refuse_change();
    revoke update, delete, truncate on audit_log from public;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_log`.execute(db);
}
