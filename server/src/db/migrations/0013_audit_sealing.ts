import { type Kysely, sql } from 'kysely';

/**
 * The audit chain is sealed in batches instead of by each writer. Before, every audited write took
 * one lock to link its entry to the last one and held it until its transaction committed, so all
 * audited writes of the district queued on that lock. Now a writer only inserts its entry; a
 * sealer (platform/audit.ts `sealAudit`, every second in the server) links the entries committed
 * since in one statement, numbering them in `seal` order: the chain runs in seal order, not id
 * order, since a transaction that began first may commit last.
 *
 * The append-only guard allows exactly that one change: an unsealed entry gets its seal, its
 * previous hash and its hash, nothing else. Entries already chained are numbered in id order.
 * An application role that does not own the table (see 0006) now needs, besides SELECT and
 * INSERT, `UPDATE (seal, prev_hash, hash)` on audit_log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_log alter column hash drop not null, add column seal bigint;
    alter table audit_log disable trigger audit_log_append_only;
    update audit_log set seal = id;
    alter table audit_log enable trigger audit_log_append_only;
    create unique index audit_log_seal on audit_log (seal);
    create index audit_log_unsealed on audit_log (id) where seal is null;

    create function cg_audit_seal_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.seal is null and new.seal is not null and new.hash is not null
        and (new.id, new.at, new.actor_id, new.actor_name, new.role, new.ip, new.action,
             new.target_type, new.target_id, new.detail, new.result)
          is not distinct from
            (old.id, old.at, old.actor_id, old.actor_name, old.role, old.ip, old.action,
             old.target_type, old.target_id, old.detail, old.result) then
        return new;
      end if;
      raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
    end $$;
    drop trigger audit_log_append_only on audit_log;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function cg_audit_seal_only();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger audit_log_append_only on audit_log;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function cg_refuse_change();
    drop function cg_audit_seal_only();
    drop index audit_log_unsealed;
    drop index audit_log_seal;
    alter table audit_log drop column seal;
  `.execute(db);
}
