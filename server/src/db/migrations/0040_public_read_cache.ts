import { type Kysely, sql } from 'kysely';

/**
 * The change feed (0012) for the public answers the read cache keeps (platform/read-cache.ts):
 * - `questions`: a statement names the communities it touched (a question's area is its
 *   community; its grid may be unknown), so the public Q&A pages of other communities stay cached;
 * - `opendata_datasets` and `opendata_versions`: a dataset's settings or a new version may change
 *   any `datastore_search` answer. A version's rows never change once written.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function notify_changed_communities() returns trigger language plpgsql as $$
    declare
      communities text;
    begin
      if TG_OP = 'INSERT' then
        select string_agg(distinct community_code, ',') into communities from new_rows;
      elsif TG_OP = 'DELETE' then
        select string_agg(distinct community_code, ',') into communities from old_rows;
      else
        select string_agg(distinct c, ',') into communities
          from (select community_code as c from new_rows union select community_code from old_rows) both_rows;
      end if;
      perform notify_grids(TG_TABLE_NAME, communities);
      return null;
    end $$;

    create trigger questions_insert_changes after insert on questions
      referencing new table as new_rows for each statement execute function notify_changed_communities();
    create trigger questions_update_changes after update on questions
      referencing old table as old_rows new table as new_rows
      for each statement execute function notify_changed_communities();
    create trigger questions_delete_changes after delete on questions
      referencing old table as old_rows for each statement execute function notify_changed_communities();
    create trigger questions_truncate_changes after truncate on questions
      for each statement execute function notify_changed_everywhere();

    create trigger opendata_datasets_changes after insert or update or delete or truncate on opendata_datasets
      for each statement execute function notify_changed_everywhere();
    create trigger opendata_versions_changes after insert or update or delete or truncate on opendata_versions
      for each statement execute function notify_changed_everywhere();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger questions_insert_changes on questions;
    drop trigger questions_update_changes on questions;
    drop trigger questions_delete_changes on questions;
    drop trigger questions_truncate_changes on questions;
    drop trigger opendata_datasets_changes on opendata_datasets;
    drop trigger opendata_versions_changes on opendata_versions;
    drop function notify_changed_communities();
  `.execute(db);
}
