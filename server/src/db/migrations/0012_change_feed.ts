import { type Kysely, sql } from 'kysely';

/** Tables whose rows lie in a grid: a change names the grids it touched. */
const GRID_TABLES = ['buildings', 'houses', 'households', 'people', 'things', 'orgs', 'cases'];
/** Small reference tables read everywhere: a change to them may touch any answer. */
const SHARED_TABLES = ['tags', 'case_categories', 'departments', 'areas'];
const EVENTS = [
  ['insert', 'referencing new table as new_rows'],
  ['update', 'referencing old table as old_rows new table as new_rows'],
  ['delete', 'referencing old table as old_rows'],
] as const;

/**
 * The change feed: after every statement that changes a registry or case table, a NOTIFY on
 * `civicgrid_changes` says which table changed in which grids ("people 440305001001001,…", or
 * "tags *"). Statement-level triggers with transition tables, so a bulk import of 5,000 rows
 * sends one notification, not 5,000. Every instance listens and drops the cached answers the
 * change touches (platform/read-cache.ts). A payload past NOTIFY's 8,000 bytes becomes "*".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- One notification per statement, naming the grids it touched ("*" past NOTIFY's 8,000 bytes).
    create function notify_grids(changed_table text, grids text) returns void language plpgsql as $$
    begin
      if grids is null then
        return;
      end if;
      perform pg_notify('civicgrid_changes',
        changed_table || ' ' || case when length(grids) > 7900 then '*' else grids end);
    end $$;

    create function notify_changed_grids() returns trigger language plpgsql as $$
    declare
      grids text;
    begin
      if TG_OP = 'INSERT' then
        select string_agg(distinct grid_code, ',') into grids from new_rows;
      elsif TG_OP = 'DELETE' then
        select string_agg(distinct grid_code, ',') into grids from old_rows;
      else
        select string_agg(distinct g, ',') into grids
          from (select grid_code as g from new_rows union select grid_code from old_rows) both_rows;
      end if;
      perform notify_grids(TG_TABLE_NAME, grids);
      return null;
    end $$;

    -- A person's tags lie in the person's grid.
    create function notify_changed_person_tags() returns trigger language plpgsql as $$
    declare
      grids text;
    begin
      if TG_OP = 'INSERT' then
        select string_agg(distinct p.grid_code, ',') into grids
          from new_rows t join people p on p.id = t.person_id;
      else
        select string_agg(distinct p.grid_code, ',') into grids
          from old_rows t join people p on p.id = t.person_id;
      end if;
      perform notify_grids('person_tags', grids);
      return null;
    end $$;

    create function notify_changed_everywhere() returns trigger language plpgsql as $$
    begin
      perform pg_notify('civicgrid_changes', TG_TABLE_NAME || ' *');
      return null;
    end $$;
  `.execute(db);
  for (const table of GRID_TABLES)
    for (const [event, transition] of EVENTS)
      await sql
        .raw(
          `create trigger ${table}_${event}_changes after ${event} on ${table} ${transition}
           for each statement execute function notify_changed_grids()`,
        )
        .execute(db);
  for (const [event, transition] of EVENTS.filter(([e]) => e !== 'update'))
    await sql
      .raw(
        `create trigger person_tags_${event}_changes after ${event} on person_tags ${transition}
         for each statement execute function notify_changed_person_tags()`,
      )
      .execute(db);
  for (const table of SHARED_TABLES)
    await sql
      .raw(
        `create trigger ${table}_changes after insert or update or delete or truncate on ${table}
         for each statement execute function notify_changed_everywhere()`,
      )
      .execute(db);
  // A restore empties tables wholesale.
  for (const table of [...GRID_TABLES, 'person_tags'])
    await sql
      .raw(
        `create trigger ${table}_truncate_changes after truncate on ${table}
         for each statement execute function notify_changed_everywhere()`,
      )
      .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of GRID_TABLES)
    for (const [event] of EVENTS)
      await sql.raw(`drop trigger ${table}_${event}_changes on ${table}`).execute(db);
  for (const event of ['insert', 'delete'])
    await sql.raw(`drop trigger person_tags_${event}_changes on person_tags`).execute(db);
  for (const table of SHARED_TABLES) await sql.raw(`drop trigger ${table}_changes on ${table}`).execute(db);
  for (const table of [...GRID_TABLES, 'person_tags'])
    await sql.raw(`drop trigger ${table}_truncate_changes on ${table}`).execute(db);
  await sql`
    drop function notify_changed_grids();
    drop function notify_changed_person_tags();
    drop function notify_changed_everywhere();
    drop function notify_grids(text, text);
  `.execute(db);
}
