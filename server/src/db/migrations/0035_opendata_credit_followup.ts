import { type Kysely, sql } from 'kysely';

/**
 * Open data and credit follow-up: a case may be attributed to an organization (the shop whose
 * street occupation it was), recorded when it is closed. Credit records count such closed cases
 * (docs/credit.md, "Entries from case outcomes").
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table cases add column org_id uuid references orgs (id);
    create index cases_org_closed_idx on cases (org_id, closed_at) where org_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table cases drop column org_id`.execute(db);
}
