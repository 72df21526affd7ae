import { type Kysely, sql } from 'kysely';

/**
 * Questions to a homeowners' committee (业委会): an owner of an estate asks its committee, often
 * about one line of a published statement. There is no committee account: community staff whose
 * area holds the estate answer on the committee's behalf, as they publish its statements.
 *
 * A committee question names its estate and the committee's name at asking (the answerer label);
 * a question about a line names the statement and the line, with a summary of the line as it was
 * published (published lines are immutable, so the summary stays true).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table questions drop constraint questions_answerer_kind_check;
    alter table questions add constraint questions_answerer_kind_check
      check (answerer_kind in ('deputy', 'department', 'committee'));
    alter table questions
      add column estate_id uuid references estates (id),
      add column committee_name text check (length(trim(committee_name)) > 0),
      add column statement_id uuid references disclosure_statements (id),
      add column line_id uuid references disclosure_lines (id),
      -- { period, revision, position, direction, category, amount (fen), occurredOn }
      add column line_summary jsonb,
      add constraint questions_committee_estate_check
        check ((answerer_kind = 'committee') = (estate_id is not null)),
      add constraint questions_committee_named_check
        check ((answerer_kind = 'committee') = (committee_name is not null)),
      add constraint questions_line_check
        check ((statement_id is null) = (line_id is null) and (line_id is null) = (line_summary is null)),
      add constraint questions_line_committee_check
        check (line_id is null or answerer_kind = 'committee');
    create index questions_estate_idx on questions (estate_id, state) where estate_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index questions_estate_idx;
    alter table questions
      drop constraint questions_line_committee_check,
      drop constraint questions_line_check,
      drop constraint questions_committee_named_check,
      drop constraint questions_committee_estate_check,
      drop column line_summary,
      drop column line_id,
      drop column statement_id,
      drop column committee_name,
      drop column estate_id;
    alter table questions drop constraint questions_answerer_kind_check;
    alter table questions add constraint questions_answerer_kind_check
      check (answerer_kind in ('deputy', 'department'));
  `.execute(db);
}
